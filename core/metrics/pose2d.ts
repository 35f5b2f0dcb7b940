import type { BBox, Pose2D } from '../types';

const dist2 = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

export type Pck2dNorm =
  | { readonly kind: 'bbox'; readonly bbox: BBox }
  | { readonly kind: 'head'; readonly headSize: number };

/**
 * 2D PCK of one instance, joint by joint: true when ‖pred_j − gt_j‖ is within α·s, false when
 * not (a joint the prediction lacks is a miss), null when the joint is not scored (not labelled
 * visible). The comparison is each reference's own:
 * - `bbox`: s the box's longer side, distance < α·s strictly, as MMPose's `PCKAccuracy`
 *   (`_distance_acc`: `distances < thr`);
 * - `head`: s the head size (PCKh, Andriluka et al. 2014), distance ≤ α·s, as the evalMPII
 *   toolkit's `computePCK.m` (`d <= range(k)`).
 */
export function pck2dJoints(
  pred: Pose2D,
  gt: Pose2D,
  visible: readonly boolean[],
  norm: Pck2dNorm,
  alpha: number,
): (boolean | null)[] {
  if (pred.length !== gt.length || visible.length !== gt.length) {
    throw new RangeError(
      `2D PCK needs equal joint counts: pred ${pred.length}, gt ${gt.length}, visibility ${visible.length}`,
    );
  }
  const s = norm.kind === 'bbox' ? Math.max(norm.bbox[2], norm.bbox[3]) : norm.headSize;
  const threshold = alpha * s;
  return gt.map((g, j) => {
    if (!visible[j]) return null;
    const e = dist2(pred[j]!, g);
    if (!Number.isFinite(e)) return false;
    return norm.kind === 'bbox' ? e < threshold : e <= threshold;
  });
}

/** `pck2dJoints` counted: hits and the number of joints scored. */
export function pck2dCount(
  pred: Pose2D,
  gt: Pose2D,
  visible: readonly boolean[],
  norm: Pck2dNorm,
  alpha: number,
): { hits: number; total: number } {
  const joints = pck2dJoints(pred, gt, visible, norm, alpha);
  return {
    hits: joints.filter((h) => h === true).length,
    total: joints.filter((h) => h !== null).length,
  };
}

/**
 * COCO object keypoint similarity (cocoapi `COCOeval.computeOks`):
 * OKS = Σ_i exp(−d_i² / (2·s²·k_i²))·[v_i > 0] / Σ_i [v_i > 0], s² the object area, k_i = 2σ_i.
 * Returns NaN when the ground truth labels no keypoint.
 */
export function oks(
  pred: Pose2D,
  gt: Pose2D,
  visibility: readonly number[],
  area: number,
  sigmas: readonly number[],
): number {
  if (pred.length !== gt.length || sigmas.length !== gt.length || visibility.length !== gt.length) {
    throw new RangeError(
      `OKS needs equal joint counts: pred ${pred.length}, gt ${gt.length}, visibility ${visibility.length}, sigmas ${sigmas.length}`,
    );
  }
  let sum = 0;
  let n = 0;
  gt.forEach((g, i) => {
    if (!(visibility[i]! > 0)) return;
    const k = 2 * sigmas[i]!;
    const p = pred[i]!;
    const d2 = (p[0] - g[0]) ** 2 + (p[1] - g[1]) ** 2;
    sum += Number.isFinite(d2) ? Math.exp(-d2 / (k * k) / (area + Number.EPSILON) / 2) : 0;
    n++;
  });
  return n === 0 ? NaN : sum / n;
}
