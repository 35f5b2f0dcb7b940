import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { posePairArb } from '../test/helpers/poseArbitraries';
import {
  depthRankingMatrix,
  depthRankingProbabilities,
  poseRankingAccuracy,
  rankingAccuracy,
  rankingFromProbabilities,
} from './ranking';
import type { Pose3D } from './types';

const pose: Pose3D = [
  [0, 0, 5000],
  [0, 0, 5050],
  [0, 0, 5300],
];

describe('depth ranking (DRPose3D)', () => {
  it('builds the hand-checked ranking matrix with tolerance 100 mm', () => {
    // z: 5000, 5050, 5300. 0 vs 1 within tolerance; 2 is behind both.
    expect(depthRankingMatrix(pose)).toEqual([
      [0, 0, -1],
      [0, 0, -1],
      [1, 1, 0],
    ]);
    expect(depthRankingMatrix(pose, 10)[1]![0]).toBe(1);
  });

  it('gives the probabilistic form: hard {0, ½, 1} and a soft logistic, both with P + Pᵀ = 1', () => {
    expect(depthRankingProbabilities(pose)).toEqual([
      [0.5, 0.5, 0],
      [0.5, 0.5, 0],
      [1, 1, 0.5],
    ]);
    const soft = depthRankingProbabilities(pose, { softness: 50 });
    // P_10 = σ((5050 − 5000)/50) = σ(1)
    expect(soft[1]![0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(soft[1]![0]! + soft[0]![1]!).toBeCloseTo(1, 12);
  });

  const z = fc.double({ min: 1000, max: 9000, noNaN: true });
  const poses = fc.array(fc.tuple(z, z, z), { minLength: 2, maxLength: 33 });

  it('is antisymmetric by construction (property), also from raw network probabilities', () => {
    fc.assert(
      fc.property(poses, fc.double({ min: 0, max: 300, noNaN: true }), (p, r) => {
        const m = depthRankingMatrix(p, r);
        m.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(-m[j]![i]! || 0)));
      }),
    );
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.array(unit, { minLength: 5, maxLength: 5 }), { minLength: 5, maxLength: 5 }),
        (p) => {
          const m = rankingFromProbabilities(p, 0.05);
          m.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(-m[j]![i]! || 0)));
        },
      ),
    );
  });

  it('round-trips: the ranking of the hard probabilities equals the ranking matrix', () => {
    fc.assert(
      fc.property(poses, (p) => {
        expect(rankingFromProbabilities(depthRankingProbabilities(p), 0.25)).toEqual(
          depthRankingMatrix(p).map((row) => row.map((v) => v || 0)),
        );
      }),
    );
  });

  it('scores pairwise accuracy over i < j, optionally ignoring ties', () => {
    const gt = depthRankingMatrix(pose);
    const flipped = depthRankingMatrix([pose[0]!, pose[1]!, [0, 0, 4000]]);
    // Pairs (0,1) tie = tie ✓, (0,2) −1 vs +1 ✗, (1,2) −1 vs +1 ✗ → 1/3.
    expect(rankingAccuracy(flipped, gt).accuracy).toBeCloseTo(1 / 3, 12);
    expect(rankingAccuracy(flipped, gt, true)).toEqual({ correct: 0, total: 2, accuracy: 0 });
    expect(rankingAccuracy(gt, gt).accuracy).toBe(1);
  });

  it('scores two poses pair by pair as the two matrices do (property), NaN depths included', () => {
    const zn = fc.oneof(z, fc.constant(NaN), fc.constant(5000));
    const pair = posePairArb(z, zn, 2);
    fc.assert(
      fc.property(
        pair,
        fc.boolean(),
        fc.double({ min: 0, max: 300, noNaN: true }),
        ([a, b], ties, r) => {
          expect(poseRankingAccuracy(a, b, ties, r)).toEqual(
            rankingAccuracy(depthRankingMatrix(a, r), depthRankingMatrix(b, r), ties),
          );
        },
      ),
    );
    expect(() => poseRankingAccuracy(pose, pose.slice(1))).toThrow(RangeError);
  });
});
