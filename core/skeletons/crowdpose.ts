import { defineSkeleton } from './types';

/**
 * CrowdPose, 14 joints in the order of its annotation files' `categories[0].keypoints` (the
 * AI Challenger joints: twelve limb joints, then head top and neck). No pelvis: the root is the
 * mid-hip point. The neck is the base of the neck, mapped onto the thorax key as Human3.6M's
 * "Neck" is; CrowdPose's "head" is the top of the head (MMPose calls it `top_head`).
 */
export const CROWDPOSE_14 = defineSkeleton({
  id: 'crowdpose14',
  label: 'CrowdPose-14',
  source:
    'CrowdPose annotation files (Jeff-sjtu/CrowdPose) categories[0].keypoints; bones as MMPose configs/_base_/datasets/crowdpose.py',
  joints: [
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
    ['head', 'head_top'],
    ['neck', 'thorax'],
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
    ['head', 'neck'],
    ['right_shoulder', 'neck'],
    ['left_shoulder', 'neck'],
  ],
  flipPairs: [
    ['left_shoulder', 'right_shoulder'],
    ['left_elbow', 'right_elbow'],
    ['left_wrist', 'right_wrist'],
    ['left_hip', 'right_hip'],
    ['left_knee', 'right_knee'],
    ['left_ankle', 'right_ankle'],
  ],
  root: ['left_hip', 'right_hip'],
  // crowdpose-api (crowdposetools/cocoeval.py, computeOks): COCO's limb constants, 0.079 for head and neck.
  oksSigmas: {
    values: [
      0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089, 0.079,
      0.079,
    ],
    source: 'CrowdPose crowdpose-api crowdposetools/cocoeval.py computeOks',
  },
});
