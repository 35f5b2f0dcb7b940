import { describe, expect, it } from 'vitest';
import { MUPOTS_17, jointIndex, projectWorldPoint, type Camera } from '../../core';
import {
  bonesAt,
  followRegion,
  projectPose,
  reprojectionError,
  toWorld,
  triangulateLive,
} from './momentGeometry';
import { bestColumns } from './ViewsGrid';

const I: Camera['R'] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const front: Camera = { f: [1000, 1000], c: [500, 400], R: I, t: [0, 0, 5000] };
// Turned 90° about the vertical: looks along world −x from x = 5000.
const side: Camera = {
  f: [900, 900],
  c: [480, 360],
  k: [-0.05, 0.01, 0],
  R: [
    [0, 0, -1],
    [0, 1, 0],
    [1, 0, 0],
  ],
  t: [0, 0, 5000],
};

describe('the views grid’s geometry', () => {
  it('projects a world pose through the whole camera and leaves out joints behind it', () => {
    const world = [[100, -200, 300] as const, [0, 0, -6000] as const, null];
    const uv = projectPose(world, front);
    expect(uv[0]).toEqual(projectWorldPoint(front, world[0]!));
    expect(uv[1]).toBeNull();
    expect(uv[2]).toBeNull();
    // Distortion is applied: a point off-centre in the side view is pulled in by k1 < 0.
    const d = projectPose([[0, -1500, 1500]], side)[0]!;
    const pinhole = projectPose([[0, -1500, 1500]], { ...side, k: [0, 0, 0] })[0]!;
    expect(Math.hypot(d[0] - 480, d[1] - 360)).toBeLessThan(
      Math.hypot(pinhole[0] - 480, pinhole[1] - 360),
    );
  });

  it('takes camera-space labels to the world and back', () => {
    const w = toWorld([[10, 20, 4000], null], side)!;
    expect(w[1]).toBeNull();
    const back = projectPose(w, side)[0]!;
    const direct = [900 * (10 / 4000), 900 * (20 / 4000)];
    expect(Math.abs(back[0] - 480 - direct[0]!)).toBeLessThan(0.01);
    expect(Math.abs(back[1] - 360 - direct[1]!)).toBeLessThan(0.01);
  });

  it('measures labels against a projection over the joints both have, naming the worst', () => {
    const e = reprojectionError([[0, 0], [10, 0], null, [5, 5]], [[3, 4], [10, 0], [1, 1], null])!;
    expect(e).toEqual({ mean: 2.5, max: 5, worst: 0, joints: 2 });
    expect(reprojectionError(null, [[0, 0]])).toBeNull();
    expect(reprojectionError([null], [[0, 0]])).toBeNull();
  });

  it('triangulates live from two placements, and says why not from one', () => {
    const x = [120, -340, 260] as const;
    const placed = [front, side].map((camera, i) => ({
      imageId: i,
      camera,
      pixel: projectWorldPoint(camera, x),
    }));
    const t = triangulateLive(placed);
    expect(t.ok).toBe(true);
    if (t.ok) {
      t.point.forEach((v, k) => expect(v).toBeCloseTo(x[k]!, 6));
      expect(Math.max(...t.residuals)).toBeLessThan(1e-6);
    }
    expect(triangulateLive(placed.slice(0, 1))).toEqual({
      ok: false,
      why: 'place the joint in at least two views',
    });
  });

  it('checks the bones at a joint against the median before and after it moves', () => {
    const knee = jointIndex(MUPOTS_17, 'L_Knee');
    const hip = jointIndex(MUPOTS_17, 'L_Hip');
    const ankle = jointIndex(MUPOTS_17, 'L_Ankle');
    const world = MUPOTS_17.joints.map(() => null) as ([number, number, number] | null)[];
    world[hip] = [0, 0, 0];
    world[knee] = [0, 300, 0];
    world[ankle] = [0, 700, 0];
    const median = MUPOTS_17.joints.map(() => 400);
    const bones = bonesAt(MUPOTS_17, world, knee, [0, 400, 0], median);
    expect(bones).toEqual([
      { from: hip, to: knee, now: 300, then: 400, median: 400 },
      { from: knee, to: ankle, now: 400, then: 300, median: 400 },
    ]);
  });

  it('follows a person with room around them, inside the image', () => {
    // 100 × 200 px of joints: a third more each way, at least a quarter of the image wide.
    expect(followRegion([[100, 100], [200, 300], null], 1000, 800)).toEqual([25, 34, 250, 332]);
    // Near the edge the region is pushed back inside.
    const r = followRegion([[990, 790]], 1000, 800)!;
    expect(r).toEqual([750, 600, 250, 200]);
    expect(followRegion([null], 1000, 800)).toBeNull();
  });

  it('lays views out in the columns that make them largest', () => {
    expect(bestColumns(2, 800, 1000, 4, 3)).toBe(1);
    expect(bestColumns(2, 1600, 500, 4, 3)).toBe(2);
    expect(bestColumns(4, 1200, 900, 4, 3)).toBe(2);
  });
});
