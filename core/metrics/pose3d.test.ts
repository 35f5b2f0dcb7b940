import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { posePairArb } from '../../test/helpers/poseArbitraries';
import { applySimilarity, procrustesAlign, rootAlign } from '../align';
import type { Mat3, Pose3D } from '../types';
import {
  AUC_THRESHOLDS_MM,
  jointErrors,
  mpjpe,
  paMpjpe,
  pck3d,
  rootRelativeErrors,
  pck3dErrors,
  procrustesErrors,
  pckAuc,
  pckCount,
  poseRoot2d,
  rootError,
} from './pose3d';

const gt: Pose3D = [
  [0, 0, 5000],
  [100, 0, 5000],
  [0, 400, 5000],
  [-100, 0, 5200],
];

describe('3D pose metrics', () => {
  it('MPJPE (Protocol 1) of a hand-checked example', () => {
    // Whole pose shifted by (1000, 0, 0) and joint 2 off by 30 mm in x: after root alignment
    // the errors are 0, 0, 30, 0 → 7.5 mm.
    const pred = gt.map(([x, y, z], j) => [x + 1000 + (j === 2 ? 30 : 0), y, z] as const);
    expect(jointErrors(pred, gt)[2]).toBeCloseTo(1030, 10);
    expect(mpjpe(pred, gt, [0])).toBeCloseTo(7.5, 10);
  });

  it('PA-MPJPE is unchanged when the prediction is rotated, scaled and shifted (property)', () => {
    const pred = gt.map(([x, y, z], j) => [x + j * 13, y - j * 7, z + (j % 2) * 40] as const);
    const base = paMpjpe(pred, gt);
    expect(base).toBeGreaterThan(0);
    const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
    fc.assert(
      fc.property(angle, angle, fc.double({ min: 0.1, max: 10, noNaN: true }), (a, b, s) => {
        const R: Mat3 = [
          [Math.cos(a), -Math.sin(a), 0],
          [Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), -Math.sin(b)],
          [Math.sin(a) * Math.sin(b), Math.cos(a) * Math.sin(b), Math.cos(b)],
        ];
        const moved = applySimilarity(pred, { R, s, t: [300, -200, 1000] });
        expect(paMpjpe(moved, gt)).toBeCloseTo(base, 6);
      }),
    );
  });

  it('MPJPE and PA-MPJPE of a pose against itself are 0', () => {
    expect(mpjpe(gt, gt, [0])).toBe(0);
    expect(paMpjpe(gt, gt)).toBeCloseTo(0, 9);
  });

  it('MRPE terms: root off by (30, −40, 120) mm → 130 mm, parts 30/40/120', () => {
    expect(rootError([30, -40, 5120], [0, 0, 5000])).toEqual({ total: 130, x: 30, y: 40, z: 120 });
  });

  it('3DPCK rel/abs/root and AUC of hand-checked errors', () => {
    const pred = gt.map(([x, y, z], j) => [x + 200, y, z + (j === 1 ? 160 : 0)] as const);
    // rel: root-aligned errors 0, 160, 0, 0 → 3 of 4 within 150 mm.
    expect(pck3d(pck3dErrors(pred, gt, [0], 'rel'))).toBe(75);
    // abs: every joint is ≥ 200 mm off.
    expect(pck3d(pck3dErrors(pred, gt, [0], 'abs'))).toBe(0);
    expect(pck3dErrors(pred, gt, [0], 'root')).toEqual([200]);
    // AUC over 0..150 step 5 of errors {0, 100}, counting error < t: 0 % at t = 0 (not even the
    // 0 mm root), 50 % for t = 5…100 (20 thresholds), 100 % for t = 105…150 (10) → (20·50 + 10·100)/31.
    expect(AUC_THRESHOLDS_MM).toHaveLength(31);
    expect(pckAuc([0, 100])).toBeCloseTo((20 * 50 + 10 * 100) / 31, 10);
  });

  it('counts an error of exactly the threshold as a miss (mpii_compute_3d_pck.m: error < 150)', () => {
    expect(pckCount([150, 149.999999])).toEqual({ hits: 1, total: 2 });
    expect(pck3d([0], 0)).toBe(0);
  });

  it('skips joints the label lacks, counts joints the prediction lacks as misses', () => {
    expect(pckCount([10, NaN, 200])).toEqual({ hits: 1, total: 2 });
    expect(pckCount([10, Infinity])).toEqual({ hits: 1, total: 2 });
    const lacking: Pose3D = [gt[0]!, [NaN, NaN, NaN], gt[2]!, gt[3]!];
    expect(jointErrors(lacking, gt)[1]).toBe(Infinity);
    expect(jointErrors(gt, lacking)[1]).toBeNaN();
    const pred: Pose3D = [gt[0]!, [NaN, NaN, NaN], gt[2]!, gt[3]!];
    expect(mpjpe(pred, gt, [0])).toBe(0);
  });

  it('refuses poses with different joint counts, naming both counts', () => {
    expect(() => mpjpe(gt.slice(0, 3), gt, [0])).toThrow(/3 joints, ground truth 4/);
  });
});

describe('poseRoot2d', () => {
  it('is the mean of the root joints, and names a joint the pose lacks', () => {
    const pose = [
      [0, 0],
      [2, 4],
      [4, 8],
    ] as const;
    expect(poseRoot2d(pose, [1, 2])).toEqual([3, 6]);
    expect(() => poseRoot2d(pose, [5])).toThrow('joint index 5 is outside a pose of 3 joints');
  });
});

describe('errors computed without building the aligned poses', () => {
  const c = fc.oneof(
    { weight: 20, arbitrary: fc.double({ min: -5000, max: 9000, noNaN: true }) },
    fc.constant(NaN),
    fc.constant(Infinity),
  );
  const pair = posePairArb(c, c, 1);

  it('are the errors between the root-aligned poses, bit for bit (property)', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom([0], [0, 0], [0, 1]), ([p, g], root) => {
        const r = root.filter((j) => j < p.length);
        fc.pre(r.length > 0);
        expect(rootRelativeErrors(p, g, r)).toEqual(jointErrors(rootAlign(p, r), rootAlign(g, r)));
      }),
    );
    expect(() => rootRelativeErrors([[0, 0, 0]], [], [0])).toThrow(RangeError);
  });

  it('after the Procrustes fit, are the errors of the aligned pose, bit for bit (property)', () => {
    fc.assert(
      fc.property(pair, ([p, g]) => {
        expect(procrustesErrors(p, g)).toEqual(jointErrors(procrustesAlign(p, g), g));
      }),
    );
    expect(() => procrustesErrors([[0, 0, 0]], [])).toThrow(RangeError);
  });
});
