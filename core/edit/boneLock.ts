import {
  add3,
  dist3,
  isFiniteVec,
  mulMat3Vec3,
  rotationBetween,
  scale3,
  sub3,
} from '../linalg/vec';
import { descendants } from '../skeletons/tree';
import type { Pose3D, Vec3 } from '../types';
import { presentJoint } from './types';

/**
 * Bone-length lock: drags joint J towards `target` while every bone keeps its length.
 *
 * The subtree below parent(J) turns rigidly about parent(J): J lands on the sphere of radius
 * |J − parent(J)| around the parent, at the point nearest the target (where the ray from the
 * parent through the target meets it), and J's descendants turn with the same rotation. Turning
 * about the parent is the only rigid motion of the subtree that leaves the rest of the body
 * untouched — parent(J)→J is the one bone joining them — and the smallest rotation between the
 * old and new bone directions ({@link rotationBetween}) keeps the limb from also spinning about
 * its own length, so a dragged elbow carries the forearm along as a person's would.
 *
 * A root joint (parent −1) has no bone to pivot on, so it and its subtree translate to the
 * target. Bones outside the kinematic tree (the extra edges of COCO's torso loop) are not
 * constrained. A target at the parent itself leaves the pose unchanged: it names no direction.
 */
export function boneLockMove(
  pose: Pose3D,
  parents: readonly number[],
  joint: number,
  target: Vec3,
): Pose3D {
  const j = presentJoint(pose, joint);
  if (!isFiniteVec(target)) throw new RangeError('the drag target must be a finite 3D point');
  if (parents.length !== pose.length) {
    throw new RangeError(`skeleton has ${parents.length} joints, pose ${pose.length}`);
  }
  const below = descendants(parents, joint);
  const out = [...pose];
  const parent = parents[joint]!;
  if (parent < 0) {
    const shift = sub3(target, j);
    for (const k of [joint, ...below]) out[k] = add3(pose[k]!, shift);
    return out;
  }
  const p = presentJoint(pose, parent);
  const toTarget = sub3(target, p);
  const reach = dist3(target, p);
  if (reach === 0) return pose;
  const R = rotationBetween(sub3(j, p), toTarget);
  // J is placed on the sphere directly rather than through R, so its bone is exact to rounding.
  out[joint] = add3(p, scale3(toTarget, dist3(j, p) / reach));
  for (const k of below) out[k] = add3(p, mulMat3Vec3(R, sub3(pose[k]!, p)));
  return out;
}
