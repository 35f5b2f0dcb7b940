import { add3, mulMat3, mulMat3Vec3, sub3 } from '../linalg/vec';
import { MUPOTS_17 } from '../skeletons/mupots';
import { restPositionOf } from '../skeletons/restPose';
import type { JointKey } from '../skeletons/jointKeys';
import type { Mat3, Pose3D, Vec3 } from '../types';
import { clampAngles, type PartialAngles } from './jointLimits';

/**
 * Segment offsets of one body (mm), each in its parent segment's frame with the limbs hanging
 * straight down at zero angles. Body frame as in `restPose`: +y up, +z the way the person faces,
 * +x the person's left; left-side offsets are given and the right side mirrors x.
 */
export interface BodyDims {
  readonly pelvisToSpine: Vec3;
  readonly spineToThorax: Vec3;
  readonly thoraxToHead: Vec3;
  readonly headToTop: Vec3;
  readonly headToNose: Vec3;
  readonly thoraxToShoulder: Vec3;
  readonly pelvisToHip: Vec3;
  readonly upperArm: number;
  readonly forearm: number;
  readonly hand: number;
  readonly thigh: number;
  readonly shin: number;
  /** From the ankle joint down to the sole, and the sole's extent behind and ahead of it. */
  readonly ankleHeight: number;
  readonly heelBack: number;
  readonly toeForward: number;
}

const rp = restPositionOf;
const len = (a: JointKey, b: JointKey) => Math.hypot(...sub3(rp(a), rp(b)));
/** Head top above the sole in the rest pose: the reference stature (about 1.72 m). */
export const REST_STATURE = rp('head_top')[1] - rp('l_toe')[1];

/**
 * A body of the given stature with the rest pose's proportions. Segment lengths are taken from
 * the rest pose joint to joint, so the synthetic people share its anthropometry.
 */
export function bodyDims(statureMm = REST_STATURE): BodyDims {
  const s = statureMm / REST_STATURE;
  const v = (p: Vec3): Vec3 => [p[0] * s, p[1] * s, p[2] * s];
  const ankle = rp('l_ankle');
  return {
    pelvisToSpine: v(sub3(rp('spine'), rp('pelvis'))),
    spineToThorax: v(sub3(rp('thorax'), rp('spine'))),
    thoraxToHead: v(sub3(rp('head'), rp('thorax'))),
    headToTop: v(sub3(rp('head_top'), rp('head'))),
    headToNose: v(sub3(rp('nose'), rp('head'))),
    thoraxToShoulder: v(sub3(rp('l_shoulder'), rp('thorax'))),
    pelvisToHip: v(sub3(rp('l_hip'), rp('pelvis'))),
    upperArm: s * len('l_shoulder', 'l_elbow'),
    forearm: s * len('l_elbow', 'l_wrist'),
    hand: s * len('l_wrist', 'l_hand'),
    thigh: s * len('l_hip', 'l_knee'),
    shin: s * len('l_knee', 'l_ankle'),
    ankleHeight: s * (ankle[1] - rp('l_toe')[1]),
    heelBack: s * (ankle[2] - rp('l_heel')[2]),
    toeForward: s * (rp('l_toe')[2] - ankle[2]),
  };
}

/** A posed body: the MuPoTS-17 joints plus the points a renderer needs to show which way it faces. */
export interface BodyPose {
  /** MuPoTS-17 order (mm). */
  readonly joints: Pose3D;
  /** Left then right: sole points under the heel and the toes, and the hand's end. */
  readonly heels: readonly [Vec3, Vec3];
  readonly toes: readonly [Vec3, Vec3];
  readonly hands: readonly [Vec3, Vec3];
  readonly nose: Vec3;
}

const rad = (deg: number) => (deg * Math.PI) / 180;
export function rotX(deg: number): Mat3 {
  const [c, s] = [Math.cos(rad(deg)), Math.sin(rad(deg))];
  return [
    [1, 0, 0],
    [0, c, -s],
    [0, s, c],
  ];
}
export function rotY(deg: number): Mat3 {
  const [c, s] = [Math.cos(rad(deg)), Math.sin(rad(deg))];
  return [
    [c, 0, s],
    [0, 1, 0],
    [-s, 0, c],
  ];
}
export function rotZ(deg: number): Mat3 {
  const [c, s] = [Math.cos(rad(deg)), Math.sin(rad(deg))];
  return [
    [c, -s, 0],
    [s, c, 0],
    [0, 0, 1],
  ];
}
const chain = (...ms: Mat3[]): Mat3 => ms.reduce((a, b) => mulMat3(a, b));
const at = (p: Vec3, R: Mat3, offset: Vec3): Vec3 => add3(p, mulMat3Vec3(R, offset));

/**
 * Forward kinematics: joint angles (clamped to their limits first) → joint positions in the body
 * frame, pelvis at the origin. Each segment's rotation composes flexion about x, then abduction
 * (or side bend) about z, then rotation (or twist) about the segment's long axis, in the frame
 * of its parent; the spine's angles are shared evenly by its lower and upper joint.
 */
export function forwardKinematics(angles: PartialAngles, dims: BodyDims): BodyPose {
  const a = clampAngles(angles);
  const pelvisR = rotX(a.pelvisTilt);
  const spineHalf = chain(rotX(a.spineFlex / 2), rotZ(-a.spineSide / 2), rotY(a.spineTwist / 2));
  const lowerR = mulMat3(pelvisR, spineHalf);
  const upperR = mulMat3(lowerR, spineHalf);
  const headR = chain(upperR, rotX(a.neckFlex), rotZ(-a.neckSide), rotY(a.neckTwist));

  const pos: Partial<Record<JointKey, Vec3>> = {};
  pos.pelvis = [0, 0, 0];
  pos.spine = at(pos.pelvis, pelvisR, dims.pelvisToSpine);
  pos.thorax = at(pos.spine, lowerR, dims.spineToThorax);
  pos.head = at(pos.thorax, upperR, dims.thoraxToHead);
  pos.head_top = at(pos.head, headR, dims.headToTop);
  const nose = at(pos.head, headR, dims.headToNose);

  const heels: Vec3[] = [];
  const toes: Vec3[] = [];
  const hands: Vec3[] = [];
  for (const side of ['l', 'r'] as const) {
    // The right side mirrors x, so abduction and rotation change sign with it.
    const m = side === 'l' ? 1 : -1;
    const mirror = (p: Vec3): Vec3 => [m * p[0], p[1], p[2]];
    const shoulder = at(pos.thorax, upperR, mirror(dims.thoraxToShoulder));
    const armR = chain(
      upperR,
      rotX(-a[`${side}ShoulderFlex`]),
      rotZ(m * a[`${side}ShoulderAbd`]),
      rotY(-m * a[`${side}ShoulderRot`]),
    );
    const elbow = at(shoulder, armR, [0, -dims.upperArm, 0]);
    const foreR = mulMat3(armR, rotX(-a[`${side}Elbow`]));
    const wrist = at(elbow, foreR, [0, -dims.forearm, 0]);
    hands.push(at(wrist, foreR, [0, -dims.hand, 0]));

    const hip = at(pos.pelvis, pelvisR, mirror(dims.pelvisToHip));
    const thighR = chain(
      pelvisR,
      rotX(-a[`${side}HipFlex`]),
      rotZ(m * a[`${side}HipAbd`]),
      rotY(-m * a[`${side}HipRot`]),
    );
    const knee = at(hip, thighR, [0, -dims.thigh, 0]);
    const shinR = mulMat3(thighR, rotX(a[`${side}Knee`]));
    const ankle = at(knee, shinR, [0, -dims.shin, 0]);
    const footR = mulMat3(shinR, rotX(-a[`${side}Ankle`]));
    heels.push(at(ankle, footR, [0, -dims.ankleHeight, -dims.heelBack]));
    toes.push(at(ankle, footR, [0, -dims.ankleHeight, dims.toeForward]));

    Object.assign(pos, {
      [`${side}_shoulder`]: shoulder,
      [`${side}_elbow`]: elbow,
      [`${side}_wrist`]: wrist,
      [`${side}_hip`]: hip,
      [`${side}_knee`]: knee,
      [`${side}_ankle`]: ankle,
    });
  }
  return {
    joints: MUPOTS_17.joints.map((j) => pos[j.key]!),
    heels: [heels[0]!, heels[1]!],
    toes: [toes[0]!, toes[1]!],
    hands: [hands[0]!, hands[1]!],
    nose,
  };
}

/** Applies p ↦ R·p + t to every point of a posed body. */
export function transformBody(body: BodyPose, R: Mat3, t: Vec3): BodyPose {
  const f = (p: Vec3) => at(t, R, p);
  const pair = (ps: readonly [Vec3, Vec3]) => [f(ps[0]), f(ps[1])] as const;
  return {
    joints: body.joints.map(f),
    heels: pair(body.heels),
    toes: pair(body.toes),
    hands: pair(body.hands),
    nose: f(body.nose),
  };
}

/** Height of the lowest sole point (heel or toe) in the body's frame. */
export const lowestSole = (body: BodyPose): number =>
  Math.min(...body.heels.map((p) => p[1]), ...body.toes.map((p) => p[1]));

/** Where a body stands: a point on the floor (world x, z in mm, y up) and a heading. */
export interface Placement {
  readonly x: number;
  readonly z: number;
  /** Heading about the vertical axis (degrees); 0 faces world +z. */
  readonly yaw: number;
}

/**
 * Puts a posed body in a y-up world, turned by its heading and lifted so its lowest sole point
 * rests on the floor at y = `floorY`: whatever the pose, nothing goes through the floor and
 * the supporting foot touches it.
 */
export function standOnFloor(body: BodyPose, where: Placement, floorY = 0): BodyPose {
  return transformBody(body, rotY(where.yaw), [where.x, floorY - lowestSole(body), where.z]);
}
