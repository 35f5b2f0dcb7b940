/**
 * Canonical anatomical joint keys. Datasets name the same landmark differently (Human3.6M's
 * "Neck" is MuPoTS's "Thorax", its "Head" is the head top, its "Torso" is the spine), so every
 * skeleton maps its own names onto these keys and mappings between skeletons go through them.
 * The equivalences follow the 3DMPPE (RootNet) and VideoPose3D conventions.
 */
export const JOINT_KEYS = [
  'pelvis',
  'lower_spine',
  'spine',
  'mid_spine',
  'upper_spine',
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
  'l_collar',
  'l_shoulder',
  'l_elbow',
  'l_wrist',
  'l_hand',
  'l_pinky',
  'l_index',
  'l_thumb',
  'r_collar',
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
  'l_big_toe',
  'l_small_toe',
  'r_hip',
  'r_knee',
  'r_ankle',
  'r_heel',
  'r_toe',
  'r_big_toe',
  'r_small_toe',
] as const;

/**
 * The 68 facial landmarks in the iBUG 300-W order (COCO-WholeBody `face-0` … `face-67`), by
 * their 0-based index: shared by whole-body layouts, mapped onto no body joint.
 */
export type FaceKey = `face_${number}`;
/**
 * The 21 hand keypoints of each hand in the OpenPose/CMU Panoptic hand order (0 the wrist, then
 * four per finger from thumb to little finger), by index; knuckles that body layouts also name
 * (BlazePose's index and pinky) use those keys instead.
 */
export type HandKey = `${'l' | 'r'}_hand_${number}`;

/** A joint only a file-defined skeleton has (`file_l_bigfinger`): its side, then its name. */
export type FileJointKey = `file_${'l' | 'r' | 'c'}_${string}`;

export type JointKey = (typeof JOINT_KEYS)[number] | FaceKey | HandKey | FileJointKey;
