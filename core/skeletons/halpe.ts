import { COCO_17 } from './coco';
import type { JointKey } from './jointKeys';
import { defineSkeleton } from './types';

const name = (i: number) => COCO_17.joints[i]!.name;

/**
 * Halpe-26 (AlphaPose's full-body body part): COCO-17, then head top, neck, mid-hip, big toes,
 * small toes and heels, in the order of the Halpe-FullBody README (joints 0–25). Names are the
 * snake_case ones AlphaPose and MMPose write (`LBigToe` in the README is `left_big_toe`); the
 * root is Halpe's own mid-hip joint. Neck is the base of the neck (the thorax key).
 */
export const HALPE_26 = defineSkeleton({
  id: 'halpe26',
  label: 'Halpe-26',
  source:
    'Halpe-FullBody README "Keypoints format" (joints 0–25); bones as MMPose configs/_base_/datasets/halpe26.py',
  joints: [
    ...COCO_17.joints.map((j): [string, JointKey] => [j.name, j.key]),
    ['head', 'head_top'],
    ['neck', 'thorax'],
    ['hip', 'pelvis'],
    ['left_big_toe', 'l_big_toe'],
    ['right_big_toe', 'r_big_toe'],
    ['left_small_toe', 'l_small_toe'],
    ['right_small_toe', 'r_small_toe'],
    ['left_heel', 'l_heel'],
    ['right_heel', 'r_heel'],
  ],
  bones: [
    ['left_ankle', 'left_knee'],
    ['left_knee', 'left_hip'],
    ['left_hip', 'hip'],
    ['right_ankle', 'right_knee'],
    ['right_knee', 'right_hip'],
    ['right_hip', 'hip'],
    ['head', 'neck'],
    ['neck', 'hip'],
    ['neck', 'left_shoulder'],
    ['left_shoulder', 'left_elbow'],
    ['left_elbow', 'left_wrist'],
    ['neck', 'right_shoulder'],
    ['right_shoulder', 'right_elbow'],
    ['right_elbow', 'right_wrist'],
    ['left_eye', 'right_eye'],
    ['nose', 'left_eye'],
    ['nose', 'right_eye'],
    ['left_eye', 'left_ear'],
    ['right_eye', 'right_ear'],
    ['left_ear', 'left_shoulder'],
    ['right_ear', 'right_shoulder'],
    ['left_ankle', 'left_big_toe'],
    ['left_ankle', 'left_small_toe'],
    ['left_ankle', 'left_heel'],
    ['right_ankle', 'right_big_toe'],
    ['right_ankle', 'right_small_toe'],
    ['right_ankle', 'right_heel'],
  ],
  flipPairs: [
    ...COCO_17.flipPairs.map(([a, b]): [string, string] => [name(a), name(b)]),
    ['left_big_toe', 'right_big_toe'],
    ['left_small_toe', 'right_small_toe'],
    ['left_heel', 'right_heel'],
  ],
  root: ['hip'],
  // The Halpe-FullBody evaluation's own constants (its cocoapi fork, computeOks, first 26 of the
  // 136-keypoint list, as in its commented 26-keypoint case): COCO's for joints 0–16, 0.08 for
  // head, neck and hip, 0.089 for the feet. MMPose's halpe26.py lists other values for 17–25.
  oksSigmas: {
    values: [
      0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107,
      0.087, 0.087, 0.089, 0.089, 0.08, 0.08, 0.08, 0.089, 0.089, 0.089, 0.089, 0.089, 0.089,
    ],
    source: 'Halpe-FullBody cocoapi/PythonAPI/pycocotools/cocoeval.py computeOks',
  },
});
