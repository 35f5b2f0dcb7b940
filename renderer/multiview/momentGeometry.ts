import {
  cameraToWorld,
  kinematicParents,
  projectWorldPoint,
  triangulatePoint,
  worldToCamera,
  type Camera,
  type Skeleton,
  type Vec2,
  type Vec3,
} from '../../core';
import type { Moment, MomentView, PersonLabel } from '../../contract';

export type Point2 = readonly [number, number] | null;
export type Point3 = Vec3 | null;

/** A camera-space pose (mm, null for a missing joint) taken to the world through its camera. */
export function toWorld(
  joints: readonly (readonly [number, number, number] | null)[] | null,
  camera: Camera,
): Point3[] | null {
  return joints ? joints.map((p) => (p ? cameraToWorld(p, camera) : null)) : null;
}

/**
 * A world pose seen through a view's whole camera, lens distortion included; a joint at or
 * behind the camera's plane has no image and is left out.
 */
export function projectPose(world: readonly Point3[], camera: Camera): Point2[] {
  return world.map((x) => {
    if (!x || !(worldToCamera(x, camera)[2] > 0)) return null;
    const uv = projectWorldPoint(camera, x);
    return uv.every(Number.isFinite) ? [uv[0], uv[1]] : null;
  });
}

export interface ReprojectionError {
  /** Mean over the joints both have (px). */
  readonly mean: number;
  readonly max: number;
  /** The joint with the largest error. */
  readonly worst: number;
  readonly joints: number;
}

/** How far a view's 2D labels lie from the world pose's projection into it; null with no joint in common. */
export function reprojectionError(
  labels: readonly Point2[] | null,
  projected: readonly Point2[],
): ReprojectionError | null {
  if (!labels) return null;
  let sum = 0;
  let n = 0;
  let max = -1;
  let worst = -1;
  projected.forEach((p, j) => {
    const l = labels[j];
    if (!p || !l) return;
    const d = Math.hypot(p[0] - l[0], p[1] - l[1]);
    sum += d;
    n++;
    if (d > max) [max, worst] = [d, j];
  });
  return n === 0 ? null : { mean: sum / n, max, worst, joints: n };
}

/** The moment's view a frame came from (the anchor), and that view's person by index. */
export const anchorView = (m: Moment): MomentView | undefined =>
  m.views.find((v) => v.frame.imageId === m.imageId);

export const personIn = (v: MomentView, person: number): PersonLabel | undefined =>
  v.frame.people.find((p) => p.person === person);

/** A joint placed in one view, for the triangulation. */
export interface Placement {
  readonly imageId: number;
  readonly camera: Camera;
  readonly pixel: Vec2;
}

export type LiveTriangulation =
  | {
      readonly ok: true;
      readonly point: Vec3;
      /** Per placement, in order (px). */
      readonly residuals: readonly number[];
    }
  | { readonly ok: false; readonly why: string };

/** The triangulation the main side will write, computed as the user drags (core/triangulate). */
export function triangulateLive(placed: readonly Placement[]): LiveTriangulation {
  if (placed.length < 2) return { ok: false, why: 'place the joint in at least two views' };
  try {
    const t = triangulatePoint(placed.map((p) => ({ camera: p.camera, pixel: p.pixel })));
    return { ok: true, point: t.point, residuals: t.residuals };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message : String(err) };
  }
}

export interface BoneCheck {
  readonly from: number;
  readonly to: number;
  /** Length now (from the labels) and with the joint at the triangulated point, mm. */
  readonly now: number | null;
  readonly then: number | null;
  /** The person's median over their frames, mm (null where unknown). */
  readonly median: number | null;
}

const dist = (a: Point3, b: Point3) =>
  a && b ? Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) : null;

/** The bones at `joint` (to its parent and its children), before and after it moves to `point`. */
export function bonesAt(
  skeleton: Skeleton,
  world: readonly Point3[],
  joint: number,
  point: Vec3 | null,
  medianMm: readonly (number | null)[] | null,
): BoneCheck[] {
  const parents = kinematicParents(skeleton);
  const pairs: [number, number][] = [];
  const parent = parents[joint] ?? -1;
  if (parent >= 0) pairs.push([parent, joint]);
  parents.forEach((p, child) => {
    if (p === joint) pairs.push([joint, child]);
  });
  return pairs.map(([from, to]) => {
    const other = from === joint ? to : from;
    return {
      from,
      to,
      now: dist(world[joint] ?? null, world[other] ?? null),
      then: point ? dist(point, world[other] ?? null) : null,
      // The median is per joint: the bone from its kinematic parent.
      median: medianMm?.[to] ?? null,
    };
  });
}

/**
 * The part of a view to show when following a person: the extent of the given points padded by
 * a third of its size each way, at least a quarter of the image each way, kept inside the image;
 * null without any point.
 */
export function followRegion(
  points: readonly Point2[],
  width: number,
  height: number,
): [number, number, number, number] | null {
  const pts = points.filter((p): p is readonly [number, number] => p !== null);
  if (pts.length === 0) return null;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const w = Math.min(width, Math.max((x1 - x0) * 1.66, width / 4));
  const h = Math.min(height, Math.max((y1 - y0) * 1.66, height / 4));
  const cx = Math.min(Math.max((x0 + x1) / 2, w / 2), width - w / 2);
  const cy = Math.min(Math.max((y0 + y1) / 2, h / 2), height - h / 2);
  return [cx - w / 2, cy - h / 2, w, h];
}
