// Ray intersections for the mannequin renderer, for rays from the camera centre (the origin of
// camera space) with unit direction (dx, dy, dz). Formulas after Inigo Quilez's
// "intersectors" (iquilezles.org/articles/intersectors), specialised to a ray origin at 0 so
// the per-primitive terms are computed once, not once per ray.
import type { Vec3 } from '../../core';

/**
 * A shape the renderer can cast rays at. Every shape here lies within distance `r` of the
 * segment a–b (a sphere has a = b), which bounds the pixels the renderer has to try.
 */
export interface Primitive {
  /** Distance to the first hit, or −1; the unit normal and `axial` are left in `out`. */
  hit(dx: number, dy: number, dz: number, out: Float64Array): number;
  readonly a: Vec3;
  readonly b: Vec3;
  readonly r: number;
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** A capsule: the points within r of the segment a–b. `axial` in the output is 0 at a, 1 at b. */
export class Capsule implements Primitive {
  private readonly ba: Vec3;
  private readonly baba: number;
  private readonly baoa: number;
  private readonly c: number;
  private readonly ca: number;
  private readonly cb: number;

  constructor(
    readonly a: Vec3,
    readonly b: Vec3,
    readonly r: number,
  ) {
    this.ba = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    this.baba = Math.max(dot(this.ba, this.ba), 1e-9);
    this.baoa = -dot(this.ba, a);
    this.c = this.baba * dot(a, a) - this.baoa * this.baoa - r * r * this.baba;
    this.ca = dot(a, a) - r * r;
    this.cb = dot(b, b) - r * r;
  }

  hit(dx: number, dy: number, dz: number, out: Float64Array): number {
    const { a, b, ba, baba, baoa, r } = this;
    const bard = ba[0] * dx + ba[1] * dy + ba[2] * dz;
    const rdoa = -(a[0] * dx + a[1] * dy + a[2] * dz);
    const k2 = baba - bard * bard;
    const k1 = baba * rdoa - baoa * bard;
    const h = k1 * k1 - k2 * this.c;
    if (h < 0) return -1;
    let t = -1;
    if (k2 > 1e-9) {
      t = (-k1 - Math.sqrt(h)) / k2;
      const y = baoa + t * bard;
      if (y <= 0 || y >= baba) t = -1;
    }
    if (t < 0) {
      // Not on the cylindrical body: the nearer end cap's sphere, if either is hit.
      const ta = sphereT(a, this.ca, dx, dy, dz);
      const tb = sphereT(b, this.cb, dx, dy, dz);
      t = ta < 0 ? tb : tb < 0 ? ta : Math.min(ta, tb);
      if (t < 0) return -1;
    }
    const px = t * dx - a[0];
    const py = t * dy - a[1];
    const pz = t * dz - a[2];
    const s = Math.min(1, Math.max(0, (px * ba[0] + py * ba[1] + pz * ba[2]) / baba));
    out[0] = (px - s * ba[0]) / r;
    out[1] = (py - s * ba[1]) / r;
    out[2] = (pz - s * ba[2]) / r;
    out[3] = s;
    return t;
  }
}

/** First hit of a ray from the origin with the sphere at c, given |c|² − r². */
function sphereT(c: Vec3, cc: number, dx: number, dy: number, dz: number): number {
  const b = -(c[0] * dx + c[1] * dy + c[2] * dz);
  const h = b * b - cc;
  return h < 0 ? -1 : -b - Math.sqrt(h);
}

export class Sphere implements Primitive {
  private readonly cc: number;

  constructor(
    readonly c: Vec3,
    readonly r: number,
  ) {
    this.cc = dot(c, c) - r * r;
  }

  get a(): Vec3 {
    return this.c;
  }

  get b(): Vec3 {
    return this.c;
  }

  hit(dx: number, dy: number, dz: number, out: Float64Array): number {
    const t = sphereT(this.c, this.cc, dx, dy, dz);
    if (t < 0) return -1;
    out[0] = (t * dx - this.c[0]) / this.r;
    out[1] = (t * dy - this.c[1]) / this.r;
    out[2] = (t * dz - this.c[2]) / this.r;
    out[3] = 0;
    return t;
  }
}

/** A solid cylinder with flat caps between a and b (the stool's seat). */
export class Cylinder implements Primitive {
  private readonly ba: Vec3;
  private readonly baba: number;
  private readonly baoc: number;
  private readonly k0: number;

  constructor(
    readonly a: Vec3,
    readonly b: Vec3,
    readonly r: number,
  ) {
    this.ba = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    this.baba = dot(this.ba, this.ba);
    this.baoc = -dot(this.ba, a);
    this.k0 = this.baba * dot(a, a) - this.baoc * this.baoc - r * r * this.baba;
  }

  hit(dx: number, dy: number, dz: number, out: Float64Array): number {
    const { a, ba, baba, baoc, r } = this;
    const bard = ba[0] * dx + ba[1] * dy + ba[2] * dz;
    const k2 = baba - bard * bard;
    const k1 = -baba * (a[0] * dx + a[1] * dy + a[2] * dz) - baoc * bard;
    let h = k1 * k1 - k2 * this.k0;
    if (h < 0) return -1;
    h = Math.sqrt(h);
    let t = (-k1 - h) / k2;
    const y = baoc + t * bard;
    if (y > 0 && y < baba) {
      out[0] = (t * dx - a[0] - (ba[0] * y) / baba) / r;
      out[1] = (t * dy - a[1] - (ba[1] * y) / baba) / r;
      out[2] = (t * dz - a[2] - (ba[2] * y) / baba) / r;
      out[3] = 0;
      return t;
    }
    t = ((y < 0 ? 0 : baba) - baoc) / bard;
    if (Math.abs(k1 + k2 * t) >= h) return -1;
    const sign = y < 0 ? -1 : 1;
    const n = Math.sqrt(baba);
    out[0] = (sign * ba[0]) / n;
    out[1] = (sign * ba[1]) / n;
    out[2] = (sign * ba[2]) / n;
    out[3] = 1;
    return t;
  }
}
