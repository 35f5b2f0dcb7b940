import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rootAlign } from '../align';
import type { Pose3D, Vec3 } from '../types';
import {
  accelErrorsOf,
  computeErrorAccel,
  meanVelocityError,
  pooledAccelError,
  pooledVelocityError,
  poseResidual,
  rootRelativeResidual,
  temporalChain,
  type TemporalChain,
} from './temporal';

/** A one-joint sequence from its positions. */
const track = (...xs: Vec3[]): Pose3D[] => xs.map((p) => [p]);

// The label walks 10 mm a frame along x; the prediction is (3, 4, 0) off in frame 1 only.
const gt = track([0, 0, 0], [10, 0, 0], [20, 0, 0], [30, 0, 0]);
const pred = track([0, 0, 0], [13, 4, 0], [20, 0, 0], [30, 0, 0]);

describe('MPJVE (VideoPose3D mean_velocity_error)', () => {
  it('averages the velocity difference over steps and joints', () => {
    // Velocities differ by (3, 4, 0), (−3, −4, 0) and 0: norms 5, 5, 0 → 10/3 mm a frame.
    expect(meanVelocityError(pred, gt)).toBeCloseTo(10 / 3, 12);
  });

  it('counts every joint, a still one too', () => {
    // A second joint predicted exactly: six terms, the same two of them 5 mm.
    const still: Vec3 = [0, 500, 0];
    const two = (s: Pose3D[]) => s.map((p) => [p[0]!, still]);
    expect(meanVelocityError(two(pred), two(gt))).toBeCloseTo(10 / 6, 12);
  });

  it('ignores an error that stays the same (a constant offset has no velocity)', () => {
    const shifted = gt.map((p) => p.map(([x, y, z]) => [x + 40, y - 7, z + 100] as const));
    expect(meanVelocityError(shifted, gt)).toBe(0);
  });

  it('is NaN for one frame (numpy: the mean of nothing) and refuses unequal lengths', () => {
    expect(meanVelocityError(pred.slice(0, 1), gt.slice(0, 1))).toBeNaN();
    expect(() => meanVelocityError(pred, gt.slice(1))).toThrow(/4 predicted frames but 3/);
  });

  it('passes over a joint missing in a frame the step uses', () => {
    const holed = pred.map((p, t) => (t === 2 ? [[NaN, 0, 0] as const] : p));
    // Steps 1→2 and 2→3 use frame 2: only 0→1 is left, 5 mm.
    expect(meanVelocityError(holed, gt)).toBe(5);
  });
});

describe('acceleration error (HMMR/VIBE compute_error_accel)', () => {
  it('gives one value per frame but the last two: ‖r_t − 2r_{t+1} + r_{t+2}‖', () => {
    // Residuals 0, (3, 4, 0), 0, 0: triples give −2·(3, 4, 0) → 10 and (3, 4, 0) → 5.
    expect(computeErrorAccel(gt, pred)).toEqual([10, 5]);
  });

  it('averages over joints within a frame', () => {
    const two = (s: Pose3D[]) => s.map((p) => [p[0]!, [1, 2, 3] as const]);
    expect(computeErrorAccel(two(gt), two(pred))).toEqual([5, 2.5]);
  });

  it('masks every triple that touches an invisible frame, all three frames of it', () => {
    const five = track([0, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 2], [0, 0, 0]);
    const zero = five.map(() => [[0, 0, 0] as const]);
    // Triples: (0,1,2) → |0 − 2 + 0| = 2, (1,2,3) → |1 − 0 + 2| = 3, (2,3,4) → |0 − 4 + 0| = 4.
    expect(computeErrorAccel(zero, five)).toEqual([2, 3, 4]);
    // Frame 4 invisible masks (2,3,4) only through its third frame: a three-argument
    // np.logical_or(invis, invis1, invis2) would keep it (4); the released code drops it.
    expect(computeErrorAccel(zero, five, [true, true, true, true, false])).toEqual([2, 3]);
    // Frame 0 invisible: only the first triple; no np.roll wrap-around reaches the others.
    expect(computeErrorAccel(zero, five, [false, true, true, true, true])).toEqual([3, 4]);
    expect(computeErrorAccel(zero, five, [true, true, false, true, true])).toEqual([]);
  });

  it('has no value under three frames', () => {
    expect(computeErrorAccel(gt.slice(0, 2), pred.slice(0, 2))).toEqual([]);
  });

  it('leaves out a frame whose every joint is missing', () => {
    const r = [poseResidual(pred[0]!, gt[0]!), Float64Array.of(NaN, 0, 0), new Float64Array(3)];
    expect(accelErrorsOf([...r, new Float64Array(3)])).toEqual([]);
  });
});

describe('aggregating chains as the official scripts do', () => {
  const chain = (group: string, frames: number, mpjve: number, accel: number[] = []) =>
    ({ group, frames, mpjve, accel }) satisfies TemporalChain;

  it('MPJVE: frame-weighted within an action, then the mean of the actions (VideoPose3D run.py)', () => {
    const chains = [
      chain('Walking', 3, 2),
      chain('Walking', 5, 4),
      chain('Eating', 2, 1),
      // One frame has no velocity: it weighs nothing.
      chain('Eating', 1, NaN),
    ];
    // Walking (3·2 + 5·4) / 8 = 3.25, Eating 1 → (3.25 + 1) / 2.
    expect(pooledVelocityError(chains)).toBe(2.125);
    expect(pooledVelocityError([chain('', 1, NaN)])).toBeNaN();
  });

  it('acceleration error: the mean over every frame of every chain (VIBE evaluate)', () => {
    expect(pooledAccelError([chain('', 4, 0, [1, 2]), chain('', 3, 0, [3])])).toBe(2);
    expect(pooledAccelError([chain('', 2, 0)])).toBeNaN();
  });

  it('builds a chain from residuals', () => {
    const c = temporalChain(
      pred.map((p, t) => poseResidual(p, gt[t]!)),
      'Walking',
    );
    expect(c).toEqual({ group: 'Walking', frames: 4, mpjve: 10 / 3, accel: [10, 5] });
  });
});

describe('root-relative residuals', () => {
  it('are the residuals of the root-aligned poses, bit for bit (property)', () => {
    const c = fc.oneof(
      { weight: 20, arbitrary: fc.double({ min: -5000, max: 9000, noNaN: true }) },
      fc.constant(NaN),
    );
    const pose = fc.array(fc.tuple(c, c, c), { minLength: 17, maxLength: 17 });
    fc.assert(
      fc.property(pose, pose, (p, g) => {
        expect(Array.from(rootRelativeResidual(p, g, [0]))).toEqual(
          Array.from(poseResidual(rootAlign(p, [0]), rootAlign(g, [0]))),
        );
      }),
    );
    expect(() => rootRelativeResidual([[0, 0, 0]], [], [0])).toThrow(RangeError);
    // And a plain residual is the plain difference, −0 and NaN kept.
    fc.assert(
      fc.property(pose, pose, (p, g) => {
        const r = poseResidual(p, g);
        p.forEach((q, j) =>
          q.forEach((v, k) => expect(Object.is(r[3 * j + k], v - g[j]![k]!)).toBe(true)),
        );
      }),
    );
    expect(Object.is(poseResidual([[-0, 1, 2]], [[0, 1, 2]])[0], -0)).toBe(true);
  });
});
