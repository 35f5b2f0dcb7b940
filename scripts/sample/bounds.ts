// Which pixels a primitive can cover, so the ray caster only tries those: every primitive lies
// within r of a segment, so its image lies within a bounded distance of the projected segment.
import type { Vec3 } from '../../core';

/** Headroom on the bound below, against rounding. */
const MARGIN = 1.05;

/**
 * A bound (pixels, for focal length f) on how far the image of anything within r of the segment
 * a–b reaches from the segment's image. A point C + δ (|δ| ≤ r) projects
 * f·|(δx − x·δz, δy − y·δz)| / (C_z + δz) from C, with (x, y) = (C_x, C_y) / C_z, which is at
 * most f·r·√(1 + x² + y²) / z_min; (x, y) along the segment stay between the ends' values.
 */
export function projectedRadius(a: Vec3, b: Vec3, r: number, f: number): number {
  const zMin = Math.min(a[2], b[2]) - r;
  const x = Math.max(Math.abs(a[0] / a[2]), Math.abs(b[0] / b[2])) + r / zMin;
  const y = Math.max(Math.abs(a[1] / a[2]), Math.abs(b[1] / b[2])) + r / zMin;
  return (MARGIN * f * r * Math.sqrt(1 + x * x + y * y)) / zMin;
}

/**
 * The columns (continuous sample x) within R of the 2D segment pa–pb on the sample row at
 * height y: the part of the segment inside the band y ± R, widened by R. A superset of the
 * stadium's row, which is all the caller needs.
 */
export function stadiumRow(
  pa: readonly [number, number],
  pb: readonly [number, number],
  R: number,
  y: number,
): [number, number] {
  const dy = pb[1] - pa[1];
  let t0 = 0;
  let t1 = 1;
  if (Math.abs(dy) > 1e-9) {
    const ta = (y - R - pa[1]) / dy;
    const tb = (y + R - pa[1]) / dy;
    t0 = Math.max(0, Math.min(ta, tb));
    t1 = Math.min(1, Math.max(ta, tb));
    if (t0 > t1) return [Infinity, -Infinity];
  } else if (Math.abs(y - pa[1]) > R) {
    return [Infinity, -Infinity];
  }
  const xa = pa[0] + (pb[0] - pa[0]) * t0;
  const xb = pa[0] + (pb[0] - pa[0]) * t1;
  return [Math.min(xa, xb) - R, Math.max(xa, xb) + R];
}
