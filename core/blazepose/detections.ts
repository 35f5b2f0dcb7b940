import type { Vec2 } from '../types';
import type { Anchor } from './anchors';

/**
 * BlazePose detector outputs → detections, as MediaPipe's TensorsToDetectionsCalculator and
 * NonMaxSuppressionCalculator do it for pose_detection (reverse_output_order, sigmoid scores
 * clipped first, weighted NMS on IoU). Coordinates stay normalised to the detector input.
 */

export interface PoseDetection {
  readonly score: number;
  /** [xmin, ymin, width, height], normalised to the detector input (the face box). */
  readonly box: readonly [number, number, number, number];
  /** Alignment keypoints, normalised: 0 hip centre, 1 full-body scale/rotation point, … */
  readonly keypoints: readonly Vec2[];
}

export interface DetectionDecodeOptions {
  /** Raw values are in input pixels: divided by this (224) before the anchor is applied. */
  readonly scale: number;
  readonly numKeypoints: number;
  readonly scoreClip: number;
  readonly minScore: number;
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Rows of `boxes` hold cx, cy, w, h then the keypoints' x, y, all relative to their anchor. */
export function decodeDetections(
  boxes: ArrayLike<number>,
  scores: ArrayLike<number>,
  anchors: readonly Anchor[],
  o: DetectionDecodeOptions,
): PoseDetection[] {
  const coords = 4 + 2 * o.numKeypoints;
  if (boxes.length !== anchors.length * coords || scores.length !== anchors.length)
    throw new RangeError(
      `${boxes.length} box values and ${scores.length} scores for ${anchors.length} anchors × ${coords}`,
    );
  const out: PoseDetection[] = [];
  anchors.forEach((a, i) => {
    const raw = Math.min(o.scoreClip, Math.max(-o.scoreClip, scores[i]!));
    const score = sigmoid(raw);
    if (score < o.minScore) return;
    const at = i * coords;
    const v = (k: number) => boxes[at + k]!;
    const cx = (v(0) / o.scale) * a.w + a.x;
    const cy = (v(1) / o.scale) * a.h + a.y;
    const w = (v(2) / o.scale) * a.w;
    const h = (v(3) / o.scale) * a.h;
    const keypoints: Vec2[] = [];
    for (let k = 0; k < o.numKeypoints; k++)
      keypoints.push([(v(4 + 2 * k) / o.scale) * a.w + a.x, (v(5 + 2 * k) / o.scale) * a.h + a.y]);
    out.push({ score, box: [cx - w / 2, cy - h / 2, w, h], keypoints });
  });
  return out;
}

/** Intersection over union of two [x, y, w, h] boxes (0 when either is empty). */
export function iou(a: readonly number[], b: readonly number[]): number {
  const [ax, ay, aw, ah] = a as [number, number, number, number];
  const [bx, by, bw, bh] = b as [number, number, number, number];
  const iw = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
  const ih = Math.min(ay + ah, by + bh) - Math.max(ay, by);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = aw * ah + bw * bh - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Non-maximum suppression, highest score first. `weighted` (MediaPipe's WEIGHTED, used for
 * pose detection): each kept detection's box and keypoints become the score-weighted mean of
 * every detection overlapping it by more than `threshold` (itself included), its score stays
 * the highest. `default`: overlapping detections are simply dropped.
 */
export function nonMaxSuppression(
  detections: readonly PoseDetection[],
  threshold: number,
  algorithm: 'weighted' | 'default',
): PoseDetection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: PoseDetection[] = [];
  while (remaining.length > 0) {
    const top = remaining[0]!;
    const overlapping: PoseDetection[] = [];
    const rest: PoseDetection[] = [];
    for (const d of remaining) (iou(d.box, top.box) > threshold ? overlapping : rest).push(d);
    if (algorithm === 'default' || overlapping.length === 0) kept.push(top);
    else kept.push(weightedMean(top, overlapping));
    // A box overlapping nothing, not even itself (empty), must still leave the queue.
    remaining = rest.length === remaining.length ? rest.slice(1) : rest;
  }
  return kept;
}

function weightedMean(top: PoseDetection, group: readonly PoseDetection[]): PoseDetection {
  let total = 0;
  const corners = [0, 0, 0, 0];
  const kps = top.keypoints.map(() => [0, 0]);
  for (const d of group) {
    total += d.score;
    const [x, y, w, h] = d.box;
    corners[0]! += x * d.score;
    corners[1]! += y * d.score;
    corners[2]! += (x + w) * d.score;
    corners[3]! += (y + h) * d.score;
    d.keypoints.forEach((p, k) => {
      kps[k]![0]! += p[0] * d.score;
      kps[k]![1]! += p[1] * d.score;
    });
  }
  const [x0, y0, x1, y1] = corners.map((c) => c / total) as [number, number, number, number];
  return {
    score: top.score,
    box: [x0, y0, x1 - x0, y1 - y0],
    keypoints: kps.map(([x, y]) => [x! / total, y! / total] as Vec2),
  };
}
