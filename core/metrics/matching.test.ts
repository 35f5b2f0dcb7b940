import { describe, expect, it } from 'vitest';
import { averagePrecision, markRootDetections, rootApAr } from './matching';

describe('matching and root AP', () => {
  it('marks detections in score order, each ground truth claimed once', () => {
    const gts = [[0, 0, 5000]] as const;
    const marked = markRootDetections(
      [
        { root: [0, 0, 5100], score: 0.5 },
        { root: [0, 0, 5050], score: 0.9 },
      ],
      gts,
      250,
    );
    // The higher-scored detection claims the person; the other is a duplicate.
    expect(marked).toEqual([
      { score: 0.9, tp: true },
      { score: 0.5, tp: false },
    ]);
  });

  it('computes all-point interpolated AP on a hand-checked ranking', () => {
    // Ranked TP, FP, TP with 3 ground truths: precision 1, 1/2, 2/3; recall 1/3, 1/3, 2/3.
    // Envelope: 1, 2/3, 2/3 → AP = 1/3·1 + 0 + 1/3·2/3 = 5/9.
    const r = averagePrecision(
      [
        { score: 0.9, tp: true },
        { score: 0.8, tp: false },
        { score: 0.7, tp: true },
      ],
      3,
    );
    expect(r.ap).toBeCloseTo((100 * 5) / 9, 10);
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
    expect(rootApAr(images, 250)).toEqual({ ap: 100, ar: 100 });
    // At 10 cm only the second (50 mm off) counts: TP at rank 2 → AP = ½·½.
    const tight = rootApAr(images, 100);
    expect(tight.ar).toBe(50);
    expect(tight.ap).toBeCloseTo(25, 10);
  });
});
