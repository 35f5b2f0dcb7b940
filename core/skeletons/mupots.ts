import { defineSkeleton } from './types';

const MUPOTS_JOINTS = [
  ['Head_top', 'head_top'],
  ['Thorax', 'thorax'],
  ['R_Shoulder', 'r_shoulder'],
  ['R_Elbow', 'r_elbow'],
  ['R_Wrist', 'r_wrist'],
  ['L_Shoulder', 'l_shoulder'],
  ['L_Elbow', 'l_elbow'],
  ['L_Wrist', 'l_wrist'],
  ['R_Hip', 'r_hip'],
  ['R_Knee', 'r_knee'],
  ['R_Ankle', 'r_ankle'],
  ['L_Hip', 'l_hip'],
  ['L_Knee', 'l_knee'],
  ['L_Ankle', 'l_ankle'],
  ['Pelvis', 'pelvis'],
  ['Spine', 'spine'],
  ['Head', 'head'],
] as const;

const MUPOTS_BONES = [
  ['Head_top', 'Head'],
  ['Head', 'Thorax'],
  ['Thorax', 'Spine'],
  ['Spine', 'Pelvis'],
  ['Pelvis', 'R_Hip'],
  ['Pelvis', 'L_Hip'],
  ['R_Hip', 'R_Knee'],
  ['R_Knee', 'R_Ankle'],
  ['L_Hip', 'L_Knee'],
  ['L_Knee', 'L_Ankle'],
  ['Thorax', 'R_Shoulder'],
  ['R_Shoulder', 'R_Elbow'],
  ['R_Elbow', 'R_Wrist'],
  ['Thorax', 'L_Shoulder'],
  ['L_Shoulder', 'L_Elbow'],
  ['L_Elbow', 'L_Wrist'],
] as const;

const MUPOTS_FLIPS = [
  ['R_Shoulder', 'L_Shoulder'],
  ['R_Elbow', 'L_Elbow'],
  ['R_Wrist', 'L_Wrist'],
  ['R_Hip', 'L_Hip'],
  ['R_Knee', 'L_Knee'],
  ['R_Ankle', 'L_Ankle'],
] as const;

/** MuPoTS-3D, 17 joints (root: Pelvis at index 14), RootNet's `MuPoTS.py` order. */
export const MUPOTS_17 = defineSkeleton({
  id: 'mupots17',
  label: 'MuPoTS-17',
  source: '3DMPPE_ROOTNET_RELEASE data/MuPoTS/MuPoTS.py (joints_name, skeleton, flip_pairs)',
  joints: MUPOTS_JOINTS,
  bones: MUPOTS_BONES,
  flipPairs: MUPOTS_FLIPS,
  root: ['Pelvis'],
});

/** MuCo-3DHP, 21 joints: MuPoTS-17 plus hands and toes (root: Pelvis at 14), RootNet's `MuCo.py`. */
export const MUCO_21 = defineSkeleton({
  id: 'muco21',
  label: 'MuCo-21',
  source: '3DMPPE_ROOTNET_RELEASE data/MuCo/MuCo.py (joints_name, skeleton, flip_pairs)',
  joints: [
    ...MUPOTS_JOINTS,
    ['R_Hand', 'r_hand'],
    ['L_Hand', 'l_hand'],
    ['R_Toe', 'r_toe'],
    ['L_Toe', 'l_toe'],
  ],
  bones: [
    ...MUPOTS_BONES,
    ['R_Wrist', 'R_Hand'],
    ['L_Wrist', 'L_Hand'],
    ['R_Ankle', 'R_Toe'],
    ['L_Ankle', 'L_Toe'],
  ],
  flipPairs: [...MUPOTS_FLIPS, ['R_Hand', 'L_Hand'], ['R_Toe', 'L_Toe']],
  root: ['Pelvis'],
});
