import {
  apAr,
  COCO_AREA_RANGES,
  COCO_KEYPOINT_MAX_DETS,
  cocoOks,
  matchImage,
  OKS_THRESHOLDS,
  type CocoAreaRange,
  type CocoKeypointStats,
  type OksImage,
} from './oksAp';
import { grownTo } from '../typedArrays';

/** The area ranges `summarize` reports for keypoints, in that order. */
const AREAS: readonly CocoAreaRange[] = ['all', 'medium', 'large'];
/** One bit per (area range, threshold) pass: 3 × 10 of a 32-bit word. */
const bit = (area: number, threshold: number) => 1 << (area * OKS_THRESHOLDS.length + threshold);

const meanOf = (xs: readonly number[]) =>
  xs.some((x) => Number.isNaN(x)) ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * COCO keypoint AP/AR as cocoapi's `evaluateImg` + `accumulate` compute them, fed image by image:
 * each image is matched at its 30 (area range, OKS threshold) passes when it comes, and what
 * `accumulate` needs of it is kept — each considered detection's score (the same detections in
 * the same order at every pass: the image's top `maxDets` by descending score) and, per pass,
 * whether it matched and whether it is ignored, as bits — 16 bytes a detection, not the image.
 * `stats` then runs `accumulate` over them in the order the images came, as cocoapi
 * concatenates them, so the figures are those of `oksApAt` over all the images at once.
 */
export class OksApTally {
  private scores = new Float64Array(256);
  private matched = new Uint32Array(256);
  private ignored = new Uint32Array(256);
  private count = 0;
  /** People counted in recall, per area range. */
  private readonly counted = AREAS.map(() => 0);

  constructor(private readonly sigmas: readonly number[]) {}

  addImage(im: OksImage): void {
    const oksTable = im.dets.map((d) => im.gts.map((g) => cocoOks(d.joints, g, this.sigmas)));
    const start = this.count;
    AREAS.forEach((area, a) =>
      OKS_THRESHOLDS.forEach((threshold, t) => {
        const m = matchImage(im, this.sigmas, threshold, {
          areaRange: COCO_AREA_RANGES[area],
          maxDets: COCO_KEYPOINT_MAX_DETS,
          oksTable,
        });
        if (a === 0 && t === 0) this.reserve(m.order.map((d) => im.dets[d]!.score));
        else if (m.order.length !== this.count - start)
          throw new Error('OksApTally: an image considered other detections at another pass');
        if (t === 0) this.counted[a]! += m.counted;
        m.order.forEach((_, k) => {
          if (m.matched[k]! > -1) this.matched[start + k]! |= bit(a, t);
          if (m.ignored[k]) this.ignored[start + k]! |= bit(a, t);
        });
      }),
    );
  }

  private reserve(scores: readonly number[]): void {
    const need = this.count + scores.length;
    this.scores = grownTo(this.scores, need);
    this.matched = grownTo(this.matched, need);
    this.ignored = grownTo(this.ignored, need);
    this.scores.set(scores, this.count);
    this.matched.fill(0, this.count, need);
    this.ignored.fill(0, this.count, need);
    this.count = need;
  }

  /** AP (%; NaN with no person counted) and AR (%) at one pass. */
  private at(a: number, t: number): { ap: number; ar: number } {
    const b = bit(a, t);
    const marked: { score: number; tp: boolean }[] = [];
    for (let i = 0; i < this.count; i++)
      if (!(this.ignored[i]! & b))
        marked.push({ score: this.scores[i]!, tp: !!(this.matched[i]! & b) });
    return apAr(marked, this.counted[a]!);
  }

  /** The ten numbers `summarize` prints (%; NaN where it prints −1). */
  stats(): CocoKeypointStats {
    const over = (a: number) => OKS_THRESHOLDS.map((_, t) => this.at(a, t));
    const [all, medium, large] = [over(0), over(1), over(2)];
    return {
      ap: meanOf(all.map((x) => x.ap)),
      ap50: all[0]!.ap,
      ap75: all[5]!.ap,
      apMedium: meanOf(medium.map((x) => x.ap)),
      apLarge: meanOf(large.map((x) => x.ap)),
      ar: meanOf(all.map((x) => x.ar)),
      ar50: all[0]!.ar,
      ar75: all[5]!.ar,
      arMedium: meanOf(medium.map((x) => x.ar)),
      arLarge: meanOf(large.map((x) => x.ar)),
    };
  }
}

/** COCO keypoint AP/AR over OKS 0.50:0.95 at each of cocoapi's area ranges, maxDets 20. */
export function oksAp(images: readonly OksImage[], sigmas: readonly number[]): CocoKeypointStats {
  const tally = new OksApTally(sigmas);
  for (const im of images) tally.addImage(im);
  return tally.stats();
}
