/**
 * Canonical anatomical joint keys. Datasets name the same landmark differently (Human3.6M's
 * "Neck" is MuPoTS's "Thorax", its "Head" is the head top, its "Torso" is the spine), so every
 * skeleton maps its own names onto these keys and mappings between skeletons go through them.
 * The equivalences follow the 3DMPPE (RootNet) and VideoPose3D conventions.
 */
export const JOINT_KEYS = [
  'pelvis',
  'spine',
  'thorax',
  'upper_neck',
  'nose',
  'head',
  'head_top',
  'l_eye_inner',
  'l_eye',
  'l_eye_outer',
  'r_eye_inner',
  'r_eye',
  'r_eye_outer',
  'l_ear',
  'r_ear',
  'l_mouth',
  'r_mouth',
  'l_shoulder',
  'l_elbow',
  'l_wrist',
  'l_hand',
  'l_pinky',
  'l_index',
  'l_thumb',
  'r_shoulder',
  'r_elbow',
  'r_wrist',
  'r_hand',
  'r_pinky',
  'r_index',
  'r_thumb',
  'l_hip',
  'l_knee',
  'l_ankle',
  'l_heel',
  'l_toe',
  'r_hip',
  'r_knee',
  'r_ankle',
  'r_heel',
  'r_toe',
] as const;

export type JointKey = (typeof JOINT_KEYS)[number];
