import { add3, cross3, dist3, dot3, isFiniteVec, norm3, scale3 } from '../linalg/vec';
import { descendants } from '../skeletons/tree';
import type { Pose3D, Vec3 } from '../types';
import { presentJoint } from './types';

/**
 * Where a child joint can lie on its camera ray given its parent and the bone length
 * (DRPose3D, Wang et al. 2018: 2D and bone length leave two depths per limb). Points on the ray
 * are depth·d with d = ray/ray_z, so solutions are camera depths z (mm). `foot` is the depth of
 * the ray point nearest the parent; the two solutions sit symmetrically about it.
 */
export type LimbDepthSolutions =
  | { readonly kind: 'two'; readonly near: number; readonly far: number; readonly foot: number }
  /** The ray grazes the sphere: one depth, nothing to flip to. */
  | { readonly kind: 'tangent'; readonly depth: number; readonly foot: number }
  /** The ray passes `gapMm` outside the sphere: no depth gives this bone length. */
  | { readonly kind: 'miss'; readonly foot: number; readonly gapMm: number };

/**
 * Solves |z·d − parent| = L on the ray (`ray` any point on it in front of the camera, e.g.
 * `pixelToCamera(uv, 1, intr)` for a 2D label). The discriminant is formed as (L − h)(L + h)
 * from the ray's distance h to the parent, not as b² − 4ac, which cancels catastrophically at
 * the depths of real scenes. Solutions closer than `toleranceMm` apart count as one (tangent).
 */
export function limbDepthSolutions(
  parent: Vec3,
  ray: Vec3,
  boneLengthMm: number,
  toleranceMm = 1e-6,
): LimbDepthSolutions {
  if (!(ray[2] > 0)) throw new RangeError('the ray must point in front of the camera (z > 0)');
  const d = scale3(ray, 1 / ray[2]);
  const a = dot3(d, d);
  const foot = footDepth(parent, ray);
  const h = norm3(cross3(parent, d)) / Math.sqrt(a);
  const L = boneLengthMm;
  if (L < h) return { kind: 'miss', foot, gapMm: h - L };
  const half = Math.sqrt((L - h) * (L + h));
  if (2 * half < toleranceMm) return { kind: 'tangent', depth: foot, foot };
  const dz = half / Math.sqrt(a);
  return { kind: 'two', near: foot - dz, far: foot + dz, foot };
}

/** Depth of the point on `ray` nearest `point`. */
function footDepth(point: Vec3, ray: Vec3): number {
  const d = scale3(ray, 1 / ray[2]);
  return dot3(point, d) / dot3(d, d);
}

export type FlipDescendants = 'translate' | 'keep2d';

export type FlipResult =
  | {
      readonly ok: true;
      readonly pose: Pose3D;
      readonly depthBefore: number;
      readonly depthAfter: number;
      /** With 'keep2d': descendants whose ray missed their bone's sphere after the move. */
      readonly unresolved: readonly number[];
    }
  | {
      readonly ok: false;
      readonly reason: 'root' | 'tangent' | 'behind-camera';
      readonly message: string;
    };

/**
 * Limb depth flip: moves joint J to the other depth on its own ray at which the bone
 * parent(J)→J has its current length, so its 2D projection and that bone stay as they are.
 *
 * The other depth is 2·foot − z_J (the reflection about the ray point nearest the parent)
 * rather than a fresh root of the quadratic: it needs no square root, so flipping twice gives
 * back the original to rounding.
 *
 * Descendants, by default, translate with J: the flip then changes the orientation of exactly
 * the one bone whose ambiguity is being resolved, and the limb below keeps its 3D shape and all
 * its bone lengths (its 2D projections shift a little). `'keep2d'` instead re-solves each
 * descendant on its own ray around its moved parent, on the same side of its sphere it was on,
 * keeping every projection and bone length; a descendant for which no such depth exists (its
 * ray now misses its sphere, or the depth is behind the camera) translates instead and is
 * listed in `unresolved`.
 */
export function flipLimbDepth(
  pose: Pose3D,
  parents: readonly number[],
  joint: number,
  opts: { descendants?: FlipDescendants; toleranceMm?: number } = {},
): FlipResult {
  const c = presentJoint(pose, joint);
  const parent = parents[joint] ?? -1;
  const name = `joint ${joint}`;
  if (parent < 0) {
    return { ok: false, reason: 'root', message: `${name} is a root: it has no bone to flip` };
  }
  const p = presentJoint(pose, parent);
  const sol = limbDepthSolutions(p, c, dist3(c, p), opts.toleranceMm);
  if (sol.kind !== 'two') {
    const message = `${name}'s ray grazes its bone's sphere: both depths coincide, nothing to flip`;
    return { ok: false, reason: 'tangent', message };
  }
  const depthAfter = 2 * sol.foot - c[2];
  if (!(depthAfter > 0)) {
    const message = `the other depth of ${name} (${depthAfter.toFixed(0)} mm) is behind the camera`;
    return { ok: false, reason: 'behind-camera', message };
  }
  const out = [...pose];
  out[joint] = scale3(c, depthAfter / c[2]);
  const shift = scale3(c, depthAfter / c[2] - 1);
  const unresolved: number[] = [];
  for (const k of descendants(parents, joint)) {
    const q = pose[k]!;
    const moved =
      opts.descendants === 'keep2d' ? onOwnRay(q, pose[parents[k]!]!, out[parents[k]!]!) : null;
    if (opts.descendants === 'keep2d' && !moved) unresolved.push(k);
    out[k] = moved ?? add3(q, shift);
  }
  return { ok: true, pose: out, depthBefore: c[2], depthAfter, unresolved };
}

/**
 * `q` moved along its own ray so that its bone to `parentAfter` keeps the length it had to
 * `parentBefore`, on the same side of the ray's foot point; null when no such point exists in
 * front of the camera (or a joint is missing), and the caller falls back to translating.
 */
function onOwnRay(q: Vec3, parentBefore: Vec3, parentAfter: Vec3): Vec3 | null {
  if (!isFiniteVec(q) || !isFiniteVec(parentBefore) || !(q[2] > 0)) return null;
  const farSide = q[2] >= footDepth(parentBefore, q);
  const sol = limbDepthSolutions(parentAfter, q, dist3(q, parentBefore), 0);
  if (sol.kind === 'miss') return null;
  const z = sol.kind === 'tangent' ? sol.depth : farSide ? sol.far : sol.near;
  return z > 0 ? scale3(q, z / q[2]) : null;
}
