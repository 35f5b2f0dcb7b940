import { describe, expect, it } from 'vitest';
import type { Pose2D } from '../types';
import { cocoOks, matchImage, oksApAt } from './oksAp';
import { oksAp } from './oksApTally';

const sigmas = [0.1, 0.1];
const gt = (x: number, iscrowd = false) => ({
  joints: [
    [x, 0],
    [x + 10, 0],
  ] as Pose2D,
  visibility: [2, 2],
  area: 100,
  iscrowd,
});
const det = (score: number, x: number) => ({
  score,
  joints: [
    [x, 0],
    [x + 10, 0],
  ] as Pose2D,
});

describe('COCO keypoint AP (cocoapi protocol)', () => {
  it('is 100 for exact detections and 0 with none', () => {
    expect(oksAp([{ dets: [det(0.9, 0)], gts: [gt(0)] }], sigmas).ap).toBeCloseTo(100, 10);
    expect(oksAp([{ dets: [], gts: [gt(0)] }], sigmas).ap).toBe(0);
  });

  it('ranks a high-scoring false positive first: precision 1/2 at recall 1 gives AP 50', () => {
    // Two people; the best-scored detection is far from both, the other two hit.
    // Sweep: FP (p 0), TP (p 1/2, r 1/2), TP (p 2/3, r 1); envelope 2/3 over all 101 recalls.
    const im = { dets: [det(0.9, 500), det(0.8, 0), det(0.7, 100)], gts: [gt(0), gt(100)] };
    expect(oksApAt([im], sigmas, 0.5).ap).toBeCloseTo((100 * 2) / 3, 10);
  });

  it('lets a detection on a crowd region neither hit nor miss', () => {
    const withCrowd = { dets: [det(0.9, 300), det(0.8, 0)], gts: [gt(0), gt(300, true)] };
    expect(oksApAt([withCrowd], sigmas, 0.5)).toEqual({ ap: 100, ar: 100 });
  });

  it('needs OKS at the threshold: a 3 px shift passes 0.5 but not 0.95', () => {
    // d² = 9, k = 0.2, s² = 100: OKS = exp(−9 / (0.04·100·2)) = exp(−1.125) ≈ 0.325 per joint.
    const shifted = { dets: [det(1, 3)], gts: [gt(0)] };
    expect(oksApAt([shifted], sigmas, 0.3).ap).toBe(100);
    expect(oksApAt([shifted], sigmas, 0.35).ap).toBe(0);
  });

  it('matches a detection over an unlabelled person by their grown box, and ignores it', () => {
    // No labelled joint: distance to the box grown by its size each side, 0 inside it.
    const unlabelled = { ...gt(300), visibility: [0, 0], bbox: [300, 0, 10, 10] as const };
    expect(
      cocoOks(
        [
          [295, 5],
          [305, 5],
        ],
        unlabelled,
        sigmas,
      ),
    ).toBe(1);
    const im = { dets: [det(0.9, 295), det(0.8, 0)], gts: [gt(0), unlabelled] };
    const m = matchImage(im, sigmas, 0.5);
    expect(m.ignored).toEqual([true, false]);
    expect(oksApAt([im], sigmas, 0.5)).toEqual({ ap: 100, ar: 100 });
  });

  it('takes a person once but a crowd many times, and counts an exact-threshold OKS (≥)', () => {
    const im = { dets: [det(0.9, 0), det(0.8, 0)], gts: [gt(0)] };
    expect(matchImage(im, sigmas, 0.5).matched).toEqual([0, -1]);
    const crowd = { dets: [det(0.9, 0), det(0.8, 0)], gts: [gt(0, true)] };
    expect(matchImage(crowd, sigmas, 0.5).matched).toEqual([0, 0]);
    expect(matchImage(im, sigmas, 1).matched).toEqual([0, -1]);
  });

  it('reports −1 (NaN) for an area range with no person, as summarize does', () => {
    const s = oksAp([{ dets: [det(0.9, 0)], gts: [gt(0)] }], sigmas);
    expect(s.ap).toBeCloseTo(100, 10);
    expect(s.apMedium).toBeNaN(); // area 100 < 32²
    expect(s.apLarge).toBeNaN();
  });
});
