import type { JointKey } from '../skeletons/jointKeys';
import type { Skeleton } from '../skeletons/types';

/**
 * The published evaluation protocols PoseScope reproduces, each pinned to the script or paper
 * that defines it. Every figure PoseScope reports is defined by exactly one of them.
 */
export const PROTOCOL_IDS = ['h36m-p1', 'h36m-p2', 'mupots', '3dhp', 'coco', 'pckh'] as const;
export type ProtocolId = (typeof PROTOCOL_IDS)[number];

export interface ProtocolInfo {
  readonly id: ProtocolId;
  readonly title: string;
  /** Which datasets it scores: '3d' needs 3D labels, '2d' image keypoints. */
  readonly kind: '3d' | '2d';
  /** What it measures, in one line. */
  readonly summary: string;
  /** The script or paper it follows. */
  readonly source: string;
}

export const PROTOCOLS: Readonly<Record<ProtocolId, ProtocolInfo>> = {
  'h36m-p1': {
    id: 'h36m-p1',
    title: 'Human3.6M Protocol 1',
    kind: '3d',
    summary:
      'MPJPE (mm) over all joints of the skeleton after subtracting each pose’s root (pelvis); per action, pooled over people, and the mean of the actions',
    source:
      'Ionescu et al., TPAMI 2014; as evaluated by 3DMPPE PoseNet/RootNet Human36M.evaluate (pooled) and VideoPose3D (action-wise average)',
  },
  'h36m-p2': {
    id: 'h36m-p2',
    title: 'Human3.6M Protocol 2',
    kind: '3d',
    summary:
      'PA-MPJPE (mm): MPJPE after the least-squares similarity (rotation without reflection, scale, translation) of the prediction onto the label',
    source: 'Umeyama 1991 alignment, as in Martinez et al. 2017 and VideoPose3D p_mpjpe',
  },
  mupots: {
    id: 'mupots',
    title: 'MuPoTS-3D',
    kind: '3d',
    summary:
      '3DPCK@150 mm (error < 150) and AUC over 0:5:150 mm on 14 joints, people paired on 2D joints (40 px per axis), bones rescaled to the label’s; root-relative and absolute; all annotated people (a missed person scores 0) and detected people only; per sequence and the mean of sequences',
    source:
      'Mehta et al., 3DV 2018: mpii_mupots_multiperson_eval.m, mpii_multiperson_get_identity_matching.m, mpii_map_to_gt_bone_lengths.m, mpii_compute_3d_pck.m',
  },
  '3dhp': {
    id: '3dhp',
    title: 'MPI-INF-3DHP',
    kind: '3d',
    summary:
      '3DPCK@150 mm (error < 150) and AUC over 0:5:150 mm, root-relative, per joint group (head, neck, shoulder, elbow, wrist, hip, knee, ankle) for the 14- and 17-joint sets, pooled over all people; per sequence',
    source:
      'Mehta et al., 3DV 2017: mpii_test_predictions.m, mpii_get_pck_auc_joint_groups.m, mpii_compute_3d_pck.m',
  },
  coco: {
    id: 'coco',
    title: 'COCO keypoints',
    kind: '2d',
    summary:
      'AP and AR over OKS 0.50:0.95, at 0.50 and 0.75, and for medium (32²–96²) and large (> 96²) people; at most 20 detections per image',
    source: 'cocoapi PythonAPI/pycocotools/cocoeval.py (COCOeval, iouType "keypoints")',
  },
  pckh: {
    id: 'pckh',
    title: 'MPII PCKh@0.5',
    kind: '2d',
    summary:
      'joints within 0.5 × head size (0.6 × the head box’s diagonal), distance ≤ threshold; Head, Shoulder, Elbow, Wrist, Hip, Knee, Ankle, UBody and Total over 14 joints (pelvis and thorax out); needs head boxes',
    source:
      'Andriluka et al., CVPR 2014: evalMPII toolkit evaluatePCKh.m, computePCK.m, util_get_head_size.m',
  },
};

/** A table's row of joints: its label and the joints' canonical keys. */
export type JointGroup = readonly [label: string, keys: readonly JointKey[]];

/** `mpii_get_pck_auc_joint_groups.m`, the 14-joint set the test script scores. */
export const MPI_3DHP_GROUPS_14: readonly JointGroup[] = [
  ['Head', ['head_top']],
  ['Neck', ['thorax']],
  ['Shou', ['r_shoulder', 'l_shoulder']],
  ['Elbow', ['r_elbow', 'l_elbow']],
  ['Wrist', ['r_wrist', 'l_wrist']],
  ['Hip', ['r_hip', 'l_hip']],
  ['Knee', ['r_knee', 'l_knee']],
  ['Ankle', ['r_ankle', 'l_ankle']],
];

/** The same file's 17-joint variant: head joins head top, pelvis the hips, and spine its own. */
export const MPI_3DHP_GROUPS_17: readonly JointGroup[] = [
  ['Head', ['head_top', 'head']],
  ['Neck', ['thorax']],
  ['Shou', ['r_shoulder', 'l_shoulder']],
  ['Elbow', ['r_elbow', 'l_elbow']],
  ['Wrist', ['r_wrist', 'l_wrist']],
  ['Hip', ['r_hip', 'l_hip', 'pelvis']],
  ['Knee', ['r_knee', 'l_knee']],
  ['Ankle', ['r_ankle', 'l_ankle']],
  ['Spine', ['spine']],
];

/** The evalMPII table's columns (`genTablePCK.m`): Head is upper neck and head top, UBody the arms. */
export const MPII_PCKH_GROUPS: readonly JointGroup[] = [
  ['Head', ['upper_neck', 'head_top']],
  ['Shoulder', ['r_shoulder', 'l_shoulder']],
  ['Elbow', ['r_elbow', 'l_elbow']],
  ['Wrist', ['r_wrist', 'l_wrist']],
  ['Hip', ['r_hip', 'l_hip']],
  ['Knee', ['r_knee', 'l_knee']],
  ['Ankle', ['r_ankle', 'l_ankle']],
  ['UBody', ['r_shoulder', 'l_shoulder', 'r_elbow', 'l_elbow', 'r_wrist', 'l_wrist']],
];

/** PCKh's head size from the head box: `SC_BIAS · ‖(x2, y2) − (x1, y1)‖`, SC_BIAS = 0.6. */
export const headSizeOfBox = (x1: number, y1: number, x2: number, y2: number): number =>
  0.6 * Math.hypot(x2 - x1, y2 - y1);

/** A skeleton's joint indices for each group (joints it lacks left out), and what it lacks. */
export function groupIndices(
  skeleton: Skeleton,
  groups: readonly JointGroup[],
): { groups: { label: string; joints: number[] }[]; missing: JointKey[] } {
  const at = new Map(skeleton.joints.map((j, i) => [j.key, i]));
  const missing = new Set<JointKey>();
  const out = groups.map(([label, keys]) => ({
    label,
    joints: keys.flatMap((k) => {
      const i = at.get(k);
      if (i === undefined) missing.add(k);
      return i === undefined ? [] : [i];
    }),
  }));
  return { groups: out, missing: [...missing] };
}
