import {
  mulMat3,
  mulMat3Vec3,
  transpose3,
  type Extrinsics,
  type Mat3,
  type Vec3,
} from '../../core';
import { toScene, type ScenePoint } from './sceneMath';

/**
 * Where another camera of the rig stands in the 3D panel, whose scene is the inspected camera's
 * space (sceneMath.ts). A point X_o in the other camera's space is X_a = R_a·R_oᵀ·(X_o − t_o) + t_a
 * in the inspected one's (both X_cam = R·X_world + t); the scene turns camera axes by
 * S = diag(1, −1, −1) and mm into metres, so the other camera's glyph, drawn in its own scene
 * axes, takes rotation S·R_a·R_oᵀ·S and translation S·c/1000, c its centre in the inspected
 * camera's space. Returned column-major, as three.js's Matrix4.fromArray reads it.
 */
export function rigMatrix(inspected: Extrinsics, other: Extrinsics): number[] {
  const rel: Mat3 = mulMat3(inspected.R, transpose3(other.R));
  const back = mulMat3Vec3(transpose3(other.R), other.t);
  const a = mulMat3Vec3(inspected.R, [-back[0], -back[1], -back[2]]);
  const centre: Vec3 = [a[0] + inspected.t[0], a[1] + inspected.t[1], a[2] + inspected.t[2]];
  const s = [1, -1, -1];
  const m = (i: number, j: number) => s[i]! * rel[i]![j]! * s[j]!;
  const p = toScene(centre);
  // prettier-ignore
  return [
    m(0, 0), m(1, 0), m(2, 0), 0,
    m(0, 1), m(1, 1), m(2, 1), 0,
    m(0, 2), m(1, 2), m(2, 2), 0,
    p[0], p[1], p[2], 1,
  ];
}

/** The other camera's centre in the scene (the matrix's translation). */
export const rigCentre = (inspected: Extrinsics, other: Extrinsics): ScenePoint => {
  const m = rigMatrix(inspected, other);
  return [m[12]!, m[13]!, m[14]!];
};
