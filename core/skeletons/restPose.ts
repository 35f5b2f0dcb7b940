import type { Pose3D, Vec3 } from '../types';
import type { JointKey } from './jointKeys';
import type { Skeleton } from './types';

type Half = Partial<Record<string, Vec3>>;

/**
 * A neutral standing pose of an adult of about 1.75 m, hand-placed from average anthropometry,
 * in a body frame: origin at the pelvis, +y up, +z the way the person faces, +x the person's
 * left (mm). Shown in the skeleton reference and used as a default when a joint has to be drawn
 * before any data is loaded; never used as ground truth.
 */
const CENTRE: Partial<Record<JointKey, Vec3>> = {
  pelvis: [0, 0, 0],
  spine: [0, 230, -10],
  thorax: [0, 480, 0],
  upper_neck: [0, 545, 0],
  head: [0, 640, 10],
  nose: [0, 625, 100],
  head_top: [0, 770, 0],
};

/** Left side; the right side mirrors x. */
const LEFT: Half = {
  eye_inner: [15, 662, 85],
  eye: [33, 664, 80],
  eye_outer: [50, 662, 70],
  ear: [75, 640, 5],
  mouth: [22, 590, 88],
  shoulder: [175, 455, 0],
  elbow: [195, 185, -10],
  wrist: [205, -60, 20],
  hand: [210, -135, 30],
  pinky: [225, -150, 5],
  index: [205, -165, 50],
  thumb: [185, -105, 60],
  hip: [115, -20, 0],
  knee: [120, -455, 25],
  ankle: [125, -880, 0],
  heel: [125, -940, -55],
  toe: [135, -955, 135],
};

export function restPositionOf(key: JointKey): Vec3 {
  const c = CENTRE[key];
  if (c) return c;
  const side = key.slice(0, 2);
  const p = LEFT[key.slice(2)];
  if (!p || (side !== 'l_' && side !== 'r_')) {
    throw new Error(`no rest position for joint key "${key}"`);
  }
  return side === 'l_' ? p : [-p[0], p[1], p[2]];
}

/** The rest pose in a skeleton's own joint order. */
export const restPose = (skeleton: Skeleton): Pose3D =>
  skeleton.joints.map((j) => restPositionOf(j.key));
