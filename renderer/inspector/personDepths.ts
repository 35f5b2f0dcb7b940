import type { PersonLabel } from '../../contract';
import { poseRoot, type Vec3 } from '../../core';

/** The camera-space root of a pose, or undefined when a root joint is missing. */
export function rootOf(joints: PersonLabel['joints3d'], root: readonly number[]): Vec3 | undefined {
  if (!joints || root.some((r) => !joints[r])) return undefined;
  return poseRoot(joints as Vec3[], root);
}

/** Each joint's depth relative to the pose's root (mm), null where a joint is missing. */
export function relativeDepths(joints: PersonLabel['joints3d'], root: Vec3 | undefined) {
  if (!joints || !root) return null;
  return joints.map((j) => (j ? j[2] - root[2] : null));
}
