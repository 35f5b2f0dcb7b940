import type { Pose2D } from '../types';
import { precisionRecall } from './matching';
import { oks } from './pose2d';

export interface OksDetection {
  readonly score: number;
  readonly joints: Pose2D;
}

export interface OksGroundTruth {
  readonly joints: Pose2D;
  /** COCO visibility per joint (0 absent, 1 occluded, 2 visible). */
  readonly visibility: readonly number[];
  /** Object scale s² of the OKS formula: the annotation's segment area. */
  readonly area: number;
  /** Crowd regions and people without labelled joints: matching one neither helps nor hurts. */
  readonly ignore: boolean;
}

/** OKS thresholds of COCO keypoint AP: 0.50, 0.55, …, 0.95. */
export const OKS_THRESHOLDS: readonly number[] = Array.from(
  { length: 10 },
  (_, i) => 0.5 + 0.05 * i,
);

const RECALL_POINTS = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * COCO keypoint AP at one OKS threshold, as cocoapi's COCOeval computes it for area "all":
 * per image, detections in descending score (at most `maxDets`) greedily take the unmatched
 * ground truth of highest OKS ≥ threshold, preferring people over ignored ones; detections
 * matched to ignored people drop out; precision is made monotone and sampled at 101 recalls.
 */
export function oksApAt(
  images: readonly { dets: readonly OksDetection[]; gts: readonly OksGroundTruth[] }[],
  sigmas: readonly number[],
  threshold: number,
  maxDets = 20,
): { ap: number; ar: number } {
  const marked: { score: number; tp: boolean }[] = [];
  let numGt = 0;
  for (const im of images) {
    // Ignored people last, as cocoapi sorts them, so a detection takes a real person first.
    const gts = [...im.gts].sort((a, b) => Number(a.ignore) - Number(b.ignore));
    numGt += gts.filter((g) => !g.ignore).length;
    const dets = [...im.dets].sort((a, b) => b.score - a.score).slice(0, maxDets);
    const taken = new Array<boolean>(gts.length).fill(false);
    for (const d of dets) {
      let best = -1;
      let bestOks = Math.min(threshold, 1 - 1e-10);
      for (let g = 0; g < gts.length; g++) {
        const gt = gts[g]!;
        if (taken[g] && !gt.ignore) continue;
        // Once a real person is matched, stop before the ignored ones.
        if (best > -1 && !gts[best]!.ignore && gt.ignore) break;
        const o = oks(d.joints, gt.joints, gt.visibility, gt.area, sigmas);
        if (!(o >= bestOks)) continue;
        bestOks = o;
        best = g;
      }
      if (best === -1) marked.push({ score: d.score, tp: false });
      else if (gts[best]!.ignore) continue;
      else {
        taken[best] = true;
        marked.push({ score: d.score, tp: true });
      }
    }
  }
  if (numGt === 0) return { ap: NaN, ar: NaN };
  const { precision, recall, tp } = precisionRecall(marked, numGt);
  let sum = 0;
  let k = 0;
  for (const r of RECALL_POINTS) {
    while (k < recall.length && recall[k]! < r) k++;
    sum += k < precision.length ? precision[k]! : 0;
  }
  return { ap: (100 * sum) / RECALL_POINTS.length, ar: (100 * tp) / numGt };
}

/** COCO keypoint AP (mean over OKS 0.50:0.95), AP at 0.50 and at 0.75, and AR over the same. */
export function oksAp(
  images: readonly { dets: readonly OksDetection[]; gts: readonly OksGroundTruth[] }[],
  sigmas: readonly number[],
): { ap: number; ap50: number; ap75: number; ar: number } {
  const at = OKS_THRESHOLDS.map((t) => oksApAt(images, sigmas, t));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    ap: mean(at.map((a) => a.ap)),
    ap50: at[0]!.ap,
    ap75: at[5]!.ap,
    ar: mean(at.map((a) => a.ar)),
  };
}
