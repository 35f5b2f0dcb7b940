import { defineSkeleton } from './types';

/** Per-keypoint OKS constants σ_i of COCO-17 (cocoapi `COCOeval.kpt_oks_sigmas`). */
export const COCO_OKS_SIGMAS: readonly number[] = [
  0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087,
  0.087, 0.089, 0.089,
];

/**
 * COCO keypoints, 17 joints, in `person_keypoints_*.json` order. COCO has no pelvis: the root
 * is the mid-hip point (mean of left_hip and right_hip). OCHuman files use the same layout.
 */
export const COCO_17 = defineSkeleton({
  id: 'coco17',
  label: 'COCO-17',
  source: 'COCO 2017 person_keypoints categories[0].keypoints and .skeleton',
  joints: [
    ['nose', 'nose'],
    ['left_eye', 'l_eye'],
    ['right_eye', 'r_eye'],
    ['left_ear', 'l_ear'],
    ['right_ear', 'r_ear'],
    ['left_shoulder', 'l_shoulder'],
    ['right_shoulder', 'r_shoulder'],
    ['left_elbow', 'l_elbow'],
    ['right_elbow', 'r_elbow'],
    ['left_wrist', 'l_wrist'],
    ['right_wrist', 'r_wrist'],
    ['left_hip', 'l_hip'],
    ['right_hip', 'r_hip'],
    ['left_knee', 'l_knee'],
    ['right_knee', 'r_knee'],
    ['left_ankle', 'l_ankle'],
    ['right_ankle', 'r_ankle'],
  ],
  bones: [
    ['left_ankle', 'left_knee'],
    ['left_knee', 'left_hip'],
    ['right_ankle', 'right_knee'],
    ['right_knee', 'right_hip'],
    ['left_hip', 'right_hip'],
    ['left_shoulder', 'left_hip'],
    ['right_shoulder', 'right_hip'],
    ['left_shoulder', 'right_shoulder'],
    ['left_shoulder', 'left_elbow'],
    ['right_shoulder', 'right_elbow'],
    ['left_elbow', 'left_wrist'],
    ['right_elbow', 'right_wrist'],
    ['left_eye', 'right_eye'],
    ['nose', 'left_eye'],
    ['nose', 'right_eye'],
    ['left_eye', 'left_ear'],
    ['right_eye', 'right_ear'],
    ['left_ear', 'left_shoulder'],
    ['right_ear', 'right_shoulder'],
  ],
  flipPairs: [
    ['left_eye', 'right_eye'],
    ['left_ear', 'right_ear'],
    ['left_shoulder', 'right_shoulder'],
    ['left_elbow', 'right_elbow'],
    ['left_wrist', 'right_wrist'],
    ['left_hip', 'right_hip'],
    ['left_knee', 'right_knee'],
    ['left_ankle', 'right_ankle'],
  ],
  root: ['left_hip', 'right_hip'],
  oksSigmas: { values: COCO_OKS_SIGMAS, source: 'cocoapi COCOeval Params.kpt_oks_sigmas' },
});
