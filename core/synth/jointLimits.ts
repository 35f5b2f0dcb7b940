/**
 * Degrees of freedom of the synthetic rig, in degrees. Signs are anatomical so generators read
 * like a physiotherapy chart: flexion brings a limb forward (knee and elbow flexion bend the
 * joint), abduction takes it away from the midline, rotation is internal, a positive side bend
 * or twist goes to the person's left, positive ankle angles lift the toes (dorsiflexion) and a
 * positive pelvis tilt leans the whole upper body forward.
 */
export const DOFS = [
  'pelvisTilt',
  'spineFlex',
  'spineSide',
  'spineTwist',
  'neckFlex',
  'neckSide',
  'neckTwist',
  'lShoulderFlex',
  'lShoulderAbd',
  'lShoulderRot',
  'lElbow',
  'rShoulderFlex',
  'rShoulderAbd',
  'rShoulderRot',
  'rElbow',
  'lHipFlex',
  'lHipAbd',
  'lHipRot',
  'lKnee',
  'lAnkle',
  'rHipFlex',
  'rHipAbd',
  'rHipRot',
  'rKnee',
  'rAnkle',
] as const;

export type Dof = (typeof DOFS)[number];
/** A full set of joint angles (degrees), every degree of freedom present. */
export type JointAngles = Readonly<Record<Dof, number>>;
/** What a motion generator returns: degrees of freedom it leaves out stay at 0 (neutral). */
export type PartialAngles = Partial<Record<Dof, number>>;

const arm = { flex: [-50, 180], abd: [-30, 150], rot: [-70, 90], elbow: [0, 150] } as const;
const leg = {
  flex: [-30, 125],
  abd: [-25, 45],
  rot: [-40, 45],
  knee: [0, 150],
  ankle: [-50, 30],
} as const;

/**
 * Active ranges of motion, rounded from the AAOS normal values (Greene & Heckman, "The Clinical
 * Measurement of Joint Motion", 1994). The spine's range is the lumbar and thoracic parts
 * together; the rig splits it evenly over its two spine joints.
 */
export const JOINT_LIMITS: Readonly<Record<Dof, readonly [number, number]>> = {
  pelvisTilt: [-30, 60],
  spineFlex: [-30, 90],
  spineSide: [-35, 35],
  spineTwist: [-45, 45],
  neckFlex: [-50, 60],
  neckSide: [-40, 40],
  neckTwist: [-70, 70],
  lShoulderFlex: arm.flex,
  lShoulderAbd: arm.abd,
  lShoulderRot: arm.rot,
  lElbow: arm.elbow,
  rShoulderFlex: arm.flex,
  rShoulderAbd: arm.abd,
  rShoulderRot: arm.rot,
  rElbow: arm.elbow,
  lHipFlex: leg.flex,
  lHipAbd: leg.abd,
  lHipRot: leg.rot,
  lKnee: leg.knee,
  lAnkle: leg.ankle,
  rHipFlex: leg.flex,
  rHipAbd: leg.abd,
  rHipRot: leg.rot,
  rKnee: leg.knee,
  rAnkle: leg.ankle,
};

/** Every degree of freedom, missing ones at 0, each clamped into its range. */
export function clampAngles(angles: PartialAngles): JointAngles {
  const out = {} as Record<Dof, number>;
  for (const dof of DOFS) {
    const [lo, hi] = JOINT_LIMITS[dof];
    out[dof] = Math.min(hi, Math.max(lo, angles[dof] ?? 0));
  }
  return out;
}

/**
 * The ankle angle that keeps a foot level, from the sagittal-plane chain: the thigh hangs
 * forward by hip flexion minus pelvis tilt, the shin by that minus knee flexion, and the foot
 * must cancel the shin. Clamping to the ankle's range then lifts the heel in a deep squat, as
 * people do.
 */
export const levelAnkle = (a: PartialAngles, side: 'l' | 'r'): number =>
  (a.pelvisTilt ?? 0) + (a[`${side}Knee`] ?? 0) - (a[`${side}HipFlex`] ?? 0);
