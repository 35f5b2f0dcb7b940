import { add3, centroid, isFiniteVec, scale3, sub3 } from '../linalg/vec';
import type { Pose3D } from '../types';
import { pointAtDepth } from './rayDrag';

/**
 * How a person follows a new root depth.
 * - `translate` (default, the RootNet/HDNet convention that absolute = root-relative pose + root):
 *   the root slides along its own ray and every joint shifts by the same vector. Keeps every bone
 *   length and the pose's shape, and the root's 2D point exactly; other joints' 2D points move
 *   slightly (more the farther they are from the root and the larger the depth change).
 * - `scale`: every joint scales about the camera centre by z_new / z_root. Keeps every joint's 2D
 *   point exactly (each moves along its own ray) but scales every bone length by the same factor.
 */
export type RootDepthMode = 'translate' | 'scale';

/**
 * Sets the depth of a person's root — the mean of `root`'s joints, as skeletons define it — to
 * `depthMm`, camera space in millimetres like every joint (a UI taking metres multiplies by
 * 1000; a depth-bin click gives `binIndexToDepth`). The root's new position lies on its ray.
 */
export function setRootDepth(
  pose: Pose3D,
  root: readonly number[],
  depthMm: number,
  mode: RootDepthMode = 'translate',
): Pose3D {
  const r = centroid(pose, root);
  if (!isFiniteVec(r)) throw new RangeError('the root joints are missing: no root depth to set');
  if (mode === 'scale') {
    // Through pointAtDepth so both depths are checked as for the translate.
    const s = pointAtDepth(r, depthMm)[2] / r[2];
    return pose.map((p) => scale3(p, s));
  }
  const shift = sub3(pointAtDepth(r, depthMm), r);
  return pose.map((p) => add3(p, shift));
}
