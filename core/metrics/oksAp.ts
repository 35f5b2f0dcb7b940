import type { BBox, Pose2D } from '../types';
import { precisionRecall } from './matching';
import { oks } from './pose2d';

/**
 * COCO keypoint evaluation as cocoapi's `COCOeval` (iouType 'keypoints') computes it: OKS by
 * `computeOks`, per-image matching by `evaluateImg`, precision/recall by `accumulate` and the
 * ten numbers `summarize` prints. Comparisons follow cocoapi exactly: a detection matches at
 * OKS ≥ the threshold (`if ious[d, g] < iou: continue`), an area range includes its ends.
 */

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
  /** [x, y, w, h]: where OKS is measured for a person with no labelled keypoint. */
  readonly bbox?: BBox;
  readonly iscrowd: boolean;
}

export interface OksImage {
  readonly dets: readonly OksDetection[];
  readonly gts: readonly OksGroundTruth[];
}

/** numpy's `linspace` to the last bit (start + i·step, the end set exactly), as cocoapi's
 * thresholds are compared with `<` and recalls searched against them. */
const linspace = (start: number, stop: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) =>
    i === n - 1 ? stop : i * ((stop - start) / (n - 1)) + start,
  );

/** OKS thresholds of COCO keypoint AP: 0.50, 0.55, …, 0.95 (`np.linspace(.5, .95, 10)`). */
export const OKS_THRESHOLDS: readonly number[] = linspace(0.5, 0.95, 10);

/** cocoapi's keypoint area ranges (`setKpParams`): all, medium (32²…96²), large (96²…1e5²). */
export const COCO_AREA_RANGES = {
  all: [0, 1e10],
  medium: [32 ** 2, 96 ** 2],
  large: [96 ** 2, 1e10],
} as const satisfies Record<string, readonly [number, number]>;
export type CocoAreaRange = keyof typeof COCO_AREA_RANGES;

/** cocoapi's `maxDets` for keypoints. */
export const COCO_KEYPOINT_MAX_DETS = 20;

const RECALL_POINTS = linspace(0, 1, 101);

const labelled = (g: OksGroundTruth) => g.visibility.filter((v) => v > 0).length;

/** cocoapi's `ignore` for keypoints: crowd regions and people with no labelled keypoint. */
export const cocoIgnored = (g: OksGroundTruth): boolean => g.iscrowd || labelled(g) === 0;

/**
 * OKS of one detection against one person, `computeOks`: over the labelled joints when there
 * are any; for a person with none, every joint's distance to the box grown by its own size on
 * each side (zero inside it), so a detection over an unlabelled person or crowd still matches it.
 */
export function cocoOks(det: Pose2D, gt: OksGroundTruth, sigmas: readonly number[]): number {
  if (labelled(gt) > 0) return oks(det, gt.joints, gt.visibility, gt.area, sigmas);
  if (!gt.bbox) return 0;
  const [bx, by, bw, bh] = gt.bbox;
  const x0 = bx - bw;
  const x1 = bx + 2 * bw;
  const y0 = by - bh;
  const y1 = by + 2 * bh;
  let sum = 0;
  det.forEach(([x, y], i) => {
    const dx = Math.max(0, x0 - x) + Math.max(0, x - x1);
    const dy = Math.max(0, y0 - y) + Math.max(0, y - y1);
    const k = 2 * sigmas[i]!;
    const e = (dx * dx + dy * dy) / (k * k) / (gt.area + Number.EPSILON) / 2;
    sum += Number.isFinite(e) ? Math.exp(-e) : 0;
  });
  return det.length === 0 ? 0 : sum / det.length;
}

/** A detection's area as cocoapi's `loadRes` sets it: the extent of its keypoints. */
function detectionArea(d: OksDetection): number {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const [x, y] of d.joints) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return x1 >= x0 ? (x1 - x0) * (y1 - y0) : 0;
}

const outside = (area: number, [lo, hi]: readonly [number, number]) => area < lo || area > hi;

/** One image matched at one threshold: what `evaluateImg` records per detection and person. */
export interface ImageMatch {
  /** Detection indices (into the input) in descending score, at most `maxDets`. */
  readonly order: number[];
  /** For each detection in `order`: the person index (into the input) it matched, or −1. */
  readonly matched: number[];
  /** For each detection in `order`: left out of precision/recall (matched an ignored person, or
   * unmatched outside the area range). */
  readonly ignored: boolean[];
  /** People that count in recall (not ignored, inside the area range). */
  readonly counted: number;
}

/**
 * `evaluateImg` at one OKS threshold: detections in descending score (a stable sort, as
 * `mergesort`), each takes the person of highest OKS ≥ threshold not yet taken (a crowd may be
 * taken again), people before ignored people, stopping at the ignored ones once a person is
 * held. `taken` pre-assigns people (index → detection index) before the loop.
 */
export function matchImage(
  im: OksImage,
  sigmas: readonly number[],
  threshold: number,
  opts: {
    readonly areaRange?: readonly [number, number];
    readonly maxDets?: number;
    readonly oksTable?: readonly (readonly number[])[];
    readonly skip?: ReadonlySet<number>;
    readonly taken?: ReadonlySet<number>;
  } = {},
): ImageMatch {
  const range = opts.areaRange ?? COCO_AREA_RANGES.all;
  const gtIgnore = im.gts.map((g) => cocoIgnored(g) || outside(g.area, range));
  // People first, then ignored ones (argsort of the ignore flags, stable).
  const gtOrder = im.gts.map((_, g) => g).sort((a, b) => Number(gtIgnore[a]) - Number(gtIgnore[b]));
  const order = im.dets
    .map((_, d) => d)
    .filter((d) => !opts.skip?.has(d))
    .sort((a, b) => im.dets[b]!.score - im.dets[a]!.score)
    .slice(0, opts.maxDets ?? COCO_KEYPOINT_MAX_DETS);
  const taken = new Set(opts.taken);
  const matched: number[] = [];
  const ignored: boolean[] = [];
  for (const d of order) {
    let iou = Math.min(threshold, 1 - 1e-10);
    let m = -1;
    for (const g of gtOrder) {
      if (taken.has(g) && !im.gts[g]!.iscrowd) continue;
      if (m > -1 && !gtIgnore[m] && gtIgnore[g]) break;
      const o = opts.oksTable?.[d]?.[g] ?? cocoOks(im.dets[d]!.joints, im.gts[g]!, sigmas);
      if (!(o >= iou)) continue;
      iou = o;
      m = g;
    }
    matched.push(m);
    if (m > -1) taken.add(m);
    ignored.push(m > -1 ? gtIgnore[m]! : outside(detectionArea(im.dets[d]!), range));
  }
  return { order, matched, ignored, counted: gtIgnore.filter((x) => !x).length };
}

/** Each image's OKS of every detection (rows) against every person (columns), `computeOks`. */
const oksTablesOf = (images: readonly OksImage[], sigmas: readonly number[]) =>
  images.map((im) => im.dets.map((d) => im.gts.map((g) => cocoOks(d.joints, g, sigmas))));

/** AP (%; NaN with no person counted) and AR (%) over images at one threshold and area range. */
export function oksApAt(
  images: readonly OksImage[],
  sigmas: readonly number[],
  threshold: number,
  areaRange: CocoAreaRange = 'all',
  maxDets = COCO_KEYPOINT_MAX_DETS,
  oksTables: readonly (readonly (readonly number[])[])[] = oksTablesOf(images, sigmas),
): { ap: number; ar: number } {
  const marked: { score: number; tp: boolean }[] = [];
  let numGt = 0;
  for (const [i, im] of images.entries()) {
    const m = matchImage(im, sigmas, threshold, {
      areaRange: COCO_AREA_RANGES[areaRange],
      maxDets,
      oksTable: oksTables[i],
    });
    numGt += m.counted;
    m.order.forEach((d, k) => {
      if (!m.ignored[k]) marked.push({ score: im.dets[d]!.score, tp: m.matched[k]! > -1 });
    });
  }
  return apAr(marked, numGt);
}

/**
 * AP (%; NaN with no person counted) and AR (%) from the detections `accumulate` keeps — image
 * by image, each image's in descending score, the ignored left out — and the people counted.
 */
export function apAr(
  marked: readonly { score: number; tp: boolean }[],
  numGt: number,
): { ap: number; ar: number } {
  if (numGt === 0) return { ap: NaN, ar: NaN };
  const { precision, recall, tp } = precisionRecall(marked, numGt);
  let sum = 0;
  let k = 0;
  for (const r of RECALL_POINTS) {
    // np.searchsorted(rc, recThrs, side='left'): the first recall ≥ r.
    while (k < recall.length && recall[k]! < r) k++;
    sum += k < precision.length ? precision[k]! : 0;
  }
  return { ap: (100 * sum) / RECALL_POINTS.length, ar: (100 * tp) / numGt };
}

/** The ten keypoint figures cocoapi's `summarize` prints (%; NaN where it prints −1). */
export interface CocoKeypointStats {
  readonly ap: number;
  readonly ap50: number;
  readonly ap75: number;
  readonly apMedium: number;
  readonly apLarge: number;
  readonly ar: number;
  readonly ar50: number;
  readonly ar75: number;
  readonly arMedium: number;
  readonly arLarge: number;
}
