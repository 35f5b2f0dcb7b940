import { cameraToPixel, type Intrinsics } from '../camera';
import { dist3, isFiniteVec } from '../linalg/vec';
import type { Pose2D, Pose3D, Vec2, Vec3 } from '../types';

/**
 * Pixels between a 3D joint's projection and its 2D label. NaN when either is missing; +∞ for a
 * joint at or behind the camera plane, whose "projection" would land mirrored and look fine.
 */
export function reprojectionError(p: Vec3, uv: Vec2, intr: Intrinsics): number {
  if (!isFiniteVec(p) || !isFiniteVec(uv)) return NaN;
  if (!(p[2] > 0)) return Infinity;
  const q = cameraToPixel(p, intr);
  return Math.hypot(q[0] - uv[0], q[1] - uv[1]);
}

/** {@link reprojectionError} for every joint of a person. */
export function reprojectionErrors(pose3d: Pose3D, pose2d: Pose2D, intr: Intrinsics): number[] {
  if (pose3d.length !== pose2d.length) {
    throw new RangeError(`3D pose has ${pose3d.length} joints, 2D pose ${pose2d.length}`);
  }
  return pose3d.map((p, j) => reprojectionError(p, pose2d[j]!, intr));
}

/**
 * Length of every kinematic-tree bone (mm), indexed by its child joint: entry j is the bone
 * parents[j] → j, NaN for root joints and missing joints. Indexing by child gives each bone one
 * slot in a tree, so lengths, medians and deviations line up without a separate bone list.
 */
export const boneLengths = (pose: Pose3D, parents: readonly number[]): number[] =>
  parents.map((p, j) => (p < 0 ? NaN : dist3(pose[j]!, pose[p]!)));

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Median length of each bone over a set of poses (a person's frames, or a whole dataset), in
 * the layout of {@link boneLengths}. The median, not the mean, so the few wrong labels the user
 * is hunting do not drag the reference towards themselves.
 */
export function medianBoneLengths(poses: readonly Pose3D[], parents: readonly number[]): number[] {
  const per = parents.map(() => [] as number[]);
  for (const pose of poses) {
    boneLengths(pose, parents).forEach((l, j) => {
      if (Number.isFinite(l)) per[j]!.push(l);
    });
  }
  return per.map(median);
}

export interface BoneDeviation {
  readonly parent: number;
  readonly child: number;
  readonly lengthMm: number;
  readonly medianMm: number;
  /** length − median (mm): positive when the bone is too long. */
  readonly deviationMm: number;
  /** deviation ÷ median: 0.2 means 20 % too long. */
  readonly relative: number;
}

/** Each tree bone of one pose against the median lengths from {@link medianBoneLengths}. */
export function boneDeviations(
  pose: Pose3D,
  parents: readonly number[],
  medianMm: readonly number[],
): BoneDeviation[] {
  const lengths = boneLengths(pose, parents);
  const out: BoneDeviation[] = [];
  parents.forEach((parent, child) => {
    if (parent < 0) return;
    const lengthMm = lengths[child]!;
    const m = medianMm[child] ?? NaN;
    out.push({
      parent,
      child,
      lengthMm,
      medianMm: m,
      deviationMm: lengthMm - m,
      relative: (lengthMm - m) / m,
    });
  });
  return out;
}
