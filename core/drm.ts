import { pixelToCamera, type Intrinsics } from './camera';
import type { Pose2D, Pose3D, Vec2 } from './types';

/**
 * Single-stage multi-person decoding in the style of DRM (center map + per-joint offsets +
 * root depth + root-relative depths, read at each person's center cell), with CenterNet's
 * max-pool NMS for peaks (Zhou et al. 2019, "Objects as Points") and back-projection of every
 * joint by DRM Eq. 13.
 */
export interface DrmMaps {
  /** H×W person-center confidence in [0, 1]. */
  readonly center: ArrayLike<number>;
  /** 2J×H×W: x offsets of joints 0…J−1, then y offsets, in map pixels from the center cell. */
  readonly offsets: ArrayLike<number>;
  /** H×W root depth at each cell (mm, or d/f when `rootDepthIsNormalized`). */
  readonly rootDepth: ArrayLike<number>;
  /** J×H×W depth of each joint relative to the root (mm). */
  readonly relativeDepth: ArrayLike<number>;
  readonly joints: number;
  readonly height: number;
  readonly width: number;
}

export interface DrmOptions {
  /** Input pixels per map cell. */
  readonly stride: number;
  readonly intrinsics: Intrinsics;
  /** Minimum center confidence for a person (default 0.3). */
  readonly threshold?: number;
  /** At most this many people (default 20, clamped to 20). */
  readonly maxPeople?: number;
  /** NMS window side in cells, odd (default 3). */
  readonly nmsKernel?: number;
  /** Root depth channel holds d/f (HDNet-style normalisation) rather than mm. */
  readonly rootDepthIsNormalized?: boolean;
  /** Maps input-image pixels to original-image pixels (e.g. undoing a letterbox); default identity. */
  readonly toImage?: (p: Vec2) => Vec2;
}

export interface DrmPerson {
  readonly score: number;
  /** Center cell in map coordinates. */
  readonly cell: Vec2;
  readonly rootDepth: number;
  readonly joints2d: Pose2D;
  readonly joints3d: Pose3D;
}

export const DRM_MAX_PEOPLE = 20;

/** Cells that are the maximum of their k×k neighbourhood and above `threshold`, best first. */
export function centerPeaks(
  map: ArrayLike<number>,
  width: number,
  height: number,
  threshold: number,
  kernel = 3,
  limit = DRM_MAX_PEOPLE,
): { cell: Vec2; score: number }[] {
  if (kernel % 2 !== 1) throw new RangeError(`NMS kernel must be odd, got ${kernel}`);
  const r = (kernel - 1) / 2;
  const peaks: { cell: Vec2; score: number }[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = map[y * width + x]!;
      if (!(v >= threshold)) continue;
      let isMax = true;
      for (let dy = -r; dy <= r && isMax; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height || (dx === 0 && dy === 0)) continue;
          const n = map[yy * width + xx]!;
          // Ties go to the first cell in scan order so a flat plateau yields one peak.
          if (n > v || (n === v && yy * width + xx < y * width + x)) {
            isMax = false;
            break;
          }
        }
      }
      if (isMax) peaks.push({ cell: [x, y], score: v });
    }
  }
  peaks.sort((a, b) => b.score - a.score);
  return peaks.slice(0, limit);
}

export function decodeDrm(maps: DrmMaps, opts: DrmOptions): DrmPerson[] {
  const { joints: J, width: W, height: H } = maps;
  const cells = W * H;
  const expect = (name: string, arr: ArrayLike<number>, n: number) => {
    if (arr.length !== n)
      throw new RangeError(`DRM ${name} map holds ${arr.length} values, expected ${n}`);
  };
  expect('center', maps.center, cells);
  expect('offsets', maps.offsets, 2 * J * cells);
  expect('rootDepth', maps.rootDepth, cells);
  expect('relativeDepth', maps.relativeDepth, J * cells);

  const limit = Math.min(opts.maxPeople ?? DRM_MAX_PEOPLE, DRM_MAX_PEOPLE);
  const peaks = centerPeaks(maps.center, W, H, opts.threshold ?? 0.3, opts.nmsKernel ?? 3, limit);
  const f = Math.sqrt(opts.intrinsics.f[0] * opts.intrinsics.f[1]);
  const toImage = opts.toImage ?? ((p: Vec2) => p);

  return peaks.map(({ cell, score }) => {
    const at = cell[1] * W + cell[0];
    const rawRoot = maps.rootDepth[at]!;
    const rootDepth = opts.rootDepthIsNormalized ? rawRoot * f : rawRoot;
    const joints2d: Vec2[] = [];
    const joints3d = Array.from({ length: J }, (_, j) => {
      const u = (cell[0] + maps.offsets[j * cells + at]!) * opts.stride;
      const v = (cell[1] + maps.offsets[(J + j) * cells + at]!) * opts.stride;
      const uv = toImage([u, v]);
      joints2d.push(uv);
      return pixelToCamera(uv, rootDepth + maps.relativeDepth[j * cells + at]!, opts.intrinsics);
    });
    return { score, cell, rootDepth, joints2d, joints3d };
  });
}
