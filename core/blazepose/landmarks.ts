import type { Vec2, Vec3 } from '../types';
import { sigmoid } from './detections';
import { roiToImage, rotateWorld, type PoseRoi } from './roi';

/**
 * One crop's BlazePose landmark outputs → landmarks in image pixels, as MediaPipe's
 * TensorsToLandmarksCalculator (sigmoid on visibility and presence logits),
 * RefineLandmarksFromHeatmapCalculator (kernel 7, min confidence 0.5) and
 * LandmarkProjectionCalculator do it, plus the world landmarks turned upright in millimetres.
 */

export interface LandmarkDecodeOptions {
  /** Landmarks returned (33); the model's rows past these (auxiliary ones) are read for nothing. */
  readonly landmarks: number;
  /** Values per landmark row in the raw output (5: x, y, z, visibility, presence). */
  readonly valuesPerLandmark: number;
  /** Model input side in pixels (256). */
  readonly inputSize: number;
  /** Heatmap window side for refinement; 0 turns refinement off. */
  readonly refineKernel: number;
  readonly refineMinConfidence: number;
  /** Visibility and presence come as logits (MediaPipe's SIGMOID activation). */
  readonly sigmoid: boolean;
}

export interface HeatmapStack {
  /** C×H×W (NCHW), logits. */
  readonly data: ArrayLike<number>;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface BlazeLandmarks {
  /** Image pixels. */
  readonly joints: Vec2[];
  /** Landmark z in input pixels relative to the hips (MediaPipe's scale), for reference. */
  readonly z: number[];
  readonly visibility: number[];
  readonly presence: number[];
}

/**
 * MediaPipe's refinement: the sigmoid-weighted mean cell position within a kernel-sized window
 * around the landmark's cell, kept when the window's peak confidence reaches the threshold.
 * Positions are normalised by the map size with cell index (not centre) coordinates, as there.
 */
export function refineFromHeatmap(
  p: Vec2,
  channel: number,
  maps: HeatmapStack,
  kernel: number,
  minConfidence: number,
): Vec2 {
  const { width: W, height: H } = maps;
  const col = Math.trunc(p[0] * W);
  const row = Math.trunc(p[1] * H);
  if (col < 0 || col >= W || row < 0 || row >= H) return p;
  const off = (kernel - 1) >> 1;
  const base = channel * W * H;
  let sum = 0;
  let wx = 0;
  let wy = 0;
  let peak = 0;
  for (let r = Math.max(0, row - off); r < Math.min(H, row + off + 1); r++)
    for (let c = Math.max(0, col - off); c < Math.min(W, col + off + 1); c++) {
      const conf = sigmoid(maps.data[base + r * W + c]!);
      sum += conf;
      wx += c * conf;
      wy += r * conf;
      if (conf > peak) peak = conf;
    }
  return peak >= minConfidence && sum > 0 ? [wx / W / sum, wy / H / sum] : p;
}

export function decodeBlazeLandmarks(
  raw: ArrayLike<number>,
  roi: PoseRoi,
  o: LandmarkDecodeOptions,
  maps?: HeatmapStack,
): BlazeLandmarks {
  const V = o.valuesPerLandmark;
  if (raw.length < o.landmarks * V)
    throw new RangeError(`${raw.length} landmark values for ${o.landmarks} × ${V}`);
  const act = (v: number) => (o.sigmoid ? sigmoid(v) : v);
  const out: BlazeLandmarks = { joints: [], z: [], visibility: [], presence: [] };
  for (let j = 0; j < o.landmarks; j++) {
    let p: Vec2 = [raw[j * V]! / o.inputSize, raw[j * V + 1]! / o.inputSize];
    if (maps && o.refineKernel > 0 && j < maps.channels)
      p = refineFromHeatmap(p, j, maps, o.refineKernel, o.refineMinConfidence);
    out.joints.push(roiToImage(roi, o.inputSize, [p[0] * o.inputSize, p[1] * o.inputSize]));
    out.z.push(raw[j * V + 2]!);
    out.visibility.push(V > 3 ? act(raw[j * V + 3]!) : 1);
    out.presence.push(V > 4 ? act(raw[j * V + 4]!) : 1);
  }
  return out;
}

/** The first `count` world landmarks (x, y, z metres, hip-centred) → upright millimetres. */
export function decodeWorldLandmarks(
  raw: ArrayLike<number>,
  count: number,
  rotation: number,
): Vec3[] {
  if (raw.length < count * 3)
    throw new RangeError(`${raw.length} world landmark values for ${count} × 3`);
  const pts: Vec3[] = [];
  for (let j = 0; j < count; j++)
    pts.push([raw[3 * j]! * 1000, raw[3 * j + 1]! * 1000, raw[3 * j + 2]! * 1000]);
  return rotateWorld(pts, rotation);
}
