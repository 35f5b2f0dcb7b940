/**
 * The depth-profile panel's numbers: a volumetric model's per-joint distribution over D depth
 * bins, where bin d sits at (d/D − ½)·range mm from the root (Sun et al. 2018; the decoder in
 * core/inference.ts uses the same mapping), so markers and bins share one axis.
 */
export interface ProfileRow {
  readonly joint: number;
  /** Probabilities over the bins, scaled so the row's peak is 1 (for shading). */
  readonly shade: readonly number[];
  /** Soft-argmax (expected) depth, mm from the root. */
  readonly expectedMm: number;
  /** The most likely bin's depth, mm from the root. */
  readonly peakMm: number;
  /** Probability mass of the most likely bin: low means a flat, unsure profile. */
  readonly peakMass: number;
}

/** Depth (mm, root-relative) of a fractional bin index. */
export const binToMm = (d: number, bins: number, rangeMm: number): number =>
  (d / bins - 0.5) * rangeMm;

/** Fractional bin index of a root-relative depth (mm): the inverse of `binToMm`. */
export const mmToBin = (mm: number, bins: number, rangeMm: number): number =>
  (mm / rangeMm + 0.5) * bins;

/** One row per joint out of a J×D profile array (row-major). */
export function profileRows(
  values: ArrayLike<number>,
  joints: number,
  bins: number,
  rangeMm: number,
): ProfileRow[] {
  return Array.from({ length: joints }, (_, j) => {
    let sum = 0;
    let expected = 0;
    let peak = 0;
    for (let d = 0; d < bins; d++) {
      const p = Math.max(0, values[j * bins + d] ?? 0);
      sum += p;
      expected += p * d;
      if (p > (values[j * bins + peak] ?? 0)) peak = d;
    }
    const top = Math.max(0, values[j * bins + peak] ?? 0);
    return {
      joint: j,
      shade: Array.from({ length: bins }, (_, d) =>
        top > 0 ? Math.max(0, values[j * bins + d] ?? 0) / top : 0,
      ),
      expectedMm: binToMm(sum > 0 ? expected / sum : bins / 2, bins, rangeMm),
      peakMm: binToMm(peak, bins, rangeMm),
      peakMass: sum > 0 ? top / sum : 0,
    };
  });
}
