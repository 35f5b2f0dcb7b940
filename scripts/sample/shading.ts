// How the sample's room looks: a tiled floor fading into a plain backdrop, one directional light
// with sky light from above, and depth cues on the mannequins (nearer is brighter, farther
// fades into haze) so depth order reads at a glance.
import { mulMat3Vec3, type Mat3, type Vec3 } from '../../core';
import type { Material, Rgb } from './mannequin';

/** Towards the light, world frame (y up): from above, front left of camera TS1. */
const LIGHT: Vec3 = (() => {
  const v: Vec3 = [-0.45, 1, 0.55];
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
})();
const HAZE: Rgb = [0.8, 0.82, 0.85];
const TILE_MM = 1000;

export const smooth = (e0: number, e1: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Checker parity in −1…1, the edge blended over `width` mm so far tiles do not alias. */
function checkerEdge(v: number, width: number): number {
  const m = (((v % (2 * TILE_MM)) + 2 * TILE_MM) % (2 * TILE_MM)) - TILE_MM;
  return smooth(-width, width, m) * 2 - 1;
}

/**
 * Colour seen along a unit world-space ray (dx, dy, dz) from `eye`, and the floor point it hits
 * (y = 0; NaN when it sees the backdrop). `footprint` is one sample's width per mm of distance.
 */
export function roomColor(
  eye: Vec3,
  dx: number,
  dy: number,
  dz: number,
  footprint: number,
  out: Float64Array,
): void {
  // Backdrop: a soft vertical gradient, darker overhead.
  const sky = smooth(-0.05, 0.6, dy);
  let r = HAZE[0] - 0.22 * sky;
  let g = HAZE[1] - 0.2 * sky;
  let b = HAZE[2] - 0.16 * sky;
  out[3] = NaN;
  out[4] = NaN;
  if (dy < -1e-4) {
    const t = eye[1] / -dy;
    const fx = eye[0] + t * dx;
    const fz = eye[2] + t * dz;
    out[3] = fx;
    out[4] = fz;
    const checker = 0.5 + 0.5 * checkerEdge(fx, t * footprint) * checkerEdge(fz, t * footprint);
    const base = 0.6 + 0.07 * checker;
    const fog = smooth(3000, 26000, t);
    r = base * 1.02 + (r - base * 1.02) * fog;
    g = base * 0.97 + (g - base * 0.97) * fog;
    b = base * 0.9 + (b - base * 0.9) * fog;
  }
  out[0] = r;
  out[1] = g;
  out[2] = b;
}

/** Lighting in one camera's frame. */
export class Shader {
  private readonly light: Vec3;
  private readonly up: Vec3;

  constructor(R: Mat3) {
    this.light = mulMat3Vec3(R, LIGHT);
    this.up = mulMat3Vec3(R, [0, 1, 0]);
  }

  /**
   * Colour of a surface point at distance t (mm) along the unit view ray (rx, ry, rz), with
   * normal n = [nx, ny, nz, axial] as the intersectors leave it; written to out[at…at+2].
   */
  shade(
    m: Material,
    n: Float64Array,
    rx: number,
    ry: number,
    rz: number,
    t: number,
    out: Float32Array,
    at: number,
  ): void {
    const nx = n[0]!;
    const ny = n[1]!;
    const nz = n[2]!;
    let base = m.color;
    if (m.split !== undefined && m.color2 && n[3]! > m.split) base = m.color2;
    if (m.hairDir && m.hair && nx * m.hairDir[0] + ny * m.hairDir[1] + nz * m.hairDir[2] > 0.1) {
      base = m.hair;
    }
    const L = this.light;
    const up = this.up;
    const ndl = Math.max(0, nx * L[0] + ny * L[1] + nz * L[2]);
    const sky = 0.3 + 0.12 * (nx * up[0] + ny * up[1] + nz * up[2]);
    // Blinn–Phong highlight from the half vector between light and eye.
    const hx = L[0] - rx;
    const hy = L[1] - ry;
    const hz = L[2] - rz;
    const ndh = Math.max(0, (nx * hx + ny * hy + nz * hz) / Math.sqrt(hx * hx + hy * hy + hz * hz));
    // ndh^(2^gloss) by repeated squaring: a power this often costs more than the rest.
    let spec = ndh;
    for (let g = m.gloss ?? 4; g > 0; g--) spec *= spec;
    spec *= 0.18;
    const near = 1.12 - 0.045 * (t / 1000);
    const fog = Math.min(0.45, Math.max(0, (t - 2500) / 14000));
    const light = sky + 0.7 * ndl;
    for (let k = 0; k < 3; k++) {
      const lit = (base[k]! * light + spec) * near;
      out[at + k] = lit + (HAZE[k]! - lit) * fog;
    }
  }
}
