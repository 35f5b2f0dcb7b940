import {
  ROOT_AP_THRESHOLDS_MM,
  averagePrecision,
  grownTo,
  markRootDetections,
  type ApAr,
  type ScoredRoot,
  type Vec3,
} from '../../core';

/**
 * RootNet's AP_root and AR_root at each of its thresholds, as `rootApAr` computes them over a
 * set's images, but taken image by image: an image's detections are marked when it is added and
 * only each detection's score and hits are kept (9 bytes, where the image's roots would be a
 * few hundred), in the order `rootApAr` pools them, so the figures are the same to the bit.
 */
export class RootApTally {
  private scores = new Float64Array(256);
  /** Bit k: a true positive at ROOT_AP_THRESHOLDS_MM[k]. */
  private hits = new Uint8Array(256);
  private detections = 0;
  private gts = 0;

  add(preds: readonly ScoredRoot[], gts: readonly Vec3[]): void {
    this.gts += gts.length;
    const marks = ROOT_AP_THRESHOLDS_MM.map((t) => markRootDetections(preds, gts, t));
    marks[0]!.forEach((m, i) => {
      this.scores = grownTo(this.scores, this.detections + 1);
      this.hits = grownTo(this.hits, this.detections + 1);
      this.scores[this.detections] = m.score;
      this.hits[this.detections] = marks.reduce(
        (bits, mk, k) => bits | (mk[i]!.tp ? 1 << k : 0),
        0,
      );
      this.detections++;
    });
  }

  /** AP and AR (%) at one of ROOT_AP_THRESHOLDS_MM. */
  at(threshold: number): ApAr {
    const bit = 1 << ROOT_AP_THRESHOLDS_MM.indexOf(threshold);
    const marked = Array.from({ length: this.detections }, (_, i) => ({
      score: this.scores[i]!,
      tp: (this.hits[i]! & bit) !== 0,
    }));
    return averagePrecision(marked, this.gts);
  }
}
