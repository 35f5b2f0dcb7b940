import { projectPose, pixelToCamera, type Intrinsics } from '../camera';
import { restPose } from '../skeletons/restPose';
import type { Skeleton } from '../skeletons/types';
import type { Pose2D, Pose3D } from '../types';
import type { Box } from './record';
import type { PersonJoints } from './types';

/** A new person's labels: where the user starts correcting from, not a guess at their pose. */
export interface PlacedPerson extends PersonJoints {
  readonly joints2d: Pose2D;
  readonly vis: readonly number[];
  readonly bbox: Box;
}

/**
 * The skeleton's neutral standing pose fitted to a box drawn on the image, facing the camera.
 * With the camera known, the pose is placed in 3D at the depth where its height fills the box
 * (depth = f·height / box height), its middle on the ray through the box's centre, and the 2D is
 * its projection; without one, the pose is scaled to the box's height in 2D only.
 */
export function placePerson(skeleton: Skeleton, box: Box, intr: Intrinsics | null): PlacedPerson {
  const [bx, by, bw, bh] = box;
  if (!(bw > 0 && bh > 0))
    throw new RangeError(`a person needs a box with area, got ${box.join(', ')}`);
  // Body frame (+x the person's left, +y up, +z facing) to camera axes (x right, y down, z
  // away), facing the camera: a rotation by half a turn about x.
  const body = restPose(skeleton).map(([x, y, z]) => [x, -y, -z] as const);
  const ys = body.map((p) => p[1]);
  const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
  const vis = body.map(() => 2);
  if (!intr) {
    // Scaled to the box's height and centred across it: stretching to the width as well would
    // spread the arms to the box's edges.
    const s = bh / (bottom - top);
    const xs = body.map((p) => p[0]);
    const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
    const joints2d = body.map(
      ([x, y]) => [bx + bw / 2 + (x - mid) * s, by + (y - top) * s] as const,
    );
    return { joints3d: null, joints2d, vis, bbox: box };
  }
  const depth = (intr.f[1] * (bottom - top)) / bh;
  const centre = pixelToCamera([bx + bw / 2, by + bh / 2], depth, intr);
  const middle = (top + bottom) / 2;
  const joints3d: Pose3D = body.map(
    ([x, y, z]) => [centre[0] + x, centre[1] + y - middle, centre[2] + z] as const,
  );
  return { joints3d, joints2d: projectPose(joints3d, intr), vis, bbox: box };
}
