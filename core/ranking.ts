import type { Pose3D } from './types';

/**
 * Pairwise depth ranking (DRPose3D: Wang et al., IJCAI 2018, "DRPose3D: Depth Ranking in 3D
 * Human Pose Estimation"). For camera-space joints with depths z_i (mm) and tolerance r:
 *   M_ij = +1 if z_i − z_j > r (joint i is behind joint j, farther from the camera),
 *   M_ij = −1 if z_j − z_i > r, and 0 when the two are within r of each other.
 * M = −Mᵀ by construction. Matrices are row-major J×J arrays.
 */
export const DEFAULT_RANKING_TOLERANCE_MM = 100;

export type Matrix = number[][];

export function depthRankingMatrix(pose: Pose3D, tolerance = DEFAULT_RANKING_TOLERANCE_MM): Matrix {
  return pose.map((a) =>
    pose.map((b) => {
      const dz = a[2] - b[2];
      return dz > tolerance ? 1 : -dz > tolerance ? -1 : 0;
    }),
  );
}

/**
 * Probabilistic form P_ij = P(joint i behind joint j), with P + Pᵀ = 1 and P_ii = ½.
 * Hard (default): P = (1 + M)/2 ∈ {0, ½, 1}, DRPose3D's training target with its "similar depth"
 * class at ½. With `softness` σ (mm): P_ij = 1/(1 + exp(−(z_i − z_j)/σ)), a graded target.
 */
export function depthRankingProbabilities(
  pose: Pose3D,
  opts: { tolerance?: number; softness?: number } = {},
): Matrix {
  const { softness } = opts;
  if (softness !== undefined) {
    if (!(softness > 0)) throw new RangeError(`softness must be > 0 mm, got ${softness}`);
    return pose.map((a) => pose.map((b) => 1 / (1 + Math.exp(-(a[2] - b[2]) / softness))));
  }
  return depthRankingMatrix(pose, opts.tolerance).map((row) => row.map((m) => (1 + m) / 2));
}

/**
 * Ranking matrix from network probabilities. Raw outputs need not satisfy P + Pᵀ = 1, so each
 * pair is first symmetrised to q_ij = (P_ij + 1 − P_ji)/2; then M_ij = sign(q_ij − ½) when
 * |q_ij − ½| > margin, else 0. The result is antisymmetric whatever the input.
 */
export function rankingFromProbabilities(p: Matrix, margin = 0): Matrix {
  const n = p.length;
  return p.map((row, i) => {
    if (row.length !== n) throw new RangeError(`ranking matrix row ${i} has ${row.length} of ${n}`);
    return row.map((pij, j) => {
      const q = (pij + 1 - p[j]![i]!) / 2 - 0.5;
      return Math.abs(q) > margin ? Math.sign(q) : 0;
    });
  });
}

export interface RankingAccuracy {
  readonly correct: number;
  readonly total: number;
  readonly accuracy: number;
}

/**
 * Pairwise depth-ranking accuracy: the share of joint pairs i < j whose predicted order equals the
 * ground-truth order (+1, −1 or 0). With `ignoreTies`, pairs that ground truth calls equal
 * (|Δz| ≤ r) are left out, as DRPose3D reports ordering accuracy on separable pairs.
 */
export function rankingAccuracy(pred: Matrix, gt: Matrix, ignoreTies = false): RankingAccuracy {
  if (pred.length !== gt.length) {
    throw new RangeError(`ranking matrices differ in size: ${pred.length} vs ${gt.length}`);
  }
  let correct = 0;
  let total = 0;
  for (let i = 0; i < gt.length; i++) {
    for (let j = i + 1; j < gt.length; j++) {
      const g = gt[i]![j]!;
      const q = pred[i]![j]!;
      if (!Number.isFinite(g) || !Number.isFinite(q) || (ignoreTies && g === 0)) continue;
      total++;
      if (q === g) correct++;
    }
  }
  return { correct, total, accuracy: total === 0 ? NaN : correct / total };
}

/** A pair's class in `depthRankingMatrix`: +1, −1, or 0 within the tolerance (or with a NaN). */
const rankClass = (za: number, zb: number, tolerance: number) => {
  const dz = za - zb;
  return dz > tolerance ? 1 : -dz > tolerance ? -1 : 0;
};

/**
 * `rankingAccuracy(depthRankingMatrix(pred), depthRankingMatrix(gt), ignoreTies)` pair by pair,
 * without building the two J×J matrices: scoring a run does this for every person, and the
 * matrices were a twentieth of its time.
 */
export function poseRankingAccuracy(
  pred: Pose3D,
  gt: Pose3D,
  ignoreTies = false,
  tolerance = DEFAULT_RANKING_TOLERANCE_MM,
): RankingAccuracy {
  if (pred.length !== gt.length) {
    throw new RangeError(`ranking matrices differ in size: ${pred.length} vs ${gt.length}`);
  }
  let correct = 0;
  let total = 0;
  for (let i = 0; i < gt.length; i++) {
    const gi = gt[i]![2];
    const pi = pred[i]![2];
    for (let j = i + 1; j < gt.length; j++) {
      const g = rankClass(gi, gt[j]![2], tolerance);
      if (ignoreTies && g === 0) continue;
      total++;
      if (rankClass(pi, pred[j]![2], tolerance) === g) correct++;
    }
  }
  return { correct, total, accuracy: total === 0 ? NaN : correct / total };
}
