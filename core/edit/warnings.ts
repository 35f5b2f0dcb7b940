import type { Intrinsics } from '../camera';
import { angleBetween, cross3, dot3, isFiniteVec, norm3, scale3, sub3 } from '../linalg/vec';
import type { JointKey } from '../skeletons/jointKeys';
import { kinematicParents } from '../skeletons/tree';
import type { Skeleton } from '../skeletons/types';
import { JOINT_LIMITS, type Dof } from '../synth/jointLimits';
import type { Pose2D, Pose3D, Vec3 } from '../types';
import { boneDeviations, reprojectionError, reprojectionErrors } from './feedback';

export type WarningCode =
  'behind-camera' | 'bone-length' | 'joint-angle' | 'left-right-swap' | 'reprojection';

export interface PlausibilityWarning {
  readonly code: WarningCode;
  /** The joints concerned, by the skeleton's own names. */
  readonly joints: readonly string[];
  readonly message: string;
}

export interface PlausibilityOptions {
  /** Median bone lengths ({@link medianBoneLengths}); without them bone lengths are not judged. */
  readonly medianBones?: readonly number[];
  /** Relative deviation from the median that warns (0.2: 20 %). */
  readonly boneTolerance?: number;
  /** The 2D labels and camera; without them reprojection and 2D/3D swaps are not judged. */
  readonly labels2d?: Pose2D;
  readonly intrinsics?: Intrinsics;
  readonly reprojectionTolerancePx?: number;
  /** Joints nearer than this (mm, camera depth) count as behind the camera. */
  readonly minDepthMm?: number;
}

/** Hinges whose flexion the rig limits (AAOS ranges), as (upper, hinge, lower) joint keys. */
const HINGES: readonly (readonly [JointKey, JointKey, JointKey, Dof])[] = [
  ['l_shoulder', 'l_elbow', 'l_wrist', 'lElbow'],
  ['r_shoulder', 'r_elbow', 'r_wrist', 'rElbow'],
  ['l_hip', 'l_knee', 'l_ankle', 'lKnee'],
  ['r_hip', 'r_knee', 'r_ankle', 'rKnee'],
];

const deg = (rad: number) => (rad * 180) / Math.PI;
/** Room past a limit before warning, so a pose exactly at it (the rig makes them) stays quiet. */
const ANGLE_SLACK_DEG = 1;

/**
 * Warnings for a person's 3D joints that no real body (or no consistent label) would produce.
 * Each is a suspicion for the annotator to look at, not a verdict; every joint named is by the
 * skeleton's own names so the message reads like the dataset.
 */
export function plausibilityWarnings(
  pose: Pose3D,
  skeleton: Skeleton,
  opts: PlausibilityOptions = {},
): PlausibilityWarning[] {
  const name = (j: number) => skeleton.joints[j]?.name ?? `#${j}`;
  const byKey = new Map(skeleton.joints.map((j, i) => [j.key, i]));
  const at = (key: JointKey): Vec3 | undefined => {
    const i = byKey.get(key);
    const p = i === undefined ? undefined : pose[i];
    return p && isFiniteVec(p) ? p : undefined;
  };
  const out: PlausibilityWarning[] = [];

  const minDepth = opts.minDepthMm ?? 0;
  pose.forEach((p, j) => {
    if (isFiniteVec(p) && p[2] <= minDepth) {
      const message = `${name(j)} is at depth ${p[2].toFixed(0)} mm: behind the camera`;
      out.push({ code: 'behind-camera', joints: [name(j)], message });
    }
  });

  if (opts.medianBones) {
    const tol = opts.boneTolerance ?? 0.2;
    for (const b of boneDeviations(pose, kinematicParents(skeleton), opts.medianBones)) {
      if (!(Math.abs(b.relative) > tol)) continue;
      const pct = (100 * b.relative).toFixed(0);
      const message = `bone ${name(b.parent)}–${name(b.child)} is ${b.lengthMm.toFixed(0)} mm, ${pct} % off its median ${b.medianMm.toFixed(0)} mm`;
      out.push({ code: 'bone-length', joints: [name(b.parent), name(b.child)], message });
    }
  }

  for (const [upper, hinge, lower, dof] of HINGES) {
    const [a, b, c] = [at(upper), at(hinge), at(lower)];
    if (!a || !b || !c) continue;
    // Flexion is the turn from the upper segment's direction to the lower's: 0 when straight.
    const flexion = deg(angleBetween(sub3(b, a), sub3(c, b)));
    const max = JOINT_LIMITS[dof][1];
    if (flexion > max + ANGLE_SLACK_DEG) {
      const joints = [upper, hinge, lower].map((k) => name(byKey.get(k)!));
      const message = `${joints[1]} bends ${flexion.toFixed(0)}°, past its ${max}° limit`;
      out.push({ code: 'joint-angle', joints, message });
    }
  }

  out.push(...torsoTwist(at, byKey, name));
  if (opts.labels2d && opts.intrinsics) {
    const { labels2d, intrinsics } = opts;
    const tol = opts.reprojectionTolerancePx ?? 10;
    reprojectionErrors(pose, labels2d, intrinsics).forEach((e, j) => {
      if (!(e > tol)) return;
      const message = `${name(j)} projects ${Number.isFinite(e) ? e.toFixed(1) : '∞'} px from its 2D label`;
      out.push({ code: 'reprojection', joints: [name(j)], message });
    });
    for (const [a, b] of skeleton.flipPairs) {
      const e = (i: number, k: number) => reprojectionError(pose[i]!, labels2d[k]!, intrinsics);
      const straight = e(a, a) + e(b, b);
      if (straight > tol && e(a, b) + e(b, a) < straight / 2) {
        const message = `${name(a)} and ${name(b)} project onto each other's 2D labels: left and right look swapped between 2D and 3D`;
        out.push({ code: 'left-right-swap', joints: [name(a), name(b)], message });
      }
    }
  }
  return out;
}

/**
 * Shoulders turned against the hips, about the spine, by more than twice the spine's whole
 * twist range cannot be a real pose; a left/right label swap of the shoulders or the hips is
 * the likely cause.
 */
function torsoTwist(
  at: (key: JointKey) => Vec3 | undefined,
  byKey: ReadonlyMap<JointKey, number>,
  name: (j: number) => string,
): PlausibilityWarning[] {
  const [lh, rh, ls, rs] = [at('l_hip'), at('r_hip'), at('l_shoulder'), at('r_shoulder')];
  if (!lh || !rh || !ls || !rs) return [];
  const mid = (p: Vec3, q: Vec3) => scale3([p[0] + q[0], p[1] + q[1], p[2] + q[2]], 0.5);
  const up = sub3(mid(ls, rs), mid(lh, rh));
  const flat = (v: Vec3) => sub3(v, scale3(up, dot3(v, up) / dot3(up, up)));
  const hips = flat(sub3(lh, rh));
  const shoulders = flat(sub3(ls, rs));
  if (norm3(up) === 0 || norm3(cross3(hips, up)) === 0) return [];
  const twist = deg(angleBetween(hips, shoulders));
  const max = 2 * JOINT_LIMITS.spineTwist[1];
  if (!(twist > max + ANGLE_SLACK_DEG)) return [];
  const joints = (['l_hip', 'r_hip', 'l_shoulder', 'r_shoulder'] as const).map((k) =>
    name(byKey.get(k)!),
  );
  const message = `shoulders are turned ${twist.toFixed(0)}° against the hips (more than ${max}°): left and right may be swapped`;
  return [{ code: 'left-right-swap', joints, message }];
}
