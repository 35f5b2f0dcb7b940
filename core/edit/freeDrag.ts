import type { Intrinsics } from '../camera';
import { isFiniteVec } from '../linalg/vec';
import type { Pose3D, Vec2, Vec3 } from '../types';
import { reprojectionError } from './feedback';
import { presentJoint, withJoints } from './types';

export interface FreeDragResult {
  readonly pose: Pose3D;
  /** Pixels between the moved joint's projection and its 2D label; NaN with no label. */
  readonly reprojectionErrorPx: number;
}

/**
 * Free 3D drag (the gizmo): the joint goes exactly where it is put, and the error it now has
 * against its 2D label is returned so the UI can show what the move costs in the image.
 */
export function freeDrag(
  pose: Pose3D,
  joint: number,
  target: Vec3,
  intr: Intrinsics,
  label?: Vec2,
): FreeDragResult {
  presentJoint(pose, joint);
  if (!isFiniteVec(target)) throw new RangeError('the drag target must be a finite 3D point');
  return {
    pose: withJoints(pose, new Map([[joint, target]])),
    reprojectionErrorPx: label ? reprojectionError(target, label, intr) : NaN,
  };
}
