import type { PersonJoints, Pose2D, Pose3D, Vec2, Vec3 } from '../core';

/**
 * The one joint codec both sides use. Core marks a missing joint NaN (metrics skip it); JSON has
 * no NaN, so a joint with a non-finite coordinate crosses the boundary as null.
 */
export type WireJoint3 = [number, number, number] | null;
export type WireJoint2 = [number, number] | null;

export const jointToWire3 = (p: Vec3): WireJoint3 =>
  p.every(Number.isFinite) ? [p[0], p[1], p[2]] : null;
export const jointToWire2 = (p: Vec2): WireJoint2 =>
  p.every(Number.isFinite) ? [p[0], p[1]] : null;

export const jointFromWire3 = (p: readonly [number, number, number] | null): Vec3 =>
  p ? [p[0], p[1], p[2]] : [NaN, NaN, NaN];
export const jointFromWire2 = (p: readonly [number, number] | null): Vec2 =>
  p ? [p[0], p[1]] : [NaN, NaN];

/** Joints packed row-major (J×n, as the index stores them) in the wire's form. */
export function packedToWire(a: Float64Array, n: 3): WireJoint3[];
export function packedToWire(a: Float64Array, n: 2): WireJoint2[];
export function packedToWire(a: Float64Array, n: 2 | 3): (WireJoint3 | WireJoint2)[] {
  return Array.from({ length: a.length / n }, (_, j) =>
    n === 3
      ? jointToWire3([a[3 * j]!, a[3 * j + 1]!, a[3 * j + 2]!])
      : jointToWire2([a[2 * j]!, a[2 * j + 1]!]),
  );
}

/** A label's (or a prediction's) joints in core's form: NaN for a missing joint. */
export function toPersonJoints(p: {
  readonly joints3d?: readonly (readonly [number, number, number] | null)[] | null;
  readonly joints2d?: readonly (readonly [number, number] | null)[] | null;
}): PersonJoints {
  return {
    joints3d: p.joints3d?.map(jointFromWire3) ?? null,
    joints2d: p.joints2d?.map(jointFromWire2) ?? null,
  };
}

/** Back to the wire's form (null for a missing joint), each channel only when present. */
export function toContractJoints(
  p: Partial<PersonJoints> & { joints3d?: Pose3D | null; joints2d?: Pose2D | null },
) {
  return {
    ...(p.joints3d ? { joints3d: p.joints3d.map(jointToWire3) } : {}),
    ...(p.joints2d ? { joints2d: p.joints2d.map(jointToWire2) } : {}),
    ...(p.vis ? { visibility: [...p.vis] } : {}),
    ...(p.bbox === undefined
      ? {}
      : { bbox: p.bbox && ([...p.bbox] as [number, number, number, number]) }),
  };
}
