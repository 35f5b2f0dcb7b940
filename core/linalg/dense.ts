/**
 * Small dense matrices of any shape, as arrays of rows: the homogeneous least-squares problems of
 * triangulation (2n × 4) and the normal equations of a few-parameter Levenberg–Marquardt step.
 */

export interface JacobiSvd {
  /** Singular values, descending. */
  readonly S: readonly number[];
  /** Right singular vectors: `V[k]` is the unit vector belonging to `S[k]`. */
  readonly V: readonly (readonly number[])[];
}

/**
 * Singular values and right singular vectors of an m × n matrix (m ≥ n) by one-sided Jacobi
 * rotations (Hestenes 1958), the algorithm of `svd3` for other shapes. Working on A itself
 * rather than forming AᵀA keeps the smallest singular vector accurate to rounding of A, where AᵀA
 * would square the condition number — that vector is the answer of a homogeneous least-squares
 * problem (Hartley & Zisserman, Multiple View Geometry, §A5.3).
 */
export function jacobiSvd(a: readonly (readonly number[])[]): JacobiSvd {
  const m = a.length;
  const n = a[0]?.length ?? 0;
  if (m < n)
    throw new RangeError(`jacobiSvd needs at least as many rows as columns, got ${m}×${n}`);
  if (a.some((row) => row.length !== n)) throw new RangeError('jacobiSvd needs rows of one length');
  // Column-major copies so that a rotation of two columns touches two contiguous arrays.
  const w = Array.from({ length: n }, (_, j) => a.map((row) => row[j] ?? 0));
  const v = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => +(i === j)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const wp = w[p]!;
        const wq = w[q]!;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += wp[i]! ** 2;
          beta += wq[i]! ** 2;
          gamma += wp[i]! * wq[i]!;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const [xp, xq] of [
          [wp, wq],
          [v[p]!, v[q]!],
        ] as const) {
          for (let i = 0; i < xp.length; i++) {
            const a0 = xp[i]!;
            const b0 = xq[i]!;
            xp[i] = c * a0 - s * b0;
            xq[i] = s * a0 + c * b0;
          }
        }
      }
    }
    if (!rotated) break;
  }
  const order = w
    .map((col, j) => ({ sigma: Math.hypot(...col), vec: v[j]! }))
    .sort((x, y) => y.sigma - x.sigma);
  return { S: order.map((o) => o.sigma), V: order.map((o) => o.vec) };
}

/**
 * Solves A·x = b for a square A by Gaussian elimination with partial pivoting; `undefined` when A
 * is singular to working precision (a pivot below 1e-14 of the largest entry).
 */
export function solveLinear(
  a: readonly (readonly number[])[],
  b: readonly number[],
): number[] | undefined {
  const n = a.length;
  if (b.length !== n || a.some((row) => row.length !== n)) {
    throw new RangeError(
      `solveLinear needs an n×n matrix and n values, got ${n} rows, ${b.length}`,
    );
  }
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(0, ...a.flatMap((row) => row.map(Math.abs)));
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[piv]![k]!)) piv = i;
    if (!(Math.abs(m[piv]![k]!) > 1e-14 * scale)) return undefined;
    [m[k], m[piv]] = [m[piv]!, m[k]!];
    const rk = m[k]!;
    for (let i = k + 1; i < n; i++) {
      const ri = m[i]!;
      const factor = ri[k]! / rk[k]!;
      for (let j = k; j <= n; j++) ri[j] = ri[j]! - factor * rk[j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    const rk = m[k]!;
    let s = rk[n]!;
    for (let j = k + 1; j < n; j++) s -= rk[j]! * x[j]!;
    x[k] = s / rk[k]!;
  }
  return x;
}
