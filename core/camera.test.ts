import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cameraToPixel,
  cameraToWorld,
  distortNormalized,
  flatPoseWorldToCamera,
  focalLength,
  pixelToCamera,
  undistortNormalized,
  posesWorldToCamera,
  worldToCamera,
  type Camera,
  type Intrinsics,
} from './camera';
import type { Vec3 } from './types';

const intr: Intrinsics = { f: [1000, 1000], c: [500, 500] };

describe('camera', () => {
  it('projects a hand-checked point: (100, −50, 2000) mm → (550, 475) px', () => {
    // u = fx·X/Z + cx = 1000·0.05 + 500; v = 1000·(−0.025) + 500
    expect(cameraToPixel([100, -50, 2000], intr)).toEqual([550, 475]);
  });

  it('back-projects pixel + depth with DRM Eq. 13: (550, 475) at 2000 mm → (100, −50, 2000)', () => {
    const p = pixelToCamera([550, 475], 2000, intr);
    expect(p[0]).toBeCloseTo(100, 10);
    expect(p[1]).toBeCloseTo(-50, 10);
    expect(p[2]).toBe(2000);
  });

  it('applies radial and tangential distortion as OpenCV does (hand-checked)', () => {
    // r² = 0.25; radial = 1 + 0.1·0.25 = 1.025 → x' = 0.5125
    expect(distortNormalized([0.5, 0], { ...intr, k: [0.1, 0, 0] })[0]).toBeCloseTo(0.5125, 12);
    // p1 = 0.01 at (0.5, 0): Δy = p1·(r² + 2y²) = 0.0025
    const d = distortNormalized([0.5, 0], { ...intr, p: [0.01, 0] });
    expect(d[1]).toBeCloseTo(0.0025, 12);
  });

  it('uses f = √(fx·fy) as the single focal length', () => {
    expect(focalLength({ f: [1000, 1210], c: [0, 0] })).toBeCloseTo(1100, 10);
  });

  // Points inside a ±60° field of view (|X/Z|, |Y/Z| ≤ 0.6), where lens models are invertible.
  const ratio = fc.double({ min: -0.6, max: 0.6, noNaN: true });
  const point = fc
    .tuple(ratio, ratio, fc.double({ min: 500, max: 10000, noNaN: true }))
    .map(([x, y, z]) => [x * z, y * z, z] as const);

  it('back-projection inverts projection, with and without lens distortion', () => {
    const distorted: Intrinsics = {
      f: [1145, 1143.8],
      c: [512.5, 515.4],
      k: [-0.207, 0.248, -0.003],
      p: [-0.0009, -0.0013],
    };
    fc.assert(
      fc.property(point, (x) => {
        for (const cam of [intr, distorted]) {
          const back = pixelToCamera(cameraToPixel(x, cam), x[2], cam);
          back.forEach((v, i) => expect(Math.abs(v - x[i]!)).toBeLessThan(1e-6 * x[2]));
        }
      }),
    );
    const n = undistortNormalized(distortNormalized([0.3, -0.2], distorted), distorted);
    expect(n[0]).toBeCloseTo(0.3, 9);
    expect(n[1]).toBeCloseTo(-0.2, 9);
  });

  it('camera → world inverts world → camera (X_cam = R·X_world + t)', () => {
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const cam: Camera = {
      ...intr,
      R: [
        [c, 0, s],
        [0, 1, 0],
        [-s, 0, c],
      ],
      t: [10, -20, 5000],
    };
    // Hand-checked: world origin maps to t.
    expect(worldToCamera([0, 0, 0], cam)).toEqual([10, -20, 5000]);
    fc.assert(
      fc.property(point, (x: Vec3) => {
        const back = cameraToWorld(worldToCamera(x, cam), cam);
        back.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 6));
      }),
    );
  });
});

describe('a flat world pose through a camera', () => {
  it('is each joint through worldToCamera, bit for bit (property)', () => {
    const v = fc.double({ min: -5000, max: 5000, noNaN: true });
    const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
    fc.assert(
      fc.property(fc.array(v, { minLength: 3, maxLength: 60 }), angle, v, (flat, a, tz) => {
        const coords = flat.slice(0, flat.length - (flat.length % 3));
        const cam = {
          R: [
            [Math.cos(a), 0, Math.sin(a)],
            [0, 1, 0],
            [-Math.sin(a), 0, Math.cos(a)],
          ] as const,
          t: [12.5, -3, tz] as const,
        };
        const pose = Array.from(
          { length: coords.length / 3 },
          (_, j) => [coords[3 * j]!, coords[3 * j + 1]!, coords[3 * j + 2]!] as const,
        );
        expect(flatPoseWorldToCamera(Float64Array.from(coords), cam)).toEqual(
          posesWorldToCamera(pose, cam),
        );
      }),
    );
  });
});
