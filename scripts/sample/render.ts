// A small ray caster for the sample frames. It keeps a depth buffer at SS×SS samples per pixel,
// so limbs that cross in depth are ordered per sample rather than per limb (a painter's sort of
// whole capsules gets an arm in front of the chest wrong at the shoulder) and edges come out
// antialiased. Only the tiles something is drawn on are cleared and resolved; the rest is the
// room, resolved once per camera. Pure arithmetic on typed arrays, so the same scene gives the
// same pixels on every machine.
import { worldToCamera, type Vec3 } from '../../core';
import type { Drawable } from './mannequin';
import type { Primitive } from './raycast';
import { projectedRadius, stadiumRow } from './bounds';
import { roomColor, Shader } from './shading';
import type { SampleCamera } from './scene';

const SS = 2;
/** Tile edge in samples. */
const TS = 32;

/** A soft dark disc on the floor (world x, z, radius in mm, darkness 0–1). */
export interface Shadow {
  readonly x: number;
  readonly z: number;
  readonly r: number;
  readonly k: number;
}

export interface Frame {
  readonly rgb: Buffer;
  /** Who is seen at a pixel (person index, −1 for props, −2 for nothing) and how far (mm). */
  readonly seenAt: (u: number, v: number) => { owner: number; distance: number };
}

type Box = readonly [number, number, number, number];

export class Renderer {
  private readonly w: number;
  private readonly h: number;
  private readonly tilesX: number;
  private readonly shader: Shader;
  /** Room colour per sample, and the same resolved to pixels. */
  private readonly room: Float32Array;
  private readonly roomRgb: Buffer;
  /** World floor point seen by each sample (NaN where the sample sees the backdrop). */
  private readonly floorX: Float32Array;
  private readonly floorZ: Float32Array;
  private readonly color: Float32Array;
  private readonly depth: Float32Array;
  /** Index of the drawable seen at each sample, −1 for the room. */
  private readonly winner: Int16Array;
  private readonly dirty: Uint8Array;
  /** Unnormalised ray direction (x, y, 1) of each sample column and row. */
  private readonly rayX: Float64Array;
  private readonly rayY: Float64Array;
  private drawables: readonly Drawable[] = [];

  constructor(private readonly cam: SampleCamera) {
    this.w = cam.width * SS;
    this.h = cam.height * SS;
    const n = this.w * this.h;
    this.tilesX = Math.ceil(this.w / TS);
    this.dirty = new Uint8Array(this.tilesX * Math.ceil(this.h / TS));
    this.shader = new Shader(cam.ext.R);
    this.room = new Float32Array(3 * n);
    this.floorX = new Float32Array(n);
    this.floorZ = new Float32Array(n);
    this.color = new Float32Array(3 * n);
    this.depth = new Float32Array(n);
    this.winner = new Int16Array(n);
    // Pixel u's samples span u − ½ … u + ½: pixel centres sit at integer coordinates.
    const { f, c } = cam.intr;
    this.rayX = Float64Array.from(
      { length: this.w },
      (_, i) => ((i + 0.5) / SS - 0.5 - c[0]) / f[0],
    );
    this.rayY = Float64Array.from(
      { length: this.h },
      (_, j) => ((j + 0.5) / SS - 0.5 - c[1]) / f[1],
    );
    this.paintRoom();
    this.color.set(this.room);
    this.roomRgb = this.resolve(true);
  }

  /**
   * The empty room, one ray per pixel: it is smooth (tile edges are blended analytically), so
   * each pixel's samples share its colour and floor point.
   */
  private paintRoom(): void {
    const R = this.cam.ext.R;
    const { f, c } = this.cam.intr;
    const footprint = 1.5 / f[0];
    const px = new Float64Array(5);
    for (let v = 0; v < this.cam.height; v++) {
      for (let u = 0; u < this.cam.width; u++) {
        const x = (u - c[0]) / f[0];
        const y = (v - c[1]) / f[1];
        const n = Math.sqrt(x * x + y * y + 1);
        // World direction of the ray: Rᵀ·(x, y, 1) / n.
        const dx = (R[0][0] * x + R[1][0] * y + R[2][0]) / n;
        const dy = (R[0][1] * x + R[1][1] * y + R[2][1]) / n;
        const dz = (R[0][2] * x + R[1][2] * y + R[2][2]) / n;
        roomColor(this.cam.position, dx, dy, dz, footprint, px);
        for (let sy = 0; sy < SS; sy++) {
          for (let sx = 0; sx < SS; sx++) {
            const s = (v * SS + sy) * this.w + u * SS + sx;
            this.room[3 * s] = px[0]!;
            this.room[3 * s + 1] = px[1]!;
            this.room[3 * s + 2] = px[2]!;
            this.floorX[s] = px[3]!;
            this.floorZ[s] = px[4]!;
          }
        }
      }
    }
  }

  /** Draws one frame: the room, floor shadows, then every drawable through the depth buffer. */
  render(drawables: readonly Drawable[], shadows: readonly Shadow[]): Frame {
    this.drawables = drawables;
    const boxes = drawables.map((d) => this.sampleBox(d.shape.a, d.shape.b, d.shape.r));
    const shadowBoxes = shadows.map((sh) => this.shadowBox(sh));
    this.dirty.fill(0);
    for (const box of [...boxes, ...shadowBoxes]) if (box) this.markDirty(box);
    this.clearDirty();
    shadows.forEach((sh, k) => this.shadow(sh, shadowBoxes[k]));
    const nrm = new Float64Array(4);
    for (let k = 0; k < drawables.length; k++) {
      const box = boxes[k];
      if (box) this.draw(drawables[k]!.shape, k, box, nrm);
    }
    this.shadeWinners(nrm);
    return { rgb: this.resolve(false), seenAt: (u, v) => this.seenAt(u, v) };
  }

  /** Depth-tests one primitive over the rows of its box, each row cut to its projection. */
  private draw(shape: Primitive, k: number, box: Box, nrm: Float64Array): void {
    const pa = this.toSample(shape.a);
    const pb = this.toSample(shape.b);
    const R = this.radius(shape);
    for (let j = box[1]; j <= box[3]; j++) {
      const [lo, hi] = stadiumRow(pa, pb, R, j + 0.5);
      const i0 = Math.max(box[0], Math.ceil(lo - 0.5));
      const i1 = Math.min(box[2], Math.floor(hi - 0.5));
      const y = this.rayY[j]!;
      for (let i = i0; i <= i1; i++) {
        const x = this.rayX[i]!;
        const dz = 1 / Math.sqrt(x * x + y * y + 1);
        const t = shape.hit(x * dz, y * dz, dz, nrm);
        const s = j * this.w + i;
        if (t <= 0 || t >= this.depth[s]!) continue;
        this.depth[s] = t;
        this.winner[s] = k;
      }
    }
  }

  /** Lights each sample once, for the drawable that won its depth test. */
  private shadeWinners(nrm: Float64Array): void {
    for (let tile = 0; tile < this.dirty.length; tile++) {
      if (!this.dirty[tile]) continue;
      const i0 = (tile % this.tilesX) * TS;
      const j0 = Math.floor(tile / this.tilesX) * TS;
      for (let j = j0; j < Math.min(j0 + TS, this.h); j++) {
        const y = this.rayY[j]!;
        for (let i = i0; i < Math.min(i0 + TS, this.w); i++) {
          const s = j * this.w + i;
          const k = this.winner[s]!;
          if (k < 0) continue;
          const d = this.drawables[k]!;
          const x = this.rayX[i]!;
          const dz = 1 / Math.sqrt(x * x + y * y + 1);
          const t = d.shape.hit(x * dz, y * dz, dz, nrm);
          this.shader.shade(d.material, nrm, x * dz, y * dz, dz, t, this.color, 3 * s);
        }
      }
    }
  }

  private shadow(sh: Shadow, box: Box | undefined): void {
    if (!box) return;
    for (let j = box[1]; j <= box[3]; j++) {
      for (let i = box[0]; i <= box[2]; i++) {
        const s = j * this.w + i;
        const x = this.floorX[s]!;
        if (Number.isNaN(x)) continue;
        const q = ((x - sh.x) ** 2 + (this.floorZ[s]! - sh.z) ** 2) / (sh.r * sh.r);
        if (q >= 1) continue;
        const f = 1 - sh.k * (1 - q) ** 2;
        for (let k = 0; k < 3; k++) this.color[3 * s + k]! *= f;
      }
    }
  }

  private shadowBox(sh: Shadow): Box | undefined {
    const pts: Vec3[] = [];
    for (const dx of [-1, 1])
      for (const dz of [-1, 1]) pts.push([sh.x + dx * sh.r, 0, sh.z + dz * sh.r]);
    const cam = pts.map((p) => worldToCamera(p, this.cam.ext));
    if (cam.some((p) => p[2] < 100)) return undefined;
    const ss = cam.map((p) => this.toSample(p));
    return this.clip(
      Math.min(...ss.map((p) => p[0])),
      Math.min(...ss.map((p) => p[1])),
      Math.max(...ss.map((p) => p[0])),
      Math.max(...ss.map((p) => p[1])),
    );
  }

  /** Continuous sample coordinates of a camera-space point. */
  private toSample(p: Vec3): readonly [number, number] {
    const { f, c } = this.cam.intr;
    return [((f[0] * p[0]) / p[2] + c[0] + 0.5) * SS, ((f[1] * p[1]) / p[2] + c[1] + 0.5) * SS];
  }

  /** How far (samples) the primitive's image can reach from its projected axis. */
  private radius(p: { a: Vec3; b: Vec3; r: number }): number {
    return projectedRadius(p.a, p.b, p.r, Math.max(...this.cam.intr.f)) * SS + 1;
  }

  private sampleBox(a: Vec3, b: Vec3, r: number): Box | undefined {
    if (Math.min(a[2], b[2]) - r < 100) return undefined;
    const pa = this.toSample(a);
    const pb = this.toSample(b);
    const R = this.radius({ a, b, r });
    return this.clip(
      Math.min(pa[0], pb[0]) - R,
      Math.min(pa[1], pb[1]) - R,
      Math.max(pa[0], pb[0]) + R,
      Math.max(pa[1], pb[1]) + R,
    );
  }

  private clip(x0: number, y0: number, x1: number, y1: number): Box | undefined {
    const box = [
      Math.max(0, Math.floor(x0)),
      Math.max(0, Math.floor(y0)),
      Math.min(this.w - 1, Math.ceil(x1)),
      Math.min(this.h - 1, Math.ceil(y1)),
    ] as const;
    return box[0] > box[2] || box[1] > box[3] ? undefined : box;
  }

  private markDirty(box: Box): void {
    for (let ty = Math.floor(box[1] / TS); ty <= Math.floor(box[3] / TS); ty++)
      for (let tx = Math.floor(box[0] / TS); tx <= Math.floor(box[2] / TS); tx++)
        this.dirty[ty * this.tilesX + tx] = 1;
  }

  private clearDirty(): void {
    for (let t = 0; t < this.dirty.length; t++) {
      if (!this.dirty[t]) continue;
      const i0 = (t % this.tilesX) * TS;
      const i1 = Math.min(i0 + TS, this.w);
      const j0 = Math.floor(t / this.tilesX) * TS;
      for (let j = j0; j < Math.min(j0 + TS, this.h); j++) {
        const s0 = j * this.w + i0;
        const s1 = j * this.w + i1;
        this.color.set(this.room.subarray(3 * s0, 3 * s1), 3 * s0);
        this.depth.fill(Infinity, s0, s1);
        this.winner.fill(-1, s0, s1);
      }
    }
  }

  /** Box-filters the samples to pixels; clean tiles are copied from the empty room. */
  private resolve(all: boolean): Buffer {
    const W = this.cam.width;
    const H = this.cam.height;
    const out = all ? new Uint8ClampedArray(W * H * 3) : new Uint8ClampedArray(this.roomRgb);
    const c = this.color;
    const norm = 255 / (SS * SS);
    const tilePx = TS / SS;
    for (let y = 0; y < H; y++) {
      const row = 3 * y * SS * this.w;
      const tileRow = Math.floor((y * SS) / TS) * this.tilesX;
      for (let x = 0; x < W; x++) {
        if (!all && !this.dirty[tileRow + Math.floor(x / tilePx)]) continue;
        let r = 0;
        let g = 0;
        let b = 0;
        for (let sy = 0; sy < SS; sy++) {
          let o = row + 3 * (sy * this.w + x * SS);
          for (let sx = 0; sx < SS; sx++, o += 3) {
            r += c[o]!;
            g += c[o + 1]!;
            b += c[o + 2]!;
          }
        }
        // Uint8ClampedArray clamps and rounds on store.
        const p = 3 * (y * W + x);
        out[p] = r * norm;
        out[p + 1] = g * norm;
        out[p + 2] = b * norm;
      }
    }
    return Buffer.from(out.buffer);
  }

  private seenAt(u: number, v: number): { owner: number; distance: number } {
    const i = Math.floor((u + 0.5) * SS);
    const j = Math.floor((v + 0.5) * SS);
    const nothing = { owner: -2, distance: Infinity };
    if (i < 0 || j < 0 || i >= this.w || j >= this.h) return nothing;
    if (!this.dirty[Math.floor(j / TS) * this.tilesX + Math.floor(i / TS)]) return nothing;
    const s = j * this.w + i;
    const k = this.winner[s]!;
    return k < 0 ? nothing : { owner: this.drawables[k]!.owner, distance: this.depth[s]! };
  }
}
