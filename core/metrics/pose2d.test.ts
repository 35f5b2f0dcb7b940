import { describe, expect, it } from 'vitest';
import { COCO_OKS_SIGMAS } from '../skeletons';
import type { Pose2D } from '../types';
import { oks, pck2dCount } from './pose2d';

describe('2D metrics', () => {
  it('PCK with bbox normalisation: α·max(w, h) = 0.1·200 = 20 px', () => {
    const gt: Pose2D = [
      [0, 0],
      [10, 10],
      [50, 50],
    ];
    const pred: Pose2D = [
      [12, 16], // 20 px off: a miss (MMPose counts distance < threshold)
      [10, 29], // 19 px off
      [0, 0], // not visible
    ];
    const r = pck2dCount(
      pred,
      gt,
      [true, true, false],
      { kind: 'bbox', bbox: [0, 0, 100, 200] },
      0.1,
    );
    expect(r).toEqual({ hits: 1, total: 2 });
  });

  it('PCKh uses the head size: α = 0.5 of a 40 px head → 20 px, exactly 20 px counts (≤)', () => {
    const r = pck2dCount([[20, 0]], [[0, 0]], [true], { kind: 'head', headSize: 40 }, 0.5);
    expect(r.hits).toBe(1);
    const miss = pck2dCount([[20.001, 0]], [[0, 0]], [true], { kind: 'head', headSize: 40 }, 0.5);
    expect(miss.hits).toBe(0);
  });

  it('OKS of a hand-checked single keypoint', () => {
    // σ = 0.1 → k = 0.2; area 100, d = 2: e = 4 / 0.04 / 100 / 2 = 0.5 → OKS = e^−0.5.
    expect(oks([[2, 0]], [[0, 0]], [2], 100, [0.1])).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('OKS averages visible COCO keypoints only and is 1 for a perfect prediction', () => {
    const gt: Pose2D = COCO_OKS_SIGMAS.map((_, i) => [i * 10, i * 5] as const);
    const vis = gt.map((_, i) => (i % 3 === 0 ? 0 : 2));
    expect(oks(gt, gt, vis, 5000, COCO_OKS_SIGMAS)).toBe(1);
    const far = gt.map(([x, y], i) => (i % 3 === 0 ? ([x + 1e6, y] as const) : ([x, y] as const)));
    expect(oks(far, gt, vis, 5000, COCO_OKS_SIGMAS)).toBe(1);
    expect(
      oks(
        gt,
        gt,
        vis.map(() => 0),
        5000,
        COCO_OKS_SIGMAS,
      ),
    ).toBeNaN();
  });

  it('names the mismatching counts when joint counts differ', () => {
    expect(() => oks([[0, 0]], [[0, 0]], [1], 1, [0.1, 0.2])).toThrow(/sigmas 2/);
  });
});
