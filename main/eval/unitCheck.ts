import { dist3, type Pose3D, type Skeleton } from '../../core';

/** People sampled per side: medians settle long before, and a million-person run stays cheap. */
const SAMPLE_PEOPLE = 5000;
/** Bone lengths this far apart (either way) are a unit mix-up, not a bad model. */
const MISMATCH_RATIO = 30;

const median = (xs: number[]): number => {
  const s = xs.sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Compares the median bone length of the predictions with the labels', so a file in metres
 * against a millimetre dataset (or the reverse) is named, with its factor, instead of scoring
 * as a wildly bad model. Nothing is rescaled: the figures stay what the file says.
 */
export class UnitCheck {
  private readonly pred: number[] = [];
  private readonly gt: number[] = [];
  private nPred = 0;
  private nGt = 0;

  constructor(private readonly skeleton: Skeleton) {}

  private add(into: number[], pose: Pose3D): void {
    for (const [a, b] of this.skeleton.bones) {
      const d = dist3(pose[a]!, pose[b]!);
      if (Number.isFinite(d) && d > 0) into.push(d);
    }
  }

  predicted(pose: Pose3D): void {
    if (this.nPred++ < SAMPLE_PEOPLE) this.add(this.pred, pose);
  }

  labelled(pose: Pose3D): void {
    if (this.nGt++ < SAMPLE_PEOPLE) this.add(this.gt, pose);
  }

  /** The predicted and labelled median bone lengths and the factor (a power of ten) between
   * them, or null when they agree or one side has no bones. */
  mismatch(): { pred: number; gt: number; factor: number } | null {
    if (this.pred.length === 0 || this.gt.length === 0) return null;
    const pred = median([...this.pred]);
    const gt = median([...this.gt]);
    const ratio = pred / gt;
    if (ratio > 1 / MISMATCH_RATIO && ratio < MISMATCH_RATIO) return null;
    return { pred, gt, factor: 10 ** Math.round(Math.log10(ratio)) };
  }

  /** What to tell the user, or null when the units agree. */
  note(): string | null {
    const m = this.mismatch();
    if (m === null) return null;
    const f = m.factor;
    const lengths = `median bone length ${fmt(m.pred)} predicted vs ${fmt(m.gt)} mm labelled`;
    const guess =
      f === 1e-3
        ? 'the predictions look like metres against a millimetre dataset'
        : f === 1e3
          ? 'the predictions look like millimetres ×1000 (or the dataset is in metres)'
          : `the predictions' 3D units differ from the dataset's by about ×${f}`;
    return `${guess} (${lengths}, factor ${f}); scored as given, not rescaled`;
  }
}

const fmt = (v: number) => (v >= 10 ? v.toFixed(1) : v.toPrecision(3));
