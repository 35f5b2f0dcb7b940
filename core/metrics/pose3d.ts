import { similarityPoint, umeyama } from '../align';
import { centroid, dist3, length3 } from '../linalg/vec';
import type { Pose2D, Pose3D, Vec2, Vec3 } from '../types';

/** 3DPCK threshold used by MuPoTS-3D / MPI-INF-3DHP evaluations (mm). */
export const PCK3D_THRESHOLD_MM = 150;
/** AUC thresholds: 0, 5, …, 150 mm (Mehta et al. 2017, MPI-INF-3DHP). */
export const AUC_THRESHOLDS_MM: readonly number[] = Array.from({ length: 31 }, (_, i) => i * 5);

function checkPair(pred: Pose3D, gt: Pose3D): void {
  if (pred.length !== gt.length) {
    throw new RangeError(`prediction has ${pred.length} joints, ground truth ${gt.length}`);
  }
}

/**
 * Euclidean error of one joint ‖pred_j − gt_j‖ (mm): NaN where the ground truth lacks the joint (it
 * is not scored), +∞ where only the prediction lacks it — a miss for 3DPCK, as the official
 * scripts count a joint they cannot place, and passed over by means.
 */
export const jointError = (p: Vec3, g: Vec3): number =>
  jointErrorOf(p[0], p[1], p[2], g[0], g[1], g[2]);

/**
 * `jointError(sub3(p, rp), sub3(g, rg))` — a joint's error with each pose measured from its own
 * reference point — without building the two points.
 */
export const relativeJointError = (p: Vec3, rp: Vec3, g: Vec3, rg: Vec3): number =>
  jointErrorOf(p[0] - rp[0], p[1] - rp[1], p[2] - rp[2], g[0] - rg[0], g[1] - rg[1], g[2] - rg[2]);

/** `jointError` from the six coordinates, for callers that would otherwise build both points. */
export function jointErrorOf(
  px: number,
  py: number,
  pz: number,
  gx: number,
  gy: number,
  gz: number,
): number {
  if (!(Number.isFinite(gx) && Number.isFinite(gy) && Number.isFinite(gz))) return NaN;
  if (!(Number.isFinite(px) && Number.isFinite(py) && Number.isFinite(pz))) return Infinity;
  return length3(px - gx, py - gy, pz - gz);
}

/** `jointError` for every joint of a pose pair. */
export function jointErrors(pred: Pose3D, gt: Pose3D): number[] {
  checkPair(pred, gt);
  return pred.map((p, j) => jointError(p, gt[j]!));
}

/** Mean of the finite values (a joint missing on either side is passed over); NaN when none. */
export function finiteMean(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** Per-joint errors after subtracting each pose's own root: Protocol 1 (Ionescu et al. 2014). */
export function rootRelativeErrors(pred: Pose3D, gt: Pose3D, root: readonly number[]): number[] {
  checkPair(pred, gt);
  // `jointErrors(rootAlign(pred, root), rootAlign(gt, root))` with the same subtractions, but
  // without the two aligned poses: scoring a run does this for every person.
  const rp = centroid(pred, root);
  const rg = centroid(gt, root);
  return pred.map((p, j) => relativeJointError(p, rp, gt[j]!, rg));
}

/** MPJPE, Protocol 1: mean root-aligned joint error (mm). */
export const mpjpe = (pred: Pose3D, gt: Pose3D, root: readonly number[]): number =>
  finiteMean(rootRelativeErrors(pred, gt, root));

/** Per-joint errors after the similarity Procrustes fit of pred onto gt: Protocol 2. */
export function procrustesErrors(pred: Pose3D, gt: Pose3D): number[] {
  // `jointErrors(procrustesAlign(pred, gt), gt)`, one aligned point at a time.
  checkPair(pred, gt);
  const T = umeyama(pred, gt, true);
  const q: [number, number, number] = [0, 0, 0];
  return pred.map((p, j) => {
    const g = gt[j]!;
    similarityPoint(T, p, q);
    return jointErrorOf(q[0], q[1], q[2], g[0], g[1], g[2]);
  });
}

/** PA-MPJPE, Protocol 2: mean joint error after Umeyama similarity alignment (mm). */
export const paMpjpe = (pred: Pose3D, gt: Pose3D): number => finiteMean(procrustesErrors(pred, gt));

export interface RootError {
  /** ‖r_pred − r_gt‖ (mm): one instance's MRPE term. */
  readonly total: number;
  /** |Δx|, |Δy|, |Δz| (mm): the MRPE_x/y/z terms. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/**
 * Root position error of one person in camera space: the per-instance term of MRPE
 * (Moon et al., ICCV 2019, "Camera Distance-aware Top-down Approach", Sec. 6). MRPE is the
 * mean of `total` over instances; MRPE_x/y/z the means of the axis parts.
 */
export function rootError(predRoot: Vec3, gtRoot: Vec3): RootError {
  const x = Math.abs(predRoot[0] - gtRoot[0]);
  const y = Math.abs(predRoot[1] - gtRoot[1]);
  const z = Math.abs(predRoot[2] - gtRoot[2]);
  return { total: Math.hypot(x, y, z), x, y, z };
}

export const poseRoot = (pose: Pose3D, root: readonly number[]): Vec3 => centroid(pose, root);

/** The root of a 2D pose in pixels: the mean of its root joints, as `poseRoot` is in 3D. */
export function poseRoot2d(pose: Pose2D, root: readonly number[]): Vec2 {
  let u = 0;
  let v = 0;
  for (const j of root) {
    const p = pose[j];
    if (!p) throw new RangeError(`joint index ${j} is outside a pose of ${pose.length} joints`);
    u += p[0];
    v += p[1];
  }
  return [u / root.length, v / root.length];
}

export interface PckCount {
  readonly hits: number;
  readonly total: number;
}

/**
 * Whether a joint error counts as correct in 3DPCK: strictly under the threshold, as the
 * MPI-INF-3DHP / MuPoTS-3D scripts (`mpii_compute_3d_pck.m`) and MMPose's `keypoint_3d_pck`
 * count it. An error of exactly 150 mm is a miss, and a root at 0 mm misses at threshold 0.
 */
export const pck3dHit = (error: number, threshold: number): boolean => error < threshold;

/**
 * Joints under the threshold of those scored (NaN, a joint the ground truth lacks, is not; +∞ is
 * a miss). Summed over instances, hits/total is 3DPCK.
 */
export function pckCount(errors: readonly number[], threshold = PCK3D_THRESHOLD_MM): PckCount {
  let hits = 0;
  let total = 0;
  for (const e of errors) {
    if (Number.isNaN(e)) continue;
    total++;
    if (pck3dHit(e, threshold)) hits++;
  }
  return { hits, total };
}

export type Pck3dMode = 'rel' | 'abs' | 'root';

/**
 * Errors that 3DPCK counts in each mode (Mehta et al. 2017; Moon et al. 2019):
 * `rel` root-aligned joints, `abs` camera-space joints as predicted, `root` the root alone.
 */
export function pck3dErrors(
  pred: Pose3D,
  gt: Pose3D,
  root: readonly number[],
  mode: Pck3dMode,
): number[] {
  switch (mode) {
    case 'rel':
      return rootRelativeErrors(pred, gt, root);
    case 'abs':
      return jointErrors(pred, gt);
    case 'root':
      return [dist3(poseRoot(pred, root), poseRoot(gt, root))];
  }
}

/** 3DPCK (%) of one set of joint errors. */
export function pck3d(errors: readonly number[], threshold = PCK3D_THRESHOLD_MM): number {
  const { hits, total } = pckCount(errors, threshold);
  return total === 0 ? NaN : (100 * hits) / total;
}

/** 3DPCK (%) at each threshold: the curve whose mean is the AUC. */
export const pckCurve = (
  errors: readonly number[],
  thresholds: readonly number[] = AUC_THRESHOLDS_MM,
): number[] => thresholds.map((t) => pck3d(errors, t));

/** AUC (%): mean 3DPCK over thresholds 0, 5, …, 150 mm. */
export const pckAuc = (
  errors: readonly number[],
  thresholds: readonly number[] = AUC_THRESHOLDS_MM,
): number => finiteMean(pckCurve(errors, thresholds));
