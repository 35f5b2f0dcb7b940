import type { PersonLabel } from '../../../contract';
import type { PersonJoints, Pose2D, Pose3D, Vec2, Vec3 } from '../../../core';

/** A label's (or a prediction's) joints in core's form: NaN for a missing joint. */
export function toPersonJoints(p: Pick<PersonLabel, 'joints3d' | 'joints2d'>): PersonJoints {
  return {
    joints3d: p.joints3d?.map((j): Vec3 => (j ? [j[0], j[1], j[2]] : [NaN, NaN, NaN])) ?? null,
    joints2d: p.joints2d?.map((j): Vec2 => (j ? [j[0], j[1]] : [NaN, NaN])) ?? null,
  };
}

const finite3 = (p: Vec3): [number, number, number] | null =>
  p.every(Number.isFinite) ? [p[0], p[1], p[2]] : null;
const finite2 = (p: Vec2): [number, number] | null =>
  p.every(Number.isFinite) ? [p[0], p[1]] : null;

/** Back to the contract's form (null for a missing joint), each channel only when present. */
export function toContractJoints(
  p: Partial<PersonJoints> & { joints3d?: Pose3D | null; joints2d?: Pose2D | null },
) {
  return {
    ...(p.joints3d ? { joints3d: p.joints3d.map(finite3) } : {}),
    ...(p.joints2d ? { joints2d: p.joints2d.map(finite2) } : {}),
    ...(p.vis ? { visibility: [...p.vis] } : {}),
    ...(p.bbox === undefined
      ? {}
      : { bbox: p.bbox && ([...p.bbox] as [number, number, number, number]) }),
  };
}
