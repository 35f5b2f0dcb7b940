import { H36M_17 } from '../skeletons/h36m';
import { bvhForwardKinematics, bvhJointIndex, type Bvh, type BvhPose } from './bvh';

/**
 * How each Human3.6M-17 joint is taken from a BVH rig, stated joint by joint: a rig joint's
 * position, the mean of several, or a fixed point in a rig joint's own frame (for anatomy the
 * rig has no joint for). Offsets are in the rig's units.
 */
export type RigRule =
  | { readonly kind: 'joint'; readonly joint: string }
  | { readonly kind: 'mean'; readonly joints: readonly string[] }
  | {
      readonly kind: 'local';
      readonly joint: string;
      readonly offset: readonly [number, number, number];
    };

/**
 * The CMU motion capture as retargeted to the Character Creator base rig (`CC_Base_*` joints,
 * Y up, centimetres, +Z forward), as in `../shared/data/cmu-mocap`. Derived joints:
 * - Pelvis = mean(L_Thigh, R_Thigh): the hip-joint centres' midpoint (the rig's `Hip` sits 2–3 cm
 *   higher, at the skeleton root, not at the joint centres Human3.6M's pelvis lies between);
 * - Torso = mean(Pelvis, Neck), core's `spine` rule (so COCO-derived inputs agree);
 * - Nose = the point (0, 4, 10) cm in the `Head` joint's frame (the rig has no nose; its eyes sit
 *   at (±3.3, 8.2, 8.2) there, so this is ≈ 4 cm below and 2 cm ahead of the eyes' midpoint);
 * - Head (top) = (0, 18, 0) cm in the `Head` joint's frame (the rig's `Head` joint is the skull
 *   base; this is ≈ 10 cm above eye level, over the neck).
 * Everything else is a rig joint: Neck = `NeckTwist01` (neck base), hips = `Thigh`, knees =
 * `Calf`, ankles = `Foot`, shoulders = `Upperarm`, elbows = `Forearm`, wrists = `Hand`.
 * The keypoint models' trainers keep only each bone's direction from these joints and take its
 * length from the published Human3.6M skeleton (models/train/skeleton.py), because the rig's
 * joints lie elsewhere than Human3.6M's (scripts/models/boneLengths.ts measures how far).
 */
export const CC_BASE_TO_H36M: Readonly<Record<string, RigRule>> = {
  Pelvis: { kind: 'mean', joints: ['CC_Base_L_Thigh', 'CC_Base_R_Thigh'] },
  R_Hip: { kind: 'joint', joint: 'CC_Base_R_Thigh' },
  R_Knee: { kind: 'joint', joint: 'CC_Base_R_Calf' },
  R_Ankle: { kind: 'joint', joint: 'CC_Base_R_Foot' },
  L_Hip: { kind: 'joint', joint: 'CC_Base_L_Thigh' },
  L_Knee: { kind: 'joint', joint: 'CC_Base_L_Calf' },
  L_Ankle: { kind: 'joint', joint: 'CC_Base_L_Foot' },
  Torso: {
    kind: 'mean',
    joints: ['CC_Base_L_Thigh', 'CC_Base_R_Thigh', 'CC_Base_NeckTwist01', 'CC_Base_NeckTwist01'],
  },
  Neck: { kind: 'joint', joint: 'CC_Base_NeckTwist01' },
  Nose: { kind: 'local', joint: 'CC_Base_Head', offset: [0, 4, 10] },
  Head: { kind: 'local', joint: 'CC_Base_Head', offset: [0, 18, 0] },
  L_Shoulder: { kind: 'joint', joint: 'CC_Base_L_Upperarm' },
  L_Elbow: { kind: 'joint', joint: 'CC_Base_L_Forearm' },
  L_Wrist: { kind: 'joint', joint: 'CC_Base_L_Hand' },
  R_Shoulder: { kind: 'joint', joint: 'CC_Base_R_Upperarm' },
  R_Elbow: { kind: 'joint', joint: 'CC_Base_R_Forearm' },
  R_Wrist: { kind: 'joint', joint: 'CC_Base_R_Hand' },
};

/** Resolves a rule table against one file's joints (a missing rig joint is an error). */
export function compileRig(bvh: Bvh, rules: Readonly<Record<string, RigRule>> = CC_BASE_TO_H36M) {
  const idx = (name: string) => {
    const i = bvhJointIndex(bvh, name);
    if (i < 0) throw new RangeError(`the BVH has no joint "${name}"`);
    return i;
  };
  return H36M_17.joints.map((j) => {
    const r = rules[j.name];
    if (!r) throw new RangeError(`no rule for Human3.6M joint ${j.name}`);
    if (r.kind === 'joint') return { kind: r.kind, joints: [idx(r.joint)] } as const;
    if (r.kind === 'mean') return { kind: r.kind, joints: r.joints.map(idx) } as const;
    return { kind: r.kind, joints: [idx(r.joint)], offset: r.offset } as const;
  });
}

/**
 * One frame as Human3.6M-17 world joints (17×3, row-major), scaled by `unitsToMm` (10 for the
 * CC rig's centimetres). World axes stay the file's (Y up for the CMU files).
 */
export function h36mJointsOf(
  bvh: Bvh,
  frame: number,
  rig: ReturnType<typeof compileRig>,
  unitsToMm: number,
  pose: BvhPose = bvhForwardKinematics(bvh, frame),
): Float64Array {
  const out = new Float64Array(17 * 3);
  const { positions: P, rotations: R } = pose;
  rig.forEach((r, j) => {
    for (let d = 0; d < 3; d++) {
      let v = 0;
      if (r.kind === 'local') {
        const b = r.joints[0]!;
        v = P[b * 3 + d]!;
        for (let k = 0; k < 3; k++) v += R[b * 9 + d * 3 + k]! * r.offset[k]!;
      } else {
        for (const b of r.joints) v += P[b * 3 + d]!;
        v /= r.joints.length;
      }
      out[j * 3 + d] = v * unitsToMm;
    }
  });
  return out;
}
