import type { Vec2, Vec3 } from './types';

/** J stacked H×W maps, row-major (ONNX NCHW with N = 1). */
export interface Heatmaps {
  readonly data: ArrayLike<number>;
  readonly joints: number;
  readonly height: number;
  readonly width: number;
}

/** J stacked D×H×W volumes (depth-major), e.g. a J·D-channel depth-centric 3D heatmap. */
export interface Volumes extends Heatmaps {
  readonly depth: number;
}

function checkSize(h: Heatmaps, depth = 1): void {
  const want = h.joints * depth * h.height * h.width;
  if (h.data.length !== want) {
    throw new RangeError(
      `heatmap tensor holds ${h.data.length} values; ${h.joints}×${depth > 1 ? `${depth}×` : ''}${h.height}×${h.width} needs ${want}`,
    );
  }
}

export interface Peak2D {
  /** Location in heatmap pixels. */
  readonly xy: Vec2;
  /** Heatmap value at the argmax. */
  readonly score: number;
}

/**
 * Per-joint argmax. With `quarterOffset`, the peak moves 0.25 px towards the higher neighbour on
 * each axis, the sub-pixel refinement of Xiao et al. ("Simple Baselines", ECCV 2018) and HRNet's
 * `get_final_preds`.
 */
export function argmax2d(h: Heatmaps, quarterOffset = false): Peak2D[] {
  checkSize(h);
  const { width: W, height: H, data } = h;
  const out: Peak2D[] = [];
  for (let j = 0; j < h.joints; j++) {
    const base = j * H * W;
    let best = 0;
    let bestVal = -Infinity;
    for (let k = 0; k < H * W; k++) {
      const v = data[base + k]!;
      if (v > bestVal) {
        bestVal = v;
        best = k;
      }
    }
    let x = best % W;
    let y = Math.floor(best / W);
    if (quarterOffset) {
      const at = (xx: number, yy: number) => data[base + yy * W + xx]!;
      const dx = x > 0 && x < W - 1 ? Math.sign(at(x + 1, y) - at(x - 1, y)) * 0.25 : 0;
      const dy = y > 0 && y < H - 1 ? Math.sign(at(x, y + 1) - at(x, y - 1)) * 0.25 : 0;
      x += dx;
      y += dy;
    }
    out.push({ xy: [x, y], score: bestVal });
  }
  return out;
}

/**
 * Integral regression (Sun et al., ECCV 2018, "Integral Human Pose Regression", Eq. 2–3):
 * p = softmax(β·h) over the map, then (x, y) = Σ p·(x, y). With `normalized: true` the map is
 * taken as an already-normalised distribution (β is then ignored).
 */
export function softArgmax2d(
  h: Heatmaps,
  opts: { beta?: number; normalized?: boolean } = {},
): Vec2[] {
  checkSize(h);
  const { width: W, height: H } = h;
  return Array.from({ length: h.joints }, (_, j) => {
    const p = distribution(h.data, j * H * W, H * W, opts);
    let x = 0;
    let y = 0;
    for (let k = 0; k < H * W; k++) {
      x += p[k]! * (k % W);
      y += p[k]! * Math.floor(k / W);
    }
    return [x, y] as const;
  });
}

export interface VolumetricJoint {
  /** (x, y, z) in voxel units: heatmap pixels and depth-bin index. */
  readonly xyz: Vec3;
  /** Marginal distribution over the D depth bins: the per-joint depth profile. */
  readonly depthProfile: number[];
}

/**
 * 3D soft-argmax over J×D×H×W volumes (Sun et al. 2018, Eq. 3 in three dimensions; the
 * depth-centric heatmaps of the cascaded dimension-lifting network decode the same way).
 */
export function softArgmax3d(
  v: Volumes,
  opts: { beta?: number; normalized?: boolean } = {},
): VolumetricJoint[] {
  checkSize(v, v.depth);
  const { width: W, height: H, depth: D } = v;
  const n = D * H * W;
  return Array.from({ length: v.joints }, (_, j) => {
    const p = distribution(v.data, j * n, n, opts);
    const profile = new Array<number>(D).fill(0);
    let x = 0;
    let y = 0;
    let z = 0;
    for (let k = 0; k < n; k++) {
      const pk = p[k]!;
      const d = Math.floor(k / (H * W));
      const r = k % (H * W);
      x += pk * (r % W);
      y += pk * Math.floor(r / W);
      z += pk * d;
      profile[d]! += pk;
    }
    return { xyz: [x, y, z] as const, depthProfile: profile };
  });
}

function distribution(
  data: ArrayLike<number>,
  offset: number,
  n: number,
  opts: { beta?: number; normalized?: boolean },
): Float64Array {
  const p = new Float64Array(n);
  if (opts.normalized) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += data[offset + k]!;
    for (let k = 0; k < n; k++) p[k] = data[offset + k]! / sum;
    return p;
  }
  const beta = opts.beta ?? 1;
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, data[offset + k]!);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.exp(beta * (data[offset + k]! - max));
    p[k] = e;
    sum += e;
  }
  for (let k = 0; k < n; k++) p[k]! /= sum;
  return p;
}
