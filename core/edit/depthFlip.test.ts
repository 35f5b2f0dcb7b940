import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraArb, personArb } from '../../test/helpers/poseArbitraries';
import { cameraToPixel } from '../camera';
import { dist3 } from '../linalg/vec';
import { MUPOTS_17 } from '../skeletons/mupots';
import { descendants, kinematicParents } from '../skeletons/tree';
import { jointIndex } from '../skeletons/types';
import type { Pose3D, Vec3 } from '../types';
import { flipLimbDepth, limbDepthSolutions } from './depthFlip';

const parents = kinematicParents(MUPOTS_17);
const nonRoot = fc.integer({ min: 0, max: 16 }).filter((j) => parents[j]! >= 0);
const px = (a: Vec3, b: Vec3, cam: Parameters<typeof cameraToPixel>[1]) => {
  const [p, q] = [cameraToPixel(a, cam), cameraToPixel(b, cam)];
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
};
const treeBones = (pose: Pose3D) => parents.map((p, j) => (p < 0 ? 0 : dist3(pose[j]!, pose[p]!)));

describe('limb depth flip', () => {
  it('moves the joint to the other solution: same bone length, same 2D point, other depth', () => {
    fc.assert(
      fc.property(personArb, cameraArb, nonRoot, (pose, cam, j) => {
        const r = flipLimbDepth(pose, parents, j);
        if (!r.ok) return expect(r.reason).toBe('tangent');
        const parent = pose[parents[j]!]!;
        expect(Math.abs(dist3(r.pose[j]!, parent) - dist3(pose[j]!, parent))).toBeLessThan(1e-6);
        expect(px(r.pose[j]!, pose[j]!, cam)).toBeLessThan(1e-6);
        // Both depths solve the same quadratic: they are its two roots.
        const s = limbDepthSolutions(parent, pose[j]!, dist3(pose[j]!, parent));
        if (s.kind !== 'two') throw new Error(`expected two solutions, got ${s.kind}`);
        const depths = [r.depthBefore, r.depthAfter].sort((a, b) => a - b);
        expect(depths[0]).toBeCloseTo(s.near, 6);
        expect(depths[1]).toBeCloseTo(s.far, 6);
        // Flipping twice comes back.
        const back = flipLimbDepth(r.pose, parents, j);
        if (!back.ok) throw new Error(back.message);
        back.pose.forEach((p, k) => p.forEach((v, i) => expect(v).toBeCloseTo(pose[k]![i]!, 6)));
      }),
    );
  });

  it('translates descendants by default, keeping every bone length', () => {
    fc.assert(
      fc.property(personArb, nonRoot, (pose, j) => {
        const r = flipLimbDepth(pose, parents, j);
        if (!r.ok) return;
        const [a, b] = [treeBones(pose), treeBones(r.pose)];
        b.forEach((l, k) => expect(Math.abs(l - a[k]!)).toBeLessThan(1e-6));
      }),
    );
  });

  it('with keep2d re-solves descendants on their own rays: 2D and bone lengths kept', () => {
    fc.assert(
      fc.property(personArb, cameraArb, nonRoot, (pose, cam, j) => {
        const r = flipLimbDepth(pose, parents, j, { descendants: 'keep2d' });
        if (!r.ok) return;
        const [a, b] = [treeBones(pose), treeBones(r.pose)];
        for (const k of [j, ...descendants(parents, j)]) {
          if (r.unresolved.includes(k)) continue;
          expect(px(r.pose[k]!, pose[k]!, cam)).toBeLessThan(1e-6);
          expect(Math.abs(b[k]! - a[k]!)).toBeLessThan(1e-6);
        }
      }),
    );
  });

  it('solves the hand-checked case and reports tangent and missing rays', () => {
    // Parent 500 mm off the optical axis at 3000 mm; bone 500 mm: tangent to the axis ray.
    expect(limbDepthSolutions([500, 0, 3000], [0, 0, 1], 500)).toMatchObject({
      kind: 'tangent',
      depth: 3000,
    });
    expect(limbDepthSolutions([600, 0, 3000], [0, 0, 1], 500)).toMatchObject({
      kind: 'miss',
      foot: 3000,
    });
    expect(limbDepthSolutions([600, 0, 3000], [0, 0, 1], 500)).toHaveProperty('gapMm', 100);
    // 3-4-5: a 500 mm bone from (300, 0, 3000) meets the axis at 3000 ± 400 mm.
    expect(limbDepthSolutions([300, 0, 3000], [0, 0, 2], 500)).toEqual({
      kind: 'two',
      near: 2600,
      far: 3400,
      foot: 3000,
    });
  });

  it('refuses roots, grazing rays and solutions behind the camera, saying why', () => {
    const pose: Vec3[] = Array.from({ length: 17 }, () => [0, 0, 3000]);
    const [hip, knee] = [jointIndex(MUPOTS_17, 'L_Hip'), jointIndex(MUPOTS_17, 'L_Knee')];
    expect(flipLimbDepth(pose, parents, MUPOTS_17.root[0]!)).toMatchObject({
      ok: false,
      reason: 'root',
    });
    pose[hip] = [500, 0, 3000];
    pose[knee] = [0, 0, 3000];
    expect(flipLimbDepth(pose, parents, knee)).toMatchObject({ ok: false, reason: 'tangent' });
    // Parent 100 mm in front of the camera, child 400 mm along the axis: the other root is −200 mm.
    pose[hip] = [0, 0, 100];
    pose[knee] = [0, 0, 400];
    const r = flipLimbDepth(pose, parents, knee);
    expect(r).toMatchObject({ ok: false, reason: 'behind-camera' });
    if (!r.ok) expect(r.message).toMatch(/behind the camera/);
  });
});
