import { COCO_17, COCO_OKS_SIGMAS } from './coco';
import type { JointKey } from './jointKeys';
import { defineSkeleton } from './types';

const FINGERS = ['thumb', 'forefinger', 'middle_finger', 'ring_finger', 'pinky_finger'] as const;

/** One hand's 21 joints as MMPose names them, keyed by the OpenPose hand index. */
function hand(side: 'left' | 'right'): [string, JointKey][] {
  const s = side === 'left' ? 'l' : 'r';
  const out: [string, JointKey][] = [[`${side}_hand_root`, `${s}_hand_0`]];
  FINGERS.forEach((finger, f) => {
    for (let k = 1; k <= 4; k++) {
      const i = 1 + 4 * f + k - 1;
      // The index and little finger knuckles are BlazePose's "index" and "pinky" landmarks.
      const key: JointKey =
        finger === 'forefinger' && k === 1
          ? `${s}_index`
          : finger === 'pinky_finger' && k === 1
            ? `${s}_pinky`
            : `${s}_hand_${i}`;
      out.push([`${side}_${finger}${k}`, key]);
    }
  });
  return out;
}

/** Bones of one hand: the root to each finger's first joint, then along each finger. */
function handBones(side: 'left' | 'right'): [string, string][] {
  const out: [string, string][] = [[`${side}_wrist`, `${side}_hand_root`]];
  for (const finger of FINGERS) {
    out.push([`${side}_hand_root`, `${side}_${finger}1`]);
    for (let k = 1; k < 4; k++) out.push([`${side}_${finger}${k}`, `${side}_${finger}${k + 1}`]);
  }
  return out;
}

const handFlips = (): [string, string][] => [
  ['left_hand_root', 'right_hand_root'],
  ...FINGERS.flatMap((f) =>
    [1, 2, 3, 4].map((k): [string, string] => [`left_${f}${k}`, `right_${f}${k}`]),
  ),
];

/** One hand's σ_i (the same for both hands in COCO-WholeBody's evaluation). */
const HAND_SIGMAS = [
  0.029, 0.022, 0.035, 0.037, 0.047, 0.026, 0.025, 0.024, 0.035, 0.018, 0.024, 0.022, 0.026, 0.017,
  0.021, 0.021, 0.032, 0.02, 0.019, 0.022, 0.031,
];

const coco = COCO_17.joints.map((j): [string, JointKey] => [j.name, j.key]);
const name = (i: number) => COCO_17.joints[i]!.name;

/**
 * COCO-WholeBody, 133 keypoints: COCO-17 body, 6 foot, 68 face and 21 + 21 hand keypoints, in the
 * order its evaluation concatenates `keypoints`, `foot_kpts`, `face_kpts`, `lefthand_kpts` and
 * `righthand_kpts`. Names are MMPose's (`face-0` … `face-67`, `left_hand_root`,
 * `left_thumb1` …). Face landmarks map onto no body joint and hang off no bone, as MMPose draws
 * them; each hand hangs off its wrist (the hand root is the wrist in the hand model, a bone
 * MMPose does not draw). The root is the mid-hip point, as in COCO.
 */
export const WHOLEBODY_133 = defineSkeleton({
  id: 'wholebody133',
  label: 'COCO-WholeBody-133',
  source:
    'COCO-WholeBody data_format.md and evaluation/myeval_wholebody.py (part order); joint names and bones as MMPose configs/_base_/datasets/coco_wholebody.py',
  joints: [
    ...coco,
    ['left_big_toe', 'l_big_toe'],
    ['left_small_toe', 'l_small_toe'],
    ['left_heel', 'l_heel'],
    ['right_big_toe', 'r_big_toe'],
    ['right_small_toe', 'r_small_toe'],
    ['right_heel', 'r_heel'],
    ...Array.from({ length: 68 }, (_, i): [string, JointKey] => [`face-${i}`, `face_${i}`]),
    ...hand('left'),
    ...hand('right'),
  ],
  bones: [
    ...COCO_17.bones.map(([a, b]): [string, string] => [name(a), name(b)]),
    ['left_ankle', 'left_big_toe'],
    ['left_ankle', 'left_small_toe'],
    ['left_ankle', 'left_heel'],
    ['right_ankle', 'right_big_toe'],
    ['right_ankle', 'right_small_toe'],
    ['right_ankle', 'right_heel'],
    ...handBones('left'),
    ...handBones('right'),
  ],
  // Face landmarks mirror too (face-0 ↔ face-16, …) but have no side of the body: left out.
  flipPairs: [
    ...COCO_17.flipPairs.map(([a, b]): [string, string] => [name(a), name(b)]),
    ['left_big_toe', 'right_big_toe'],
    ['left_small_toe', 'right_small_toe'],
    ['left_heel', 'right_heel'],
    ...handFlips(),
  ],
  root: ['left_hip', 'right_hip'],
  // COCO-WholeBody evaluation/myeval_wholebody.py computeOks: body + foot + face + lefthand + righthand.
  oksSigmas: {
    values: [
      ...COCO_OKS_SIGMAS,
      ...[0.068, 0.066, 0.066, 0.092, 0.094, 0.094],
      ...[
        0.042, 0.043, 0.044, 0.043, 0.04, 0.035, 0.031, 0.025, 0.02, 0.023, 0.029, 0.032, 0.037,
        0.038, 0.043, 0.041, 0.045, 0.013, 0.012, 0.011, 0.011, 0.012, 0.012, 0.011, 0.011, 0.013,
        0.015, 0.009, 0.007, 0.007, 0.007, 0.012, 0.009, 0.008, 0.016, 0.01, 0.017, 0.011, 0.009,
        0.011, 0.009, 0.007, 0.013, 0.008, 0.011, 0.012, 0.01, 0.034, 0.008, 0.008, 0.009, 0.008,
        0.008, 0.007, 0.01, 0.008, 0.009, 0.009, 0.009, 0.007, 0.007, 0.008, 0.011, 0.008, 0.008,
        0.008, 0.01, 0.008,
      ],
      ...HAND_SIGMAS,
      ...HAND_SIGMAS,
    ],
    source: 'COCO-WholeBody evaluation/myeval_wholebody.py computeOks',
  },
});
