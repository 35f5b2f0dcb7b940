import type { BodyDims } from './rig';
import { levelAnkle, type PartialAngles } from './jointLimits';

/**
 * Procedural motions: each maps a phase in [0, 1) to joint angles (degrees). Walking is a
 * periodic gait cycle; sitting, reaching and crouching start and end in their neutral pose, so
 * one person can chain them without a jump. Curves are hand-fitted to the shapes of normative
 * gait and reach kinematics (Winter, "Biomechanics and Motor Control of Human Movement"), not to
 * any recording.
 */
export type MotionKind = 'walking' | 'sitting' | 'reaching' | 'crouching';

const TAU = 2 * Math.PI;
/** 0 at phase 0 and 1, 1 half way: the envelope of a movement out and back. */
const outAndBack = (phase: number) => Math.sin(Math.PI * phase) ** 2;
const pos = (v: number) => Math.max(0, v);

/**
 * Both ankles levelled, so feet on the floor stay flat; `range` caps how far the ankle follows
 * (a swinging foot hangs from the shin instead of staying level).
 */
function withLevelFeet(
  a: PartialAngles,
  extra: { l?: number; r?: number } = {},
  range: readonly [number, number] = [-90, 90],
): PartialAngles {
  const cap = (v: number) => Math.min(range[1], Math.max(range[0], v));
  return {
    ...a,
    lAnkle: cap(levelAnkle(a, 'l')) + (extra.l ?? 0),
    rAnkle: cap(levelAnkle(a, 'r')) + (extra.r ?? 0),
  };
}

const HIP_SWING = 22;

/**
 * One gait cycle, phase 0 = left heel strike … 0.5 = right heel strike. Hips swing ±22° about
 * 8° of flexion, the swing knee flexes to about 60°, arms swing against the legs and the trunk
 * counter-rotates.
 */
export function walking(phase: number): PartialAngles {
  const w = TAU * phase;
  const leg = (p: number) => ({
    flex: 8 + HIP_SWING * Math.cos(p),
    // Swing flexion peaks near 73 % of the cycle; a smaller bend absorbs loading after contact.
    knee: 6 + 54 * pos(Math.sin(p - 3)) ** 2 + 12 * pos(Math.sin(p)) ** 2,
  });
  const l = leg(w);
  const r = leg(w + Math.PI);
  const a: PartialAngles = {
    pelvisTilt: 4,
    spineFlex: 2,
    spineTwist: -7 * Math.cos(w),
    neckFlex: 6,
    lHipFlex: l.flex,
    lKnee: l.knee,
    rHipFlex: r.flex,
    rKnee: r.knee,
    lHipAbd: 3,
    rHipAbd: 3,
    lShoulderFlex: -16 * Math.cos(w),
    rShoulderFlex: 16 * Math.cos(w),
    lShoulderAbd: 9,
    rShoulderAbd: 9,
    lElbow: 18 + 10 * pos(-Math.cos(w)),
    rElbow: 18 + 10 * pos(Math.cos(w)),
  };
  // Flat in stance; in swing the foot stays near neutral and the toes trail.
  return withLevelFeet(a, {}, [-20, 12]);
}

/** Stride (two steps) for the swing above: the feet's fore-aft excursion, twice. */
export const walkingStride = (dims: BodyDims): number =>
  2 * 2 * (dims.thigh + dims.shin) * Math.sin((HIP_SWING * Math.PI) / 180) * 0.8;

/**
 * Seated on a stool, thighs level and shins upright, hands on the thighs; over the phase the
 * person looks around, gestures with the right hand and stretches the left leg out and back.
 */
export function sitting(phase: number): PartialAngles {
  const g = outAndBack((2 * phase) % 1);
  const stretch = outAndBack(phase);
  const a: PartialAngles = {
    pelvisTilt: -10,
    spineFlex: 14,
    neckFlex: 8,
    neckTwist: 30 * Math.sin(TAU * phase),
    lHipFlex: 80 + 6 * stretch,
    rHipFlex: 82,
    lHipAbd: 10,
    rHipAbd: 12,
    lKnee: 88 - 45 * stretch,
    rKnee: 92,
    lShoulderFlex: 28,
    lShoulderAbd: 8,
    lElbow: 55,
    lShoulderRot: 15,
    rShoulderFlex: 28 + 45 * g,
    rShoulderAbd: 10 + 15 * g,
    rShoulderRot: 15 - 10 * g,
    rElbow: 55 + 40 * g,
  };
  // The stretched foot, off the floor, need not stay level.
  return withLevelFeet(a, {}, [-30, 30]);
}

/**
 * Standing reaches: in the first half the right hand goes up and forward as if to a high shelf
 * (the person rises onto the toes, side-bends away and looks up); in the second half the left
 * arm reaches out to the side with the trunk leaning and turning after it.
 */
export function reaching(phase: number): PartialAngles {
  const up = pos(Math.sin(TAU * phase)) ** 2;
  const side = pos(-Math.sin(TAU * phase)) ** 2;
  const a: PartialAngles = {
    spineFlex: -8 * up + 6 * side,
    spineSide: 10 * up + 16 * side,
    spineTwist: 20 * side,
    neckFlex: -25 * up,
    neckTwist: 25 * side,
    rShoulderFlex: 8 + 150 * up,
    rShoulderAbd: 8 + 12 * up,
    rElbow: 12 + 10 * (1 - up),
    lShoulderFlex: 6 + 30 * side,
    lShoulderAbd: 8 + 72 * side,
    lElbow: 15 - 5 * side,
    lHipAbd: 3 + 10 * side,
    rHipAbd: 3,
    rKnee: 8 * side,
  };
  // Rising onto the toes: plantarflexion on top of level feet.
  return withLevelFeet(a, { l: -18 * up, r: -18 * up });
}

/**
 * A squat down and back up, as if to pick something up: the pelvis tips forward, hips and knees
 * flex together, knees part and the arms come forward for balance; at the bottom the ankles run
 * out of dorsiflexion and the heels lift.
 */
export function crouching(phase: number): PartialAngles {
  const s = outAndBack(phase);
  const a: PartialAngles = {
    pelvisTilt: 32 * s,
    spineFlex: 22 * s,
    neckFlex: -28 * s,
    lHipFlex: 112 * s,
    rHipFlex: 108 * s,
    lHipAbd: 3 + 14 * s,
    rHipAbd: 3 + 12 * s,
    lHipRot: -10 * s,
    rHipRot: -10 * s,
    lKnee: 3 + 125 * s,
    rKnee: 3 + 122 * s,
    lShoulderFlex: 5 + 60 * s,
    rShoulderFlex: 5 + 75 * s,
    lShoulderAbd: 8 + 6 * s,
    rShoulderAbd: 8 + 4 * s,
    lElbow: 12 + 25 * s,
    rElbow: 12 + 10 * s,
  };
  return withLevelFeet(a);
}

export const MOTIONS: Readonly<Record<MotionKind, (phase: number) => PartialAngles>> = {
  walking,
  sitting,
  reaching,
  crouching,
};
