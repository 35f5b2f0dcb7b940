import { svd3 } from './linalg/svd3';
import { IDENTITY3, centroid, det3, finite3, mulMat3, mulMat3Vec3, transpose3 } from './linalg/vec';
import type { Mat3, Pose3D, Vec3 } from './types';

/** Subtracts the root (mean of `rootIndices`) from every joint: the Protocol 1 alignment. */
export function rootAlign(pose: Pose3D, rootIndices: readonly number[]): Pose3D {
  const r = centroid(pose, rootIndices);
  return pose.map((p) => [p[0] - r[0], p[1] - r[1], p[2] - r[2]]);
}

export interface Similarity {
  readonly R: Mat3;
  readonly s: number;
  readonly t: Vec3;
}

/**
 * s·R·p + t of one point, written into `out`: the one place the arithmetic is spelt (each row of
 * R dotted with p in the order `dot3` takes, then scaled, then moved), so a caller scoring many
 * people can reuse one `out` instead of building every aligned pose.
 */
export function similarityPoint(T: Similarity, p: Vec3, out: [number, number, number]): void {
  const [r0, r1, r2] = T.R;
  out[0] = T.s * (r0[0] * p[0] + r0[1] * p[1] + r0[2] * p[2]) + T.t[0];
  out[1] = T.s * (r1[0] * p[0] + r1[1] * p[1] + r1[2] * p[2]) + T.t[1];
  out[2] = T.s * (r2[0] * p[0] + r2[1] * p[1] + r2[2] * p[2]) + T.t[2];
}

export const applySimilarity = (pose: Pose3D, T: Similarity): Pose3D =>
  pose.map((p) => {
    const q: [number, number, number] = [0, 0, 0];
    similarityPoint(T, p, q);
    return q;
  });

/**
 * Least-squares similarity transform minimising Σ‖dst_i − (s·R·src_i + t)‖²
 * (Umeyama 1991, "Least-squares estimation of transformation parameters between two point
 * patterns", Eq. 40–42). Σ = (1/n)·Σ (dst_i − μ_d)(src_i − μ_s)ᵀ = U·D·Vᵀ;
 * S = diag(1, 1, sign(det U·det V)) guards against reflections; R = U·S·Vᵀ;
 * s = tr(D·S) / σ²_src; t = μ_d − s·R·μ_s. With `withScale: false`, s = 1 (rigid).
 * Joints with any non-finite coordinate in either pose are left out of the fit.
 */
export function umeyama(src: Pose3D, dst: Pose3D, withScale = true): Similarity {
  if (src.length !== dst.length) {
    throw new RangeError(`umeyama: ${src.length} source joints vs ${dst.length} target joints`);
  }
  const keep: number[] = [];
  src.forEach((p, i) => {
    const q = dst[i];
    if (q && finite3(p) && finite3(q)) keep.push(i);
  });
  if (keep.length === 0) return { R: IDENTITY3, s: 1, t: [0, 0, 0] };
  const muS = centroid(src, keep);
  const muD = centroid(dst, keep);
  const cov = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ] as [number, number, number][];
  let varS = 0;
  for (const i of keep) {
    const a = src[i]!;
    const b = dst[i]!;
    const x: Vec3 = [a[0] - muS[0], a[1] - muS[1], a[2] - muS[2]];
    const y: Vec3 = [b[0] - muD[0], b[1] - muD[1], b[2] - muD[2]];
    varS += x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) cov[r]![c]! += y[r]! * x[c]!;
  }
  const n = keep.length;
  varS /= n;
  const covM = cov.map((row) => row.map((v) => v / n)) as unknown as Mat3;
  const { U, S, V } = svd3(covM);
  const sign = det3(U) * det3(V) < 0 ? -1 : 1;
  const Sd: Mat3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, sign],
  ];
  const R = mulMat3(mulMat3(U, Sd), transpose3(V));
  const s = withScale && varS > 0 ? (S[0] + S[1] + sign * S[2]) / varS : 1;
  const rm = mulMat3Vec3(R, muS);
  return { R, s, t: [muD[0] - s * rm[0], muD[1] - s * rm[1], muD[2] - s * rm[2]] };
}

/** `pred` mapped onto `gt` by the Umeyama similarity: the Protocol 2 alignment. */
export const procrustesAlign = (pred: Pose3D, gt: Pose3D): Pose3D =>
  applySimilarity(pred, umeyama(pred, gt, true));
