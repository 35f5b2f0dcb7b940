import { dist3 } from '../linalg/vec';
import type { Vec3 } from '../types';

export interface ScoredRoot {
  readonly root: Vec3;
  readonly score: number;
}

/**
 * Detections of one image, in descending score, as RootNet's `calculate_score` (3DMPPE_ROOTNET
 * `tool/MuPoTS/calculate_score.py`, the AP_root of Moon et al. 2019) marks them: each takes the
 * ground-truth root nearest to it among all of the image's people (the first on a tie), and is a
 * true positive when that distance is under the threshold (strictly: `min_dist < thr`) and that
 * person is not taken yet — a duplicate on a taken person is a false positive, never moved to
 * the next-nearest one. An image with no person to score is skipped, its detections uncounted.
 */
export function markRootDetections(
  preds: readonly ScoredRoot[],
  gts: readonly Vec3[],
  threshold: number,
): { score: number; tp: boolean }[] {
  if (gts.length === 0) return [];
  const order = preds.map((_, i) => i).sort((x, y) => preds[y]!.score - preds[x]!.score);
  const claimed = new Array<boolean>(gts.length).fill(false);
  return order.map((i) => {
    const p = preds[i]!;
    let best = -1;
    let bestD = Infinity;
    gts.forEach((g, j) => {
      const d = dist3(p.root, g);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    const tp = best >= 0 && bestD < threshold && !claimed[best];
    if (tp) claimed[best] = true;
    return { score: p.score, tp };
  });
}

export interface ApAr {
  /** Average precision (%). */
  readonly ap: number;
  /** Recall (%) with every detection kept. */
  readonly ar: number;
}

/**
 * AP and AR as RootNet's `calculate_score` sums them over the detections of the whole set in
 * descending score: precision and recall after each, AP = Σ_{n ≥ 1} p_n·(r_n − r_{n−1}) with the
 * raw precision (no envelope, and the first detection's step is not counted, as the script's
 * loop starts at the second); AR is the recall after the last detection.
 */
export function averagePrecision(
  marked: readonly { score: number; tp: boolean }[],
  numGt: number,
): ApAr {
  if (numGt === 0) return { ap: NaN, ar: NaN };
  const sorted = [...marked].sort((a, b) => b.score - a.score);
  let tp = 0;
  let ap = 0;
  let prevR = 0;
  sorted.forEach((m, k) => {
    if (m.tp) tp++;
    const r = tp / numGt;
    if (k > 0) ap += (tp / (k + 1)) * (r - prevR);
    prevR = r;
  });
  return { ap: 100 * ap, ar: 100 * (tp / numGt) };
}

/**
 * Precision and recall after each detection in descending score, precision made monotone
 * (each value the best at that recall or beyond): the curve both VOC and COCO AP integrate.
 */
export function precisionRecall(
  marked: readonly { score: number; tp: boolean }[],
  numGt: number,
): { precision: number[]; recall: number[]; tp: number } {
  const sorted = [...marked].sort((a, b) => b.score - a.score);
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  sorted.forEach((m, k) => {
    if (m.tp) tp++;
    precision.push(tp / (k + 1));
    recall.push(tp / numGt);
  });
  for (let k = precision.length - 2; k >= 0; k--) {
    precision[k] = Math.max(precision[k]!, precision[k + 1]!);
  }
  return { precision, recall, tp };
}

/** Root AP/AR thresholds of RootNet's MuPoTS-3D table: 25, 20, 15 and 10 cm (under, strictly). */
export const ROOT_AP_THRESHOLDS_MM: readonly number[] = [250, 200, 150, 100];

/** AP_root / AR_root at one threshold over images, each with its predictions and ground truth. */
export function rootApAr(
  images: readonly { preds: readonly ScoredRoot[]; gts: readonly Vec3[] }[],
  threshold: number,
): ApAr {
  const marked = images.flatMap((im) => markRootDetections(im.preds, im.gts, threshold));
  const numGt = images.reduce((n, im) => n + im.gts.length, 0);
  return averagePrecision(marked, numGt);
}
