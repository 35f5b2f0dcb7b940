import { describe, expect, it } from 'vitest';
import { averagePrecision, markRootDetections, rootApAr } from './matching';

describe('matching and root AP', () => {
  it('marks detections as calculate_score does: nearest person, strictly under, once', () => {
    const gts = [
      [0, 0, 5000],
      [600, 0, 5000],
    ] as const;
    const marked = markRootDetections(
      [
        { root: [0, 0, 5100], score: 0.5 },
        { root: [0, 0, 5050], score: 0.9 },
        { root: [350, 0, 5000], score: 0.4 },
      ],
      gts,
      250,
    );
    // The best-scored detection takes the first person; the second is nearest the same, taken,
    // person: a false positive, not moved to the other person (who is 600 mm away from it).
    // The third is 250 mm from the second person: not under 250.
    expect(marked).toEqual([
      { score: 0.9, tp: true },
      { score: 0.5, tp: false },
      { score: 0.4, tp: false },
    ]);
    expect(markRootDetections([{ root: [0, 0, 0], score: 1 }], [], 250)).toEqual([]);
  });

  it('sums AP as the script does: raw precision, from the second detection on', () => {
    // Ranked TP, FP, TP with 3 ground truths: precision 1, 1/2, 2/3; recall 1/3, 1/3, 2/3.
    // AP = ½·(1/3 − 1/3) + 2/3·(2/3 − 1/3) = 2/9 (the first detection's step is not summed).
    const r = averagePrecision(
      [
        { score: 0.9, tp: true },
        { score: 0.8, tp: false },
        { score: 0.7, tp: true },
      ],
      3,
    );
    expect(r.ap).toBeCloseTo((100 * 2) / 9, 10);
    expect(r.ar).toBeCloseTo(200 / 3, 10);
  });

  it('AP_root tightens as the threshold falls (25 cm vs 10 cm)', () => {
    const images = [
      {
        preds: [
          { root: [0, 0, 5120], score: 0.9 },
          { root: [800, 0, 4000], score: 0.8 },
        ],
        gts: [
          [0, 0, 5000],
          [800, 0, 4050],
        ],
      },
    ] as const;
    // TP, TP: recall ½ then 1, AP = 1·(1 − ½) = 50 (the script's sum skips the first step).
    expect(rootApAr(images, 250)).toEqual({ ap: 50, ar: 100 });
    // At 10 cm only the second (50 mm off) counts: FP then TP → AP = ½·½.
    const tight = rootApAr(images, 100);
    expect(tight.ar).toBe(50);
    expect(tight.ap).toBeCloseTo(25, 10);
  });
});
