import { describe, expect, it } from 'vitest';
import { cropTransform } from './crop';
import {
  decodeLifted,
  decodeRanking,
  decodeVolumetric,
  normalizeJoints2d,
  placeAtRoot,
} from './inference';

describe('decodeVolumetric', () => {
  it('puts a one-voxel peak at its pixel and depth (PoseNet convention)', () => {
    const [J, D, H, W] = [2, 8, 4, 4];
    const data = new Float32Array(J * D * H * W).fill(-50);
    // Joint 0 at (x 1, y 2, z 6); joint 1 at (3, 0, 2). Large logits make softmax one-hot.
    data[0 * D * H * W + 6 * H * W + 2 * W + 1] = 50;
    data[1 * D * H * W + 2 * H * W + 0 * W + 3] = 50;
    const crop = cropTransform([100, 50, 64, 64], { width: 16, height: 16 });
    const r = decodeVolumetric(data, { joints: J, depth: D, height: H, width: W }, crop, {
      depthRangeMm: 2000,
      beta: 1,
    });
    // Heatmap pixel ×4 (16/4) → input pixel, ×4 (64/16) → image pixel, plus the box origin.
    expect(r.joints[0]![0]).toBeCloseTo(100 + 1 * 16, 6);
    expect(r.joints[0]![1]).toBeCloseTo(50 + 2 * 16, 6);
    expect(r.relativeDepth[0]).toBeCloseTo((6 / 8 - 0.5) * 2000, 6);
    expect(r.relativeDepth[1]).toBeCloseTo((2 / 8 - 0.5) * 2000, 6);
    expect(r.depthProfiles[1]![2]).toBeCloseTo(1, 9);
  });
});

describe('decodeRanking', () => {
  it('fills a pair list into P with P_ji = 1 − P_ij', () => {
    const m = decodeRanking([0.9, 0.2, 0.6], 3, false);
    expect(m).toEqual([
      [0.5, 0.9, 0.2],
      [expect.closeTo(0.1, 12), 0.5, 0.6],
      [0.8, expect.closeTo(0.4, 12), 0.5],
    ]);
  });
  it('takes a J×J matrix as is, through a sigmoid for logits', () => {
    const m = decodeRanking([0, 0, 0, 0], 2, true);
    expect(m).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
  });
  it('names the sizes it accepts', () => {
    expect(() => decodeRanking([1, 2], 3, false)).toThrow('3 joints need 9 (J×J) or 3 (pairs)');
  });
});

describe('decodeLifted', () => {
  it('converts units and restores an omitted root', () => {
    const p = decodeLifted([1, 2, 3, 0.5, 0, -1], 3, 1, { unitsPerMm: 0.001, rootOmitted: true });
    expect(p).toEqual([
      [1000, 2000, 3000],
      [0, 0, 0],
      [500, 0, -1000],
    ]);
    expect(() => decodeLifted([1, 2], 3, 0, { unitsPerMm: 1, rootOmitted: false })).toThrow(
      '3 joints × 3 need 9',
    );
  });
});

describe('normalizeJoints2d', () => {
  const joints = [
    [10, 20],
    [30, 60],
  ] as const;
  it('crop: the box maps to [−1, 1]', () => {
    const ctx = { box: [10, 20, 20, 40] as const, image: { width: 100, height: 50 }, root: 0 };
    expect(Array.from(normalizeJoints2d(joints, 'crop', ctx))).toEqual([-1, -1, 1, 1]);
  });
  it("screen: VideoPose3D's normalize_screen_coordinates", () => {
    const ctx = { box: [0, 0, 1, 1] as const, image: { width: 100, height: 50 }, root: 0 };
    expect(Array.from(normalizeJoints2d(joints, 'screen', ctx))).toEqual([
      expect.closeTo(-0.8, 6),
      expect.closeTo(-0.1, 6),
      expect.closeTo(-0.4, 6),
      expect.closeTo(0.7, 6),
    ]);
  });
  it('root: root-relative, scaled to the farthest joint', () => {
    const ctx = { box: [0, 0, 1, 1] as const, image: { width: 100, height: 50 }, root: 0 };
    const out = normalizeJoints2d(joints, 'root', ctx);
    expect(Math.hypot(out[2]!, out[3]!)).toBeCloseTo(1, 6);
    expect(out[0]).toBe(0);
  });
  it('pixels: minus the box centre, unscaled', () => {
    const ctx = { box: [10, 20, 20, 40] as const, image: { width: 100, height: 50 }, root: 0 };
    expect(Array.from(normalizeJoints2d(joints, 'pixels', ctx))).toEqual([-10, -20, 10, 20]);
  });
  it('camera: the normalised image plane, and a clear error without intrinsics', () => {
    const ctx = { box: [10, 20, 20, 40] as const, image: { width: 100, height: 50 }, root: 0 };
    const intrinsics = { f: [10, 20] as const, c: [15, 30] as const };
    expect(Array.from(normalizeJoints2d(joints, 'camera', { ...ctx, intrinsics }))).toEqual([
      -0.5, -0.5, 1.5, 1.5,
    ]);
    expect(() => normalizeJoints2d(joints, 'camera', ctx)).toThrow(/needs the camera intrinsics/);
  });
});

it('placeAtRoot adds the root to every joint', () => {
  expect(placeAtRoot([[1, 2, 3]], [10, 20, 30])).toEqual([[11, 22, 33]]);
});
