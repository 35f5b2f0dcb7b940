import fc from 'fast-check';
import type { Intrinsics } from '../../core/camera';
import { mulMat3 } from '../../core/linalg/vec';
import { DOFS, JOINT_LIMITS, type Dof } from '../../core/synth/jointLimits';
import { bodyDims, forwardKinematics, rotX, rotY, transformBody } from '../../core/synth/rig';
import type { Pose3D } from '../../core/types';

/**
 * fast-check arbitraries for geometry property tests: cameras as pose datasets have them, and
 * people in MuPoTS-17 order posed by core/synth's rig within its joint limits, facing roughly
 * towards the camera, 2–9 m in front of it (camera space, mm).
 */

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });

export const pinholeArb: fc.Arbitrary<Intrinsics> = fc
  .tuple(num(300, 3000), num(300, 3000), num(0, 2000), num(0, 2000))
  .map(([fx, fy, cx, cy]) => ({ f: [fx, fy], c: [cx, cy] }));

/** Pinhole or with OpenCV distortion of the size Human3.6M's cameras have. */
export const cameraArb: fc.Arbitrary<Intrinsics> = fc.oneof(
  pinholeArb,
  fc
    .tuple(pinholeArb, num(-0.3, 0.3), num(-0.3, 0.3), num(-0.01, 0.01), num(-0.002, 0.002))
    .map(([pin, k1, k2, k3, p]): Intrinsics => ({ ...pin, k: [k1, k2, k3], p: [p, -p / 2] })),
);

const anglesArb = fc.record(
  Object.fromEntries(DOFS.map((d) => [d, num(...JOINT_LIMITS[d])])) as Record<
    Dof,
    fc.Arbitrary<number>
  >,
);

export const personArb: fc.Arbitrary<Pose3D> = fc
  .tuple(
    anglesArb,
    num(1400, 2000),
    num(-180, 180),
    num(-1500, 1500),
    num(-400, 400),
    num(2000, 9000),
  )
  .map(([angles, stature, yaw, x, y, depth]) => {
    const body = forwardKinematics(angles, bodyDims(stature));
    // Body frame is y-up facing +z; the camera's is y-down looking along +z.
    return transformBody(body, mulMat3(rotX(180), rotY(yaw)), [x, y, depth]).joints;
  });

/**
 * Two poses of the same length (`minJoints` to 20 joints), x and y drawn from `xy` and depth
 * from `z`: a prediction and its label, for checking a metric against another way of computing
 * it.
 */
export const posePairArb = (
  xy: fc.Arbitrary<number>,
  z: fc.Arbitrary<number>,
  minJoints: number,
): fc.Arbitrary<[Pose3D, Pose3D]> =>
  fc.integer({ min: minJoints, max: 20 }).chain((n) => {
    const pose = fc.array(fc.tuple(xy, xy, z), { minLength: n, maxLength: n });
    return fc.tuple(pose, pose);
  });
