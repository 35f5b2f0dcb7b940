import { isFiniteVec } from '../linalg/vec';
import type { Pose2D, Pose3D, Vec3 } from '../types';

/**
 * One person's editable joints, in core's conventions: camera space in millimetres and pixels,
 * NaN for a missing joint. Either channel may be absent (a COCO person has no 3D), as in the
 * contract's person label; the app turns its per-joint nulls into NaN and back.
 */
export interface PersonJoints {
  readonly joints3d: Pose3D | null;
  readonly joints2d: Pose2D | null;
  /** Per joint, COCO semantics: 0 absent, 1 occluded, 2 visible. Left out: not edited. */
  readonly vis?: readonly number[] | null;
  /** [x, y, width, height] in pixels. Left out: not edited. */
  readonly bbox?: readonly [number, number, number, number] | null;
  /** Whether the person is in the labels; false once deleted. Left out: not edited. */
  readonly present?: boolean;
}

/** Throws unless `joint` indexes a present (finite) joint of the pose; returns that joint. */
export function presentJoint(pose: Pose3D, joint: number): Vec3 {
  const p = pose[joint];
  if (!p) throw new RangeError(`joint ${joint} is outside a pose of ${pose.length} joints`);
  if (!isFiniteVec(p)) throw new RangeError(`joint ${joint} is missing (not finite)`);
  return p;
}

/** A copy of the pose with some joints replaced. */
export const withJoints = (pose: Pose3D, changes: ReadonlyMap<number, Vec3>): Pose3D =>
  pose.map((p, j) => changes.get(j) ?? p);
