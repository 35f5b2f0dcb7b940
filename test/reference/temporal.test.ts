import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  accelErrorsOf,
  computeErrorAccel,
  createRng,
  meanVelocityError,
  pooledAccelError,
  pooledVelocityError,
  poseResidual,
  temporalChain,
  type Pose3D,
  type Rng,
} from '../../core';
import { explainSkip } from '../helpers/skip';

/**
 * PoseScope's temporal figures against temporal_reference.py, numpy written from VideoPose3D's
 * mean_velocity_error and run.py aggregation and VIBE's compute_error_accel and evaluate: random
 * sequences (seeded) with one and seventeen joints, random visibility, and sets of chains over
 * several actions. Python is only a test-time reference; it runs when /usr/bin/python3 has numpy.
 */

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./temporal_reference.py', import.meta.url));

function pythonSkip(): string | undefined {
  if (!existsSync(PYTHON)) return `needs ${PYTHON} with numpy for the temporal reference`;
  const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  return probe.status === 0
    ? undefined
    : `needs numpy in ${PYTHON} for the temporal reference (Debian's python3-numpy)`;
}
const skip = pythonSkip();

const sequence = (rng: Rng, frames: number, joints: number, sd: number): Pose3D[] => {
  const start = Array.from({ length: joints }, () => [0, 1, 2].map(() => rng.uniform(-900, 900)));
  return Array.from({ length: frames }, (_, t) =>
    start.map(([x, y, z]) => [x! + 7 * t + rng.normal(0, sd), y!, z! + rng.normal(0, sd)] as const),
  );
};

const rng = createRng(20250611);
const cases = [
  [3, 1],
  [4, 17],
  [12, 17],
  [25, 1],
  [40, 17],
  [9, 17],
].map(([frames, joints]) => {
  const gt = sequence(rng, frames!, joints!, 3);
  const pred = gt.map((pose) =>
    pose.map(([x, y, z]) => [x + rng.normal(0, 20), y + rng.normal(0, 20), z] as const),
  );
  const vis = gt.map(() => rng.next() < 0.8);
  return { gt, pred, vis };
});
const sets = [
  [
    ['Walking', 30],
    ['Walking', 7],
    ['Eating', 12],
    ['Eating', 2],
    ['Sitting', 5],
  ],
  [
    ['', 16],
    ['', 3],
  ],
].map((chains) =>
  chains.map(([group, frames]) => {
    const gt = sequence(rng, frames as number, 17, 4);
    return { group: group as string, gt, pred: sequence(rng, frames as number, 17, 15) };
  }),
);

describe.skipIf(skip !== undefined)('temporal figures against the numpy reference', () => {
  const run = () => {
    const r = spawnSync(PYTHON, [SCRIPT], {
      input: JSON.stringify({ cases, sets }),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`${SCRIPT} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as {
      cases: { mpjve: number; accel: number[]; accel_vis: number[] }[];
      sets: { MPJVE: number; accel_error: number }[];
    };
  };
  const expected = skip === undefined ? run() : { cases: [], sets: [] };
  const near = (actual: readonly number[], wanted: readonly number[]) => {
    expect(actual).toHaveLength(wanted.length);
    actual.forEach((v, i) => expect(Math.abs(v - wanted[i]!)).toBeLessThan(1e-9));
  };

  it('MPJVE and per-frame acceleration errors of each sequence, with and without a mask', () => {
    cases.forEach((c, k) => {
      const want = expected.cases[k]!;
      expect(Math.abs(meanVelocityError(c.pred, c.gt) - want.mpjve)).toBeLessThan(1e-9);
      near(computeErrorAccel(c.gt, c.pred), want.accel);
      near(computeErrorAccel(c.gt, c.pred, c.vis), want.accel_vis);
    });
  });

  it('cutting a track at its invisible frames drops exactly the triples VIBE masks', () => {
    cases.forEach((c, k) => {
      const chains: Float64Array[][] = [[]];
      c.pred.forEach((p, t) => {
        if (c.vis[t]) chains[chains.length - 1]!.push(poseResidual(p, c.gt[t]!));
        else chains.push([]);
      });
      near(
        chains.flatMap((ch) => accelErrorsOf(ch)),
        expected.cases[k]!.accel_vis,
      );
    });
  });

  it("a set's figures as run.py and VIBE's evaluate aggregate them", () => {
    sets.forEach((chains, k) => {
      const built = chains.map((c) =>
        temporalChain(
          c.pred.map((p, t) => poseResidual(p, c.gt[t]!)),
          c.group,
        ),
      );
      const want = expected.sets[k]!;
      expect(Math.abs(pooledVelocityError(built) - want.MPJVE)).toBeLessThan(1e-9);
      expect(Math.abs(pooledAccelError(built) - want.accel_error)).toBeLessThan(1e-9);
    });
  });
});

explainSkip(skip);
