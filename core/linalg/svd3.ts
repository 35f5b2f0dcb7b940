import type { Mat3, Vec3 } from '../types';
import { cross3, dot3, norm3, transpose3 } from './vec';

export interface Svd3 {
  /** Left singular vectors as matrix columns. */
  readonly U: Mat3;
  /** Singular values, descending. */
  readonly S: Vec3;
  /** Right singular vectors as matrix columns. */
  readonly V: Mat3;
}

type MutMat = [number, number, number][];

const columnsToMat = (cols: readonly Vec3[]): Mat3 => {
  const [a, b, c] = cols as [Vec3, Vec3, Vec3];
  return transpose3([a, b, c]);
};

/** Any unit vector orthogonal to `a` (|a| = 1). */
function orthogonalTo(a: Vec3): Vec3 {
  const axis: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const c = cross3(a, axis);
  const n = norm3(c);
  return [c[0] / n, c[1] / n, c[2] / n];
}

/**
 * Singular value decomposition A = U·diag(S)·Vᵀ of a 3×3 matrix by one-sided Jacobi
 * rotations (Hestenes 1958; Demmel & Veselić 1992, "Jacobi's method is more accurate than QR").
 * One-sided Jacobi orthogonalises the columns of A·V directly, so it keeps full relative
 * accuracy for the small singular values that decide the reflection guard in Umeyama.
 * U is completed to an orthonormal basis when A is rank-deficient.
 */
export function svd3(a: Mat3): Svd3 {
  // Scaled by the largest entry first: the squares of tiny (subnormal) entries underflow to 0
  // and of huge ones overflow, leaving columns whose norm cannot normalise them (NaN).
  const largest = Math.max(
    ...a.map((r) => Math.max(Math.abs(r[0]), Math.abs(r[1]), Math.abs(r[2]))),
  );
  const k = largest > 0 && Number.isFinite(largest) ? largest : 1;
  const w: MutMat = a.map((r) => [r[0] / k, r[1] / k, r[2] / k]);
  const v: MutMat = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const pairs = [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (const [p, q] of pairs) {
      let alpha = 0;
      let beta = 0;
      let gamma = 0;
      for (const row of w) {
        alpha += row[p] ** 2;
        beta += row[q] ** 2;
        gamma += row[p] * row[q];
      }
      if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
      rotated = true;
      const zeta = (beta - alpha) / (2 * gamma);
      const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
      const c = 1 / Math.sqrt(1 + t * t);
      const s = c * t;
      for (const m of [w, v]) {
        for (const row of m) {
          const xp = row[p];
          const xq = row[q];
          row[p] = c * xp - s * xq;
          row[q] = s * xp + c * xq;
        }
      }
    }
    if (!rotated) break;
  }

  const cols = [0, 1, 2].map((k) => {
    const col: Vec3 = [w[0]![k]!, w[1]![k]!, w[2]![k]!];
    const vcol: Vec3 = [v[0]![k]!, v[1]![k]!, v[2]![k]!];
    return { sigma: norm3(col), col, vcol };
  });
  cols.sort((x, y) => y.sigma - x.sigma);
  const [c0, c1, c2] = cols as [(typeof cols)[0], (typeof cols)[0], (typeof cols)[0]];
  const scaleTol = Math.max(c0.sigma, 1e-300) * 1e-13;

  const unit = (x: Vec3, n: number): Vec3 => [x[0] / n, x[1] / n, x[2] / n];
  let u0: Vec3 = c0.sigma > 0 ? unit(c0.col, c0.sigma) : [1, 0, 0];
  let u1: Vec3;
  if (c1.sigma > scaleTol) {
    u1 = unit(c1.col, c1.sigma);
  } else {
    u1 = orthogonalTo(u0);
  }
  // Re-orthogonalise against rounding before completing the basis.
  const d = dot3(u0, u1);
  const u1o: Vec3 = [u1[0] - d * u0[0], u1[1] - d * u0[1], u1[2] - d * u0[2]];
  u1 = unit(u1o, norm3(u1o));
  let u2: Vec3;
  if (c2.sigma > scaleTol) {
    u2 = unit(c2.col, c2.sigma);
  } else {
    u2 = cross3(u0, u1);
  }
  u0 = unit(u0, norm3(u0));
  return {
    U: columnsToMat([u0, u1, u2]),
    S: [c0.sigma * k, c1.sigma * k, c2.sigma * k],
    V: columnsToMat([c0.vcol, c1.vcol, c2.vcol]),
  };
}
