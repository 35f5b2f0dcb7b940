import { pixelToCamera, type Intrinsics } from '../camera';
import type { Pose3D, Vec2, Vec3 } from '../types';
import { presentJoint, withJoints } from './types';

/**
 * The point on the ray from the camera centre through `p`, at camera depth `depthMm`: p·z/p_z.
 * Every central camera — pinhole or with OpenCV distortion — images a ray to one pixel, because
 * distortion acts on (X/Z, Y/Z), which scaling leaves unchanged; so no intrinsics are needed.
 */
export function pointAtDepth(p: Vec3, depthMm: number): Vec3 {
  if (!(p[2] > 0))
    throw new RangeError(`a point at depth ${p[2]} mm has no ray in front of the camera`);
  if (!(depthMm > 0) || !Number.isFinite(depthMm)) {
    throw new RangeError(`the new depth must be a positive number of mm, got ${depthMm}`);
  }
  const s = depthMm / p[2];
  return [p[0] * s, p[1] * s, depthMm];
}

/** Ray drag, the default 3D tool: only the joint's depth changes, its projection stays put. */
export const rayDrag = (pose: Pose3D, joint: number, depthMm: number): Pose3D =>
  withJoints(pose, new Map([[joint, pointAtDepth(presentJoint(pose, joint), depthMm)]]));

/**
 * Depth after a vertical screen drag of `deltaPx` (positive: farther). Depth scales
 * exponentially — `pxPerDoubling` pixels double it — so the same gesture moves a joint by the same
 * share of its distance near or far, and no drag can push it through the camera.
 */
export function dragDepth(depthMm: number, deltaPx: number, pxPerDoubling = 200): number {
  if (!(pxPerDoubling > 0)) throw new RangeError(`pxPerDoubling must be > 0, got ${pxPerDoubling}`);
  return depthMm * 2 ** (deltaPx / pxPerDoubling);
}

/**
 * Puts a joint on the ray of a 2D label at its current depth: the one-click way to make a 3D
 * joint agree with its 2D label (reprojection error 0) before ray-dragging it.
 */
export function snapToLabelRay(pose: Pose3D, joint: number, uv: Vec2, intr: Intrinsics): Pose3D {
  const p = presentJoint(pose, joint);
  return withJoints(pose, new Map([[joint, pixelToCamera(uv, p[2], intr)]]));
}
