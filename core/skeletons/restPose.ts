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
  lower_spine: [0, 110, -15],
  spine: [0, 230, -10],
  mid_spine: [0, 250, -15],
  upper_spine: [0, 320, -10],
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
  collar: [75, 440, 0],
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
  big_toe: [110, -955, 140],
  small_toe: [160, -950, 110],
  ...handRest(),
};

/**
 * The left hand's 21 keypoints (wrist, then thumb, index, middle, ring and little finger from
 * knuckle to tip), hanging down from the wrist with the palm facing the thigh.
 */
function handRest(): Half {
  const out: Half = { hand_0: [205, -70, 20] };
  const thumb: Vec3[] = [
    [195, -90, 45],
    [190, -110, 60],
    [185, -130, 70],
    [182, -150, 78],
  ];
  thumb.forEach((p, i) => (out[`hand_${1 + i}`] = p));
  // Index to little finger: knuckle x/z across the palm, then 25 mm (little: 18 mm) per segment.
  const fingers: [x: number, z: number, step: number][] = [
    [205, 50, 25],
    [212, 35, 27],
    [218, 20, 25],
    [225, 5, 18],
  ];
  fingers.forEach(([x, z, step], f) => {
    for (let s = 0; s < 4; s++) out[`hand_${5 + 4 * f + s}`] = [x, -155 - step * s, z];
  });
  return out;
}

/**
 * The 68 iBUG 300-W facial landmarks on a face of average size: jaw line (0–16, from the
 * person's right ear to the left), brows (17–26), nose (27–35), eyes (36–47, right eye first),
 * outer (48–59) and inner (60–67) lips. Face-on, the person's right is the image's left, so the
 * order runs from −x to +x.
 */
function faceRest(i: number): Vec3 | undefined {
  const ring = (n: number, k: number, cx: number, cy: number, rx: number, ry: number): Vec3 => {
    const a = Math.PI - (2 * Math.PI * k) / n;
    const x = cx + rx * Math.cos(a);
    return [x, cy + ry * Math.sin(a), 88 - (x * x) / 120];
  };
  if (i < 0 || !Number.isInteger(i)) return undefined;
  if (i <= 16) {
    const a = Math.PI + (Math.PI * i) / 16;
    const x = 70 * Math.cos(a);
    return [x, 640 + 80 * Math.sin(a), 80 - (x * x) / 70];
  }
  if (i <= 26) {
    const x = i <= 21 ? -55 + 10.75 * (i - 17) : 12 + 10.75 * (i - 22);
    return [x, 690, 88 - (x * x) / 120];
  }
  if (i <= 30) return [0, 675 - 13 * (i - 27), 95 + 5 * (i - 27)];
  if (i <= 35) return [-16 + 8 * (i - 31), 622, 98 - Math.abs(i - 33) * 3];
  if (i <= 41) return ring(6, i - 36, -33, 664, 12, 5);
  if (i <= 47) return ring(6, i - 42, 33, 664, 12, 5);
  if (i <= 59) return ring(12, i - 48, 0, 595, 25, 10);
  if (i <= 67) return ring(8, i - 60, 0, 595, 15, 4);
  return undefined;
}

export function restPositionOf(key: JointKey): Vec3 {
  const c = CENTRE[key as keyof typeof CENTRE];
  if (c) return c;
  const face = /^face_(\d+)$/.exec(key);
  const f = face ? faceRest(Number(face[1])) : undefined;
  if (f) return f;
  const side = key.slice(0, 2);
  const p = LEFT[key.slice(2)];
  if (!p || (side !== 'l_' && side !== 'r_')) {
    throw new Error(`no rest position for joint key "${key}"`);
  }
  return side === 'l_' ? p : [-p[0], p[1], p[2]];
}

function knownRest(key: JointKey): Vec3 | undefined {
  try {
    return restPositionOf(key);
  } catch {
    return undefined;
  }
}

/**
 * The rest pose in a skeleton's own joint order. Joints only a file-defined skeleton has (no
 * anatomy to place them by) sit near the joints they are linked to — the mean of their placed
 * neighbours, nudged apart so none hides another — and those linked to nothing placed stand in
 * a column beside the body, so the reference page still shows every joint.
 */
export function restPose(skeleton: Skeleton): Pose3D {
  const pose: (Vec3 | undefined)[] = skeleton.joints.map((j) => knownRest(j.key));
  const neighbours = skeleton.joints.map((): number[] => []);
  for (const [a, b] of skeleton.bones) {
    neighbours[a]?.push(b);
    neighbours[b]?.push(a);
  }
  for (let changed = true; changed;) {
    changed = false;
    const placed = pose.map((p, j) => {
      if (p) return p;
      const near = neighbours[j]!.map((k) => pose[k]).filter((q) => q !== undefined);
      if (near.length === 0) return undefined;
      changed = true;
      const mean = [0, 1, 2].map((d) => near.reduce((s, q) => s + q[d]!, 0) / near.length);
      return [mean[0]! + 25 * Math.cos(j), mean[1]! - 40, mean[2]! + 25 * Math.sin(j)] as Vec3;
    });
    placed.forEach((p, j) => (pose[j] = p));
  }
  let column = 0;
  return pose.map((p) => p ?? [450, 700 - 80 * column++, 0]);
}
