import type { Frame, RunInfo } from '../../contract';
import { jointSide, type Skeleton, type Vec3 } from '../../core';
import { SIDE_COLORS } from '../theme/palette';
import { runColor } from '../theme/sources';
import {
  ANKLE_HEIGHT_MM,
  boundsOf,
  floorBelow,
  floorUp,
  toScene,
  type Bounds,
  type Floor,
  type ScenePoint,
} from './sceneMath';

/**
 * `absolute`: camera space as labelled. `root-aligned`: every skeleton is moved so its own root
 * (pelvis) sits at its person's slot — the ground truth on its root and each prediction on the
 * prediction's root, exactly the alignment MPJPE (Protocol 1) scores, so what is left visible is
 * the error of the pose itself. People stand side by side along X, 1 m apart, centred on the
 * origin, each skeleton keeping its camera-space orientation.
 */
export type Mode = 'absolute' | 'root-aligned';

type Joint3 = readonly [number, number, number] | null;

export interface SceneSkeleton {
  readonly key: string;
  /** "ground truth, person 1" or "<run name>, person 1". */
  readonly label: string;
  /** The run's colour; null for the ground truth (drawn in left/right colours). */
  readonly color: string | null;
  /** Joint positions in the scene (m), null where the joint is missing. */
  readonly joints: readonly (ScenePoint | null)[];
  /** The coordinates a hover shows (mm): camera space, or root-relative when aligned. */
  readonly mm: readonly (Vec3 | null)[];
}

export interface SceneModel {
  readonly skeletons: readonly SceneSkeleton[];
  readonly bounds: Bounds | null;
  readonly floor: Floor | null;
  /** Whether any person has 3D labels / any shown run predicted 3D joints in this frame. */
  readonly labels3d: boolean;
  readonly predictions3d: boolean;
}

export interface SceneOptions {
  readonly mode: Mode;
  /** Run ids to draw; every run in `runs` when absent. */
  readonly visibleRuns?: readonly number[] | undefined;
  readonly showGroundTruth?: boolean | undefined;
}

const SLOT_MM = 1000;

const finite = (j: Joint3): j is Vec3 =>
  j !== null && Number.isFinite(j[0]) && Number.isFinite(j[1]) && Number.isFinite(j[2]);

/** Mean of the skeleton's root joints, or of every finite joint when one of those is missing. */
export function rootOf(skeleton: Skeleton, joints: readonly Joint3[]): Vec3 | null {
  const roots = skeleton.root.map((i) => joints[i] ?? null);
  const pts = roots.every(finite) ? roots : joints.filter(finite);
  if (pts.length === 0) return null;
  const s = pts.reduce<Vec3>((a, p) => [a[0] + p[0], a[1] + p[1], a[2] + p[2]], [0, 0, 0]);
  return [s[0] / pts.length, s[1] / pts.length, s[2] / pts.length];
}

/** Camera-space X of slot k of n, centred on the origin. */
export const slotX = (k: number, n: number): number => (k - (n - 1) / 2) * SLOT_MM;

const FOOT_KEYS = new Set(['l_ankle', 'r_ankle']);

/** Everything the panel draws for one frame, in scene coordinates. */
export function buildSceneModel(
  frame: Frame,
  skeleton: Skeleton,
  runs: readonly RunInfo[],
  options: SceneOptions,
): SceneModel {
  const showGt = options.showGroundTruth ?? true;
  const visible = new Set(options.visibleRuns ?? runs.map((r) => r.id));
  const runIndex = new Map(runs.map((r, i) => [r.id, i]));
  // Left to right as in the image, so root-aligned slots keep the people's order.
  const people = frame.people
    .filter((p) => p.joints3d?.some(finite))
    .map((p) => ({ p, x: rootOf(skeleton, p.joints3d ?? [])?.[0] ?? 0 }))
    .sort((a, b) => a.x - b.x)
    .map(({ p }) => p);
  const preds = frame.predictions.filter(
    (p) => visible.has(p.runId) && runIndex.has(p.runId) && p.joints3d?.some(finite),
  );

  // One slot per labelled person, then one per prediction that matched no labelled person.
  const slotOf = new Map<number, number>(people.map((p, k) => [p.instanceId, k]));
  const orphans = preds.filter((p) => p.instanceId === null || !slotOf.has(p.instanceId));
  const slots = people.length + orphans.length;
  const personNo = new Map(frame.people.map((p) => [p.instanceId, p.person + 1]));

  const place = (joints: readonly Joint3[], slot: number, fallbackRoot: Joint3) => {
    const mm = joints.map((j) => (finite(j) ? j : null));
    if (options.mode === 'absolute') return mm;
    const root = rootOf(skeleton, joints) ?? (finite(fallbackRoot) ? fallbackRoot : null);
    if (!root) return mm.map(() => null);
    const x = slotX(slot, slots);
    return mm.map((j): Vec3 | null =>
      j ? [j[0] - root[0] + x, j[1] - root[1], j[2] - root[2]] : null,
    );
  };
  const relative = (placed: readonly (Vec3 | null)[], slot: number) =>
    options.mode === 'absolute'
      ? placed
      : placed.map((j): Vec3 | null => (j ? [j[0] - slotX(slot, slots), j[1], j[2]] : null));

  const skeletons: SceneSkeleton[] = [];
  const placedGt: (Vec3 | null)[][] = [];
  const placedPred: (Vec3 | null)[][] = [];
  people.forEach((p, k) => {
    const placed = place(p.joints3d ?? [], k, null);
    placedGt.push(placed);
    if (!showGt) return;
    skeletons.push({
      key: `gt-${p.instanceId}`,
      label: `ground truth, person ${p.person + 1}`,
      color: null,
      joints: placed.map((j) => (j ? toScene(j) : null)),
      mm: relative(placed, k),
    });
  });
  preds.forEach((p, i) => {
    const matched = p.instanceId !== null ? slotOf.get(p.instanceId) : undefined;
    const slot = matched ?? people.length + orphans.indexOf(p);
    const placed = place(p.joints3d ?? [], slot, p.root);
    placedPred.push(placed);
    const run = runs[runIndex.get(p.runId) ?? 0];
    const who =
      p.instanceId !== null && personNo.has(p.instanceId)
        ? `person ${personNo.get(p.instanceId)}`
        : 'unmatched';
    skeletons.push({
      key: `run${p.runId}-${p.instanceId ?? `u${i}`}`,
      label: `${run?.name ?? `run ${p.runId}`}, ${who}`,
      color: runColor(runIndex.get(p.runId) ?? 0),
      joints: placed.map((j) => (j ? toScene(j) : null)),
      mm: relative(placed, slot),
    });
  });

  const drawn = skeletons.flatMap((s) => s.joints.filter((j): j is ScenePoint => j !== null));
  const bounds = boundsOf(drawn);

  // The floor is estimated from the ground truth's feet (the predictions' when there is none),
  // its tilt always from absolute positions; see floorUp for what is assumed.
  const feetOf = (joints: readonly Joint3[]) =>
    joints.filter((j, i): j is Vec3 => FOOT_KEYS.has(skeleton.joints[i]?.key ?? '') && finite(j));
  const hasFeet = skeleton.joints.some((j) => FOOT_KEYS.has(j.key));
  const absolute = (people.length > 0 ? people : preds).map((p) => p.joints3d ?? []);
  const up = floorUp(hasFeet ? absolute.map(feetOf) : []);
  const floorPoints = (people.length > 0 ? placedGt : placedPred).flatMap((joints) =>
    hasFeet ? feetOf(joints) : joints.filter(finite),
  );
  const floor = bounds
    ? floorBelow(floorPoints, up, hasFeet ? ANKLE_HEIGHT_MM : 0, bounds.center)
    : null;

  return {
    skeletons,
    bounds,
    floor,
    labels3d: people.length > 0,
    predictions3d: preds.length > 0,
  };
}

/** One joint sphere to draw. */
export interface JointInstance {
  readonly position: ScenePoint;
  readonly color: string;
  readonly radius: number;
  readonly skeleton: number;
  readonly joint: number;
}

/** One cylinder from `from` to `to`. */
export interface BoneInstance {
  readonly from: ScenePoint;
  readonly to: ScenePoint;
  readonly color: string;
  readonly radius: number;
}

// Sizes in metres: legible at the 3–7 m people usually stand from the camera. Predictions are a
// little thinner than the ground truth, which stays visible where the two agree.
const GT_JOINT = 0.03;
const RUN_JOINT = 0.024;
const GT_BONE = 0.014;
const RUN_BONE = 0.011;
const HIGHLIGHT_SCALE = 1.9;
const DASHES = 4;
const DASH_DUTY = 0.6;

/**
 * Spheres and cylinders for the skeletons. The ground truth is coloured per joint by body side
 * (as the 2D overlay), a bone taking the side of its outer joint; a prediction is in its run's
 * colour with its right-side bones dashed, as in the 2D overlay, so sides read without hue.
 * Highlighted joint indices are enlarged on every skeleton and yellow on the ground truth.
 */
export function sceneInstances(
  skeletons: readonly SceneSkeleton[],
  skeleton: Skeleton,
  highlight: ReadonlySet<number>,
  highlightColor: string,
): { joints: JointInstance[]; bones: BoneInstance[] } {
  const side = (i: number) => {
    const j = skeleton.joints[i];
    return j ? jointSide(j) : 'center';
  };
  const joints: JointInstance[] = [];
  const bones: BoneInstance[] = [];
  skeletons.forEach((s, k) => {
    const gt = s.color === null;
    s.joints.forEach((p, i) => {
      if (!p) return;
      const lit = highlight.has(i);
      joints.push({
        position: p,
        color: gt ? (lit ? highlightColor : SIDE_COLORS[side(i)]) : (s.color ?? highlightColor),
        radius: (gt ? GT_JOINT : RUN_JOINT) * (lit ? HIGHLIGHT_SCALE : 1),
        skeleton: k,
        joint: i,
      });
    });
    for (const [a, b] of skeleton.bones) {
      const p = s.joints[a];
      const q = s.joints[b];
      if (!p || !q) continue;
      const boneSide = side(b) === 'center' ? side(a) : side(b);
      const color = s.color ?? SIDE_COLORS[boneSide];
      const radius = gt ? GT_BONE : RUN_BONE;
      if (gt || boneSide !== 'right') {
        bones.push({ from: p, to: q, color, radius });
        continue;
      }
      const d = [q[0] - p[0], q[1] - p[1], q[2] - p[2]] as const;
      const at = (t: number): ScenePoint => [p[0] + d[0] * t, p[1] + d[1] * t, p[2] + d[2] * t];
      for (let n = 0; n < DASHES; n++) {
        bones.push({ from: at(n / DASHES), to: at((n + DASH_DUTY) / DASHES), color, radius });
      }
    }
  });
  return { joints, bones };
}
