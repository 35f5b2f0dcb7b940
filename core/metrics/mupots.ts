import { dist3, length3 } from '../linalg/vec';
import { jointError, relativeJointError } from './pose3d';
import type { JointKey } from '../skeletons/jointKeys';
import type { Skeleton } from '../skeletons/types';
import type { Pose2D, Pose3D, Vec3 } from '../types';

/**
 * The MuPoTS-3D multi-person evaluation (Mehta et al. 2018, `mpii_mupots_multiperson_eval.m`
 * with its `util/` helpers), over canonical joint keys so any skeleton that has the joints can
 * be scored by it. What it pins:
 * - people are paired by `mpii_multiperson_get_identity_matching` on 2D joints (below);
 * - a paired prediction's bones are rescaled to the person's own bone lengths
 *   (`mpii_map_to_gt_bone_lengths`) before any error is measured;
 * - 3DPCK counts error < 150 mm (`mpii_compute_3d_pck.m`, strict) over the 14 joints of its
 *   joint groups (head top, neck, shoulders, elbows, wrists, hips, knees, ankles);
 * - a sequence's figure pools its people × joints; the overall figure papers table is the mean
 *   of the sequences' figures; "all annotated" counts each missed person as 14 wrong joints.
 */

/** Joints compared when pairing people: neck and the 12 limb joints (`matching_joints = 2:14`). */
export const MUPOTS_MATCHING_JOINTS: readonly JointKey[] = [
  'thorax',
  'r_shoulder',
  'r_elbow',
  'r_wrist',
  'l_shoulder',
  'l_elbow',
  'l_wrist',
  'r_hip',
  'r_knee',
  'r_ankle',
  'l_hip',
  'l_knee',
  'l_ankle',
];

/** The 14 joints MuPoTS-3D's 3DPCK and AUC score (its joint groups; pelvis, spine, head out). */
export const MUPOTS_EVAL_JOINTS: readonly JointKey[] = ['head_top', ...MUPOTS_MATCHING_JOINTS];

/** Per-axis pixel gate of the matching: a joint matches when |Δu| < 40 and |Δv| < 40. */
export const MUPOTS_MATCH_THRESHOLD_PX = 40;

/**
 * Bone parents of `mpii_get_joints('relevant')` and the order `safe_traversal_order` rescales
 * them in (root first; the root stays where the prediction put it).
 */
const MUPOTS_TRAVERSAL: readonly (readonly [joint: JointKey, parent: JointKey])[] = [
  ['spine', 'pelvis'],
  ['thorax', 'spine'],
  ['head_top', 'thorax'],
  ['head', 'thorax'],
  ['r_shoulder', 'thorax'],
  ['r_elbow', 'r_shoulder'],
  ['r_wrist', 'r_elbow'],
  ['l_shoulder', 'thorax'],
  ['l_elbow', 'l_shoulder'],
  ['l_wrist', 'l_elbow'],
  ['r_hip', 'pelvis'],
  ['r_knee', 'r_hip'],
  ['r_ankle', 'r_knee'],
  ['l_hip', 'pelvis'],
  ['l_knee', 'l_hip'],
  ['l_ankle', 'l_knee'],
];

/** Where a skeleton keeps MuPoTS's joints, or why it cannot be scored by the protocol. */
export interface MupotsJoints {
  readonly matching: readonly number[];
  readonly evaluated: readonly number[];
  readonly root: number;
  /** [joint, parent] index pairs in rescaling order, for the joints this skeleton has. */
  readonly traversal: readonly (readonly [number, number])[];
}

export function mupotsJoints(skeleton: Skeleton): MupotsJoints | { missing: JointKey[] } {
  const at = new Map(skeleton.joints.map((j, i) => [j.key, i]));
  const need: JointKey[] = ['pelvis', 'spine', ...MUPOTS_EVAL_JOINTS];
  const missing = need.filter((k) => !at.has(k));
  if (missing.length > 0) return { missing };
  const idx = (k: JointKey) => at.get(k)!;
  return {
    matching: MUPOTS_MATCHING_JOINTS.map(idx),
    evaluated: MUPOTS_EVAL_JOINTS.map(idx),
    root: idx('pelvis'),
    // A skeleton without MuPoTS's `head` (Human3.6M has a nose there) skips it: it is not scored.
    traversal: MUPOTS_TRAVERSAL.filter(([j]) => at.has(j)).map(([j, p]) => [idx(j), idx(p)]),
  };
}

/** A predicted joint counts as absent only at exactly (0, 0), as the script marks them. */
const present = (p: readonly number[] | undefined) =>
  p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]) && !(p[0] === 0 && p[1] === 0);

/**
 * `mpii_multiperson_get_identity_matching`: people in annotation order each take the
 * still-unpaired prediction with the most matching joints (the first such on a tie), when it
 * has at least one. A joint matches when both axes differ by less than `threshold` pixels.
 * Returns, for each person, the prediction's index or −1. A prediction without 2D joints
 * (`undefined`) matches nobody.
 */
export function mupotsIdentityMatching(
  people: readonly (Pose2D | undefined)[],
  preds: readonly (Pose2D | undefined)[],
  joints: readonly number[],
  threshold = MUPOTS_MATCH_THRESHOLD_PX,
): number[] {
  const used = new Array<boolean>(preds.length).fill(false);
  return people.map((gt) => {
    if (!gt) return -1;
    let best = -1;
    let bestScore = 0;
    preds.forEach((pred, k) => {
      if (used[k] || !pred) return;
      let score = 0;
      for (const j of joints) {
        const g = gt[j];
        const p = pred[j];
        if (!present(g) || !present(p)) continue;
        if (Math.abs(g![0] - p![0]) < threshold && Math.abs(g![1] - p![1]) < threshold) score++;
      }
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    });
    if (best >= 0) used[best] = true;
    return best;
  });
}

/**
 * `mpii_map_to_gt_bone_lengths`: each predicted bone, in traversal order, keeps its direction
 * and takes the person's length, hung from its already-mapped parent. A zero-length predicted
 * bone has no direction: its joint (and those below it) become NaN, which no threshold passes.
 */
export function mapToGtBoneLengths(pred: Pose3D, gt: Pose3D, m: MupotsJoints): Vec3[] {
  const out: Vec3[] = pred.map((p) => [p[0], p[1], p[2]]);
  for (const [j, parent] of m.traversal) {
    const a = pred[j]!;
    const b = pred[parent]!;
    const dx = a[0] - b[0];
    const dy = a[1] - b[1];
    const dz = a[2] - b[2];
    const scale = dist3(gt[j]!, gt[parent]!) / length3(dx, dy, dz);
    const base = out[parent]!;
    out[j] = [base[0] + dx * scale, base[1] + dy * scale, base[2] + dz * scale];
  }
  return out;
}

/**
 * One paired person's errors on the 14 evaluated joints (mm), after bone rescaling: `rel` with
 * both poses centred on the pelvis (`is_relative = 1`), `abs` in camera space as predicted.
 */
export function mupotsErrors(
  pred: Pose3D,
  gt: Pose3D,
  m: MupotsJoints,
): { rel: number[]; abs: number[] } {
  const mapped = mapToGtBoneLengths(pred, gt, m);
  const pr = mapped[m.root]!;
  const gr = gt[m.root]!;
  return {
    rel: m.evaluated.map((j) => relativeJointError(mapped[j]!, pr, gt[j]!, gr)),
    abs: m.evaluated.map((j) => jointError(mapped[j]!, gt[j]!)),
  };
}
