import type { Intrinsics } from './camera';
import type { Vec2, Vec3 } from './types';

/**
 * The camera-space translation that best places a metric, camera-aligned, root-relative pose
 * on its 2D joints (linear least squares on the pinhole equations
 * (u − cx)(Z + Tz) = fx (X + Tx), likewise for v). The root depth it gives is the lifted
 * body's size read against the image (a size prior): all of BlazePose's, which predicts no
 * depth, and one of the two a keypoint lifter's run weighs (fuseDepths).
 * Returns undefined when fewer than two joints carry weight or the fit lands behind the camera.
 */
export function fitRootTranslation(
  relative: readonly Vec3[],
  image: readonly Vec2[],
  weights: readonly number[],
  k: Intrinsics,
): Vec3 | undefined {
  const [fx, fy] = k.f;
  const [cx, cy] = k.c;
  // Normal equations AᵀWA t = AᵀWb for the rows [fx, 0, −du]·t = du·Z − fx·X and
  // [0, fy, −dv]·t = dv·Z − fy·Y.
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  let used = 0;
  const add = (row: readonly [number, number, number], b: number, w: number) => {
    for (let i = 0; i < 3; i++) {
      r[i]! += w * row[i]! * b;
      for (let j = 0; j < 3; j++) m[3 * i + j]! += w * row[i]! * row[j]!;
    }
  };
  relative.forEach(([X, Y, Z], j) => {
    const w = weights[j] ?? 0;
    const uv = image[j];
    if (!(w > 0) || !uv || ![X, Y, Z, uv[0], uv[1]].every(Number.isFinite)) return;
    const du = uv[0] - cx;
    const dv = uv[1] - cy;
    add([fx, 0, -du], du * Z - fx * X, w);
    add([0, fy, -dv], dv * Z - fy * Y, w);
    used++;
  });
  if (used < 2) return undefined;
  const t = solve3(m, r);
  return t && t[2] > 0 ? t : undefined;
}

/** Cramer's rule for a 3×3 system (row-major), or undefined when singular. */
function solve3(m: readonly number[], b: readonly number[]): Vec3 | undefined {
  const det = (a: readonly number[]) =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  if (!(Math.abs(d) > 1e-12)) return undefined;
  const col = (i: number) => m.map((v, k) => (k % 3 === i ? b[Math.floor(k / 3)]! : v));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/** One estimate of a person's root depth and its spread, as SD of log(estimate / truth). */
export interface DepthEstimate {
  readonly depth: number;
  readonly logSd: number;
}

/**
 * Several estimates of one root depth as one: the inverse-variance weighted mean of their
 * logarithms (depth errors are relative, so they are combined as ratios). Estimates whose
 * depth or spread is not a positive finite number are left out; undefined when none is left.
 * The estimates need not be independent for this to help, only not identical: the keypoint
 * root-depth bins and a fit of a lifted pose both read the body's size, with errors
 * correlated about 0.7 on held-out data, and their weighted mean still beats either.
 */
export function fuseDepths(estimates: readonly DepthEstimate[]): number | undefined {
  let sum = 0;
  let weights = 0;
  for (const { depth, logSd } of estimates) {
    if (!(depth > 0 && logSd > 0 && Number.isFinite(depth) && Number.isFinite(logSd))) continue;
    const w = 1 / (logSd * logSd);
    sum += w * Math.log(depth);
    weights += w;
  }
  return weights > 0 ? Math.exp(sum / weights) : undefined;
}
