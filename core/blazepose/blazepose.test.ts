import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../types';
import { ssdAnchors, type SsdAnchorOptions } from './anchors';
import { decodeDetections, iou, nonMaxSuppression, type PoseDetection } from './detections';
import { decodeBlazeLandmarks, refineFromHeatmap } from './landmarks';
import {
  imageToRoi,
  roiAffine,
  roiFromAlignment,
  roiFromBox,
  roiToImage,
  rotateWorld,
} from './roi';

// pose_detection_cpu.pbtxt's SsdAnchorsCalculator options.
const POSE_ANCHORS: SsdAnchorOptions = {
  numLayers: 5,
  minScale: 0.1484375,
  maxScale: 0.75,
  strides: [8, 16, 32, 32, 32],
  offset: [0.5, 0.5],
  aspectRatios: [1],
  fixedAnchorSize: true,
  interpolatedScaleAspectRatio: 1,
};
const INPUT = { width: 224, height: 224 };

describe('SSD anchors', () => {
  const anchors = ssdAnchors(POSE_ANCHORS, INPUT);
  it('makes MediaPipe pose_detection’s 2254 anchors, two per cell and layer', () => {
    expect(anchors).toHaveLength(2254);
    // 28×28 cells × 2 at stride 8, then 14×14 × 2, then 7×7 × 6 (three stride-32 layers).
    expect(anchors[0]).toEqual({ x: 0.5 / 28, y: 0.5 / 28, w: 1, h: 1 });
    expect(anchors[1]).toEqual(anchors[0]);
    expect(anchors[2]!.x).toBeCloseTo(1.5 / 28, 12);
    expect(anchors[1568]).toEqual({ x: 0.5 / 14, y: 0.5 / 14, w: 1, h: 1 });
    expect(anchors[1960]).toEqual({ x: 0.5 / 7, y: 0.5 / 7, w: 1, h: 1 });
    expect(anchors[2253]).toEqual({ x: 6.5 / 7, y: 6.5 / 7, w: 1, h: 1 });
  });
  it('sizes anchors by layer scale when they are not fixed', () => {
    const free = ssdAnchors({ ...POSE_ANCHORS, fixedAnchorSize: false }, INPUT);
    expect(free[0]!.w).toBeCloseTo(0.1484375, 12);
    // The interpolated anchor: √(scale₀ · scale₁).
    expect(free[1]!.w).toBeCloseTo(Math.sqrt(0.1484375 * (0.1484375 + 0.6015625 / 4)), 12);
  });
});

describe('detection decoding and NMS', () => {
  const anchors = [
    { x: 0.25, y: 0.5, w: 1, h: 1 },
    { x: 0.75, y: 0.5, w: 1, h: 1 },
  ];
  it('applies anchors, the 224 scale, score clipping and the threshold', () => {
    const row = (dx: number) => [dx, 0, 56, 112, 0, 22.4, 0, -44.8, 0, 0, 0, 0];
    const dets = decodeDetections([...row(22.4), ...row(0)], [3, -200], anchors, {
      scale: 224,
      numKeypoints: 4,
      scoreClip: 100,
      minScore: 0.5,
    });
    expect(dets).toHaveLength(1);
    expect(dets[0]!.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
    const [x, y, w, h] = dets[0]!.box;
    expect([x + w / 2, y + h / 2, w, h].map((v) => +v.toFixed(9))).toEqual([0.35, 0.5, 0.25, 0.5]);
    expect(dets[0]!.keypoints[0]![1]).toBeCloseTo(0.6, 12);
    expect(dets[0]!.keypoints[1]![1]).toBeCloseTo(0.3, 12);
  });
  it('IoU of constructed boxes', () => {
    expect(iou([0, 0, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1 / 7, 12);
    expect(iou([0, 0, 1, 1], [2, 2, 1, 1])).toBe(0);
  });
  const det = (score: number, x: number, kx: number): PoseDetection => ({
    score,
    box: [x, 0, 1, 1],
    keypoints: [[kx, 0]],
  });
  it('weighted NMS averages each cluster by score and keeps the top score', () => {
    const kept = nonMaxSuppression(
      [det(0.6, 0.1, 1), det(0.9, 0, 0), det(0.8, 5, 5)],
      0.3,
      'weighted',
    );
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.8]);
    expect(kept[0]!.box[0]).toBeCloseTo((0.6 * 0.1) / 1.5, 12);
    expect(kept[0]!.box[2]).toBeCloseTo(1, 12);
    expect(kept[0]!.keypoints[0]![0]).toBeCloseTo(0.6 / 1.5, 12);
    expect(kept[1]!.box[0]).toBeCloseTo(5, 12);
    expect(kept[1]!.keypoints[0]![0]).toBeCloseTo(5, 12);
  });
  it('plain NMS drops the overlapping ones unchanged', () => {
    const kept = nonMaxSuppression([det(0.6, 0.1, 1), det(0.9, 0, 0)], 0.3, 'default');
    expect(kept).toEqual([det(0.9, 0, 0)]);
  });
});

describe('ROI and rotated crop transform', () => {
  const opts = { targetAngleDegrees: 90, scale: 1.25 };
  it('an upright body gives rotation 0 and side 2 · 1.25 · |hip → scale point|', () => {
    const roi = roiFromAlignment([100, 200], [100, 120], opts);
    expect(roi.rotation).toBeCloseTo(0, 12);
    expect(roi.size).toBeCloseTo(200, 12);
    expect(roiToImage(roi, 256, [128, 128])).toEqual([100, 200]);
    expect(roiToImage(roi, 256, [0, 0])).toEqual([0, 100]);
  });
  it('a body lying head-right turns the crop’s up towards +x', () => {
    const roi = roiFromAlignment([100, 200], [180, 200], opts);
    expect(roi.rotation).toBeCloseTo(Math.PI / 2, 12);
    const top = roiToImage(roi, 256, [128, 0]);
    expect(top[0]).toBeCloseTo(200, 9);
    expect(top[1]).toBeCloseTo(200, 9);
  });
  it('round-trips image ↔ input for a rotated ROI, and the affine agrees', () => {
    const roi = { centre: [321.5, 140.25] as Vec2, size: 187.3, rotation: -2.1 };
    const a = roiAffine(roi, 256);
    for (const p of [
      [0, 0],
      [255.5, 3],
      [17, 230],
    ] as Vec2[]) {
      const q = roiToImage(roi, 256, p);
      const back = imageToRoi(roi, 256, q);
      expect(back[0]).toBeCloseTo(p[0], 9);
      expect(back[1]).toBeCloseTo(p[1], 9);
      expect(a[0]! * p[0] + a[1]! * p[1] + a[2]!).toBeCloseTo(q[0], 9);
      expect(a[3]! * p[0] + a[4]! * p[1] + a[5]!).toBeCloseTo(q[1], 9);
    }
  });
  it('a box ROI is upright and covers the box’s longer side', () => {
    expect(roiFromBox([10, 20, 100, 200])).toEqual({ centre: [60, 120], size: 200, rotation: 0 });
  });
  it('rotates world landmarks about z like the crop', () => {
    const [p] = rotateWorld([[1, 0, 5]], Math.PI / 2);
    expect(p![0]).toBeCloseTo(0, 12);
    expect(p![1]).toBeCloseTo(1, 12);
    expect(p![2]).toBe(5);
  });
});

describe('landmark decoding', () => {
  it('refines towards the sigmoid-weighted window mean when confident', () => {
    const W = 8;
    const data = new Float32Array(W * W).fill(-20);
    data[3 * W + 4] = 10; // one confident cell at column 4, row 3
    const maps = { data, channels: 1, height: W, width: W };
    const p = refineFromHeatmap([0.45, 0.4], 0, maps, 3, 0.5);
    expect(p[0]).toBeCloseTo(4 / W, 6);
    expect(p[1]).toBeCloseTo(3 / W, 6);
    data[3 * W + 4] = -1; // not confident: left as it was
    expect(refineFromHeatmap([0.45, 0.4], 0, maps, 3, 0.5)).toEqual([0.45, 0.4]);
  });
  it('maps crop landmarks into the image and applies sigmoids', () => {
    const raw = [128, 64, 7, 0, 100];
    const roi = { centre: [50, 60] as Vec2, size: 128, rotation: 0 };
    const r = decodeBlazeLandmarks(raw, roi, {
      landmarks: 1,
      valuesPerLandmark: 5,
      inputSize: 256,
      refineKernel: 0,
      refineMinConfidence: 0.5,
      sigmoid: true,
    });
    expect(r.joints).toEqual([[50, 28]]);
    expect(r.visibility[0]).toBe(0.5);
    expect(r.presence[0]).toBeCloseTo(1, 9);
    expect(r.z).toEqual([7]);
  });
});
