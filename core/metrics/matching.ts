import { dist3 } from '../linalg/vec';
import type { Vec3 } from '../types';

export interface ScoredRoot {
  readonly root: Vec3;
  readonly score: number;
}

/**
 * Detections of one image, in descending score, each marked true positive when its root lies
 * within `threshold` (mm) of a not-yet-claimed ground-truth root (nearest one claimed):
 * the greedy protocol of RootNet's AP_root (Moon et al. 2019).
 */
export function markRootDetections(
  preds: readonly ScoredRoot[],
  gts: readonly Vec3[],
  threshold: number,
): { score: number; tp: boolean }[] {
  const order = preds.map((_, i) => i).sort((x, y) => preds[y]!.score - preds[x]!.score);
  const claimed = new Array<boolean>(gts.length).fill(false);
  return order.map((i) => {
    const p = preds[i]!;
    let best = -1;
    let bestD = Infinity;
    gts.forEach((g, j) => {
      if (claimed[j]) return;
      const d = dist3(p.root, g);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    const tp = best >= 0 && bestD <= threshold;
    if (tp) claimed[best] = true;
    return { score: p.score, tp };
  });
}

export interface ApAr {
  /** Average precision (%), all-point interpolated (PASCAL VOC 2010+). */
  readonly ap: number;
  /** Recall (%) with every detection kept. */
  readonly ar: number;
}

/**
 * AP and AR over a whole dataset from per-image marked detections and the total number of
 * ground-truth people: precision/recall swept in descending score, AP = Σ (r_k − r_{k−1})·p̂_k
 * with p̂ the monotone precision envelope.
 */
export function averagePrecision(
  marked: readonly { score: number; tp: boolean }[],
  numGt: number,
): ApAr {
  if (numGt === 0) return { ap: NaN, ar: NaN };
  const { precision, recall, tp } = precisionRecall(marked, numGt);
  let ap = 0;
  let prevR = 0;
  recall.forEach((r, k) => {
    ap += (r - prevR) * precision[k]!;
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

/** Root AP/AR thresholds of RootNet's MuPoTS-3D table: 25, 20, 15 and 10 cm. */
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
