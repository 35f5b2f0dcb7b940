import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraArb, personArb } from '../../test/helpers/poseArbitraries';
import { cameraToPixel, type Intrinsics } from '../camera';
import { binIndexToDepth } from '../depthBins';
import { dist3 } from '../linalg/vec';
import { MUPOTS_17 } from '../skeletons/mupots';
import type { Pose3D, Vec3 } from '../types';
import { setRootDepth } from './rootDepth';

const root = MUPOTS_17.root;
const r = root[0]!;
const depth = fc.double({ min: 500, max: 20000, noNaN: true });
const pxApart = (a: Vec3, b: Vec3, cam: Intrinsics) => {
  const [p, q] = [cameraToPixel(a, cam), cameraToPixel(b, cam)];
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
};
const bones = (pose: Pose3D) => MUPOTS_17.bones.map(([a, b]) => dist3(pose[a]!, pose[b]!));

describe('root depth', () => {
  it('translate (default): root at the new depth on its ray, 2D of the root and bone lengths kept', () => {
    fc.assert(
      fc.property(personArb, cameraArb, depth, (pose, cam, z) => {
        const out = setRootDepth(pose, root, z);
        expect(out[r]![2]).toBeCloseTo(z, 6);
        expect(pxApart(out[r]!, pose[r]!, cam)).toBeLessThan(1e-6);
        const [a, b] = [bones(pose), bones(out)];
        b.forEach((l, k) => expect(Math.abs(l - a[k]!)).toBeLessThan(1e-6));
      }),
    );
  });

  it('scale: every joint keeps its 2D point, bones scale by z_new / z_root', () => {
    fc.assert(
      fc.property(personArb, cameraArb, depth, (pose, cam, z) => {
        const out = setRootDepth(pose, root, z, 'scale');
        expect(out[r]![2]).toBeCloseTo(z, 6);
        out.forEach((p, k) => expect(pxApart(p, pose[k]!, cam)).toBeLessThan(1e-6));
        const s = z / pose[r]![2];
        const [a, b] = [bones(pose), bones(out)];
        b.forEach((l, k) => expect(l).toBeCloseTo(a[k]! * s, 6));
      }),
    );
  });

  it('works with a mean-of-hips root and with a depth-bin click', () => {
    const pose: Vec3[] = [
      [-100, 0, 3000],
      [100, 0, 3000],
      [0, -500, 3200],
    ];
    const z = binIndexToDepth(30, 1000);
    const out = setRootDepth(pose, [0, 1], z);
    expect((out[0]![2] + out[1]![2]) / 2).toBeCloseTo(z, 9);
    expect(out[2]![2] - out[0]![2]).toBeCloseTo(200, 9);
    expect(() => setRootDepth(pose, [0, 1], -1)).toThrow(/positive/);
    expect(() => setRootDepth([[NaN, NaN, NaN]], [0], 3000)).toThrow(/missing/);
  });
});
