import { defineSkeleton } from './types';

/**
 * SMPL's 24 body joints, as 3DPW's `jointPositions` hold them (N × 24·3, world metres): the
 * order of the SMPL kinematic tree (vchoutas/smplx smplx/joint_names.py,
 * `JOINT_NAMES_DICT['smpl']` = `SMPLH_JOINT_NAMES[:22]` + left_hand, right_hand; the 3DPW readme
 * gives `jointPositions` as the XYZ of each SMPL joint). Bones are SMPL's parent of each joint
 * (its `kintree_table`), so the tree hangs off the pelvis, the root. SMPL's neck is at the base
 * of the neck (the thorax key), its head the centre of the head, its foot the ball of the foot
 * (the toe key), its hand the middle of the palm; the spine and collar joints have keys of
 * their own that no other layout uses.
 */
export const SMPL_24 = defineSkeleton({
  id: 'smpl24',
  label: 'SMPL-24',
  source:
    "SMPL: vchoutas/smplx smplx/joint_names.py JOINT_NAMES_DICT['smpl'] (order), SMPL kintree_table parents (bones); 3DPW readme (jointPositions)",
  joints: [
    ['pelvis', 'pelvis'],
    ['left_hip', 'l_hip'],
    ['right_hip', 'r_hip'],
    ['spine1', 'lower_spine'],
    ['left_knee', 'l_knee'],
    ['right_knee', 'r_knee'],
    ['spine2', 'mid_spine'],
    ['left_ankle', 'l_ankle'],
    ['right_ankle', 'r_ankle'],
    ['spine3', 'upper_spine'],
    ['left_foot', 'l_toe'],
    ['right_foot', 'r_toe'],
    ['neck', 'thorax'],
    ['left_collar', 'l_collar'],
    ['right_collar', 'r_collar'],
    ['head', 'head'],
    ['left_shoulder', 'l_shoulder'],
    ['right_shoulder', 'r_shoulder'],
    ['left_elbow', 'l_elbow'],
    ['right_elbow', 'r_elbow'],
    ['left_wrist', 'l_wrist'],
    ['right_wrist', 'r_wrist'],
    ['left_hand', 'l_hand'],
    ['right_hand', 'r_hand'],
  ],
  bones: [
    ['pelvis', 'left_hip'],
    ['pelvis', 'right_hip'],
    ['pelvis', 'spine1'],
    ['left_hip', 'left_knee'],
    ['right_hip', 'right_knee'],
    ['spine1', 'spine2'],
    ['left_knee', 'left_ankle'],
    ['right_knee', 'right_ankle'],
    ['spine2', 'spine3'],
    ['left_ankle', 'left_foot'],
    ['right_ankle', 'right_foot'],
    ['spine3', 'neck'],
    ['spine3', 'left_collar'],
    ['spine3', 'right_collar'],
    ['neck', 'head'],
    ['left_collar', 'left_shoulder'],
    ['right_collar', 'right_shoulder'],
    ['left_shoulder', 'left_elbow'],
    ['right_shoulder', 'right_elbow'],
    ['left_elbow', 'left_wrist'],
    ['right_elbow', 'right_wrist'],
    ['left_wrist', 'left_hand'],
    ['right_wrist', 'right_hand'],
  ],
  flipPairs: [
    ['left_hip', 'right_hip'],
    ['left_knee', 'right_knee'],
    ['left_ankle', 'right_ankle'],
    ['left_foot', 'right_foot'],
    ['left_collar', 'right_collar'],
    ['left_shoulder', 'right_shoulder'],
    ['left_elbow', 'right_elbow'],
    ['left_wrist', 'right_wrist'],
    ['left_hand', 'right_hand'],
  ],
  root: ['pelvis'],
});
