import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraArb, personArb } from '../../test/helpers/poseArbitraries';
import { cameraToPixel, type Intrinsics } from '../camera';
import { freeDrag } from './freeDrag';
import { dragDepth, pointAtDepth, rayDrag, snapToLabelRay } from './rayDrag';

const intr: Intrinsics = { f: [1000, 1000], c: [500, 500] };
const joint = fc.integer({ min: 0, max: 16 });
const depth = fc.double({ min: 300, max: 20000, noNaN: true });

describe('ray drag', () => {
  it('keeps the joint’s projection within 1e-6 px on any camera, distorted or not', () => {
    fc.assert(
      fc.property(personArb, cameraArb, joint, depth, (pose, cam, j, z) => {
        const moved = rayDrag(pose, j, z);
        const [a, b] = [cameraToPixel(pose[j]!, cam), cameraToPixel(moved[j]!, cam)];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(1e-6);
        expect(moved[j]![2]).toBe(z);
        moved.forEach((p, k) => k !== j && expect(p).toBe(pose[k]));
      }),
    );
  });

  it('moves along the ray: (100, −50, 2000) to 3000 mm is (150, −75, 3000)', () => {
    expect(pointAtDepth([100, -50, 2000], 3000)).toEqual([150, -75, 3000]);
  });

  it('refuses depths at or behind the camera, and joints that have no ray', () => {
    expect(() => pointAtDepth([0, 0, 2000], 0)).toThrow(/positive/);
    expect(() => pointAtDepth([0, 0, -5], 100)).toThrow(/in front of the camera/);
    expect(() => rayDrag([[NaN, NaN, NaN]], 0, 100)).toThrow(/missing/);
  });

  it('maps a screen drag to depth exponentially: 200 px doubles, −200 px halves', () => {
    expect(dragDepth(3000, 200)).toBeCloseTo(6000, 9);
    expect(dragDepth(3000, -200)).toBeCloseTo(1500, 9);
    expect(dragDepth(3000, 0)).toBe(3000);
    expect(dragDepth(3000, -1e6)).toBeGreaterThanOrEqual(0);
  });

  it('snaps a joint onto its 2D label’s ray at its depth, through the lens model', () => {
    fc.assert(
      fc.property(personArb, cameraArb, joint, (pose, cam, j) => {
        const label = cameraToPixel(pose[(j + 1) % 17]!, cam);
        const snapped = snapToLabelRay(pose, j, label, cam)[j]!;
        const uv = cameraToPixel(snapped, cam);
        expect(Math.hypot(uv[0] - label[0], uv[1] - label[1])).toBeLessThan(1e-3);
        expect(snapped[2]).toBe(pose[j]![2]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('free drag', () => {
  it('puts the joint at the target and reports its reprojection error', () => {
    const pose = [
      [0, 0, 2000],
      [100, -50, 2000],
    ] as const;
    const r = freeDrag(pose, 1, [100, -50, 4000], intr, [550, 475]);
    expect(r.pose[1]).toEqual([100, -50, 4000]);
    // (100, −50, 4000) projects to (525, 487.5): 25 px and 12.5 px off the label.
    expect(r.reprojectionErrorPx).toBeCloseTo(Math.hypot(25, 12.5), 9);
    expect(r.pose[0]).toBe(pose[0]);
    expect(freeDrag(pose, 1, [0, 0, 1000], intr).reprojectionErrorPx).toBeNaN();
    expect(freeDrag(pose, 1, [0, 0, -10], intr, [500, 500]).reprojectionErrorPx).toBe(Infinity);
    expect(() => freeDrag(pose, 1, [NaN, 0, 0], intr)).toThrow(/finite/);
  });
});
