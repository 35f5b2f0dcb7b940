import { defineSkeleton } from './types';

/**
 * CMU Panoptic's "coco19" body (`hdPose3d_stage1_coco19`), 19 joints in the order of the
 * panoptic-toolbox README ("Skeleton Output Format": 0 Neck … 18 rEar). Neck is OpenPose's
 * base of the neck (the thorax key); BodyCenter, the "center of hips", is the pelvis and the root.
 * Bones are the toolbox's `body_edges` (python/demo_3Dkeypoints_reprojection_hd.py) plus the
 * eyes and ears as OpenPose draws them, so every joint hangs off the root.
 */
export const PANOPTIC_19 = defineSkeleton({
  id: 'panoptic19',
  label: 'Panoptic-19',
  source:
    'CMU-Perceptual-Computing-Lab/panoptic-toolbox README "Skeleton Output Format" (joints 0–18); bones as body_edges in python/demo_3Dkeypoints_reprojection_hd.py',
  joints: [
    ['Neck', 'thorax'],
    ['Nose', 'nose'],
    ['BodyCenter', 'pelvis'],
    ['lShoulder', 'l_shoulder'],
    ['lElbow', 'l_elbow'],
    ['lWrist', 'l_wrist'],
    ['lHip', 'l_hip'],
    ['lKnee', 'l_knee'],
    ['lAnkle', 'l_ankle'],
    ['rShoulder', 'r_shoulder'],
    ['rElbow', 'r_elbow'],
    ['rWrist', 'r_wrist'],
    ['rHip', 'r_hip'],
    ['rKnee', 'r_knee'],
    ['rAnkle', 'r_ankle'],
    ['lEye', 'l_eye'],
    ['lEar', 'l_ear'],
    ['rEye', 'r_eye'],
    ['rEar', 'r_ear'],
  ],
  bones: [
    ['Neck', 'Nose'],
    ['Neck', 'lShoulder'],
    ['lShoulder', 'lElbow'],
    ['lElbow', 'lWrist'],
    ['Neck', 'BodyCenter'],
    ['BodyCenter', 'lHip'],
    ['lHip', 'lKnee'],
    ['lKnee', 'lAnkle'],
    ['BodyCenter', 'rHip'],
    ['rHip', 'rKnee'],
    ['rKnee', 'rAnkle'],
    ['Neck', 'rShoulder'],
    ['rShoulder', 'rElbow'],
    ['rElbow', 'rWrist'],
    ['Nose', 'lEye'],
    ['lEye', 'lEar'],
    ['Nose', 'rEye'],
    ['rEye', 'rEar'],
  ],
  flipPairs: [
    ['lShoulder', 'rShoulder'],
    ['lElbow', 'rElbow'],
    ['lWrist', 'rWrist'],
    ['lHip', 'rHip'],
    ['lKnee', 'rKnee'],
    ['lAnkle', 'rAnkle'],
    ['lEye', 'rEye'],
    ['lEar', 'rEar'],
  ],
  root: ['BodyCenter'],
});
