import { describe, expect, it } from 'vitest';
import { COCO_17 } from '../skeletons/coco';
import { MUPOTS_17 } from '../skeletons/mupots';
import { placePerson } from './placePerson';

const intr = { f: [1400, 1400], c: [320, 240] } as const;

describe('placing a new person in a box', () => {
  it('stands the rest pose in 3D where its height fills the box, facing the camera', () => {
    const box = [100, 50, 60, 300] as const;
    const p = placePerson(MUPOTS_17, box, intr);
    const vs = p.joints2d.map((q) => q[1]);
    // Projected height within 2% of the box (the pose has some depth).
    expect((Math.max(...vs) - Math.min(...vs)) / box[3]).toBeCloseTo(1, 1);
    const cu = p.joints2d.reduce((s, q) => s + q[0], 0) / p.joints2d.length;
    expect(Math.abs(cu - (box[0] + box[2] / 2))).toBeLessThan(5);
    // Head above feet in the image; the person's left shoulder on the image's right.
    const j = (name: string) => MUPOTS_17.joints.findIndex((x) => x.key === name);
    expect(p.joints2d[j('head_top')]![1]).toBeLessThan(p.joints2d[j('l_ankle')]![1]);
    expect(p.joints2d[j('l_shoulder')]![0]).toBeGreaterThan(p.joints2d[j('r_shoulder')]![0]);
    // At the depth where a 1.7 m tall pose is 300 px tall.
    const zs = p.joints3d!.map((q) => q[2]);
    expect((Math.min(...zs) + Math.max(...zs)) / 2 / ((1400 * 1710) / 300)).toBeCloseTo(1, 1);
    expect(p.vis).toEqual(MUPOTS_17.joints.map(() => 2));
    expect(p.bbox).toEqual(box);
  });

  it('without a camera scales the pose to the box’s height in 2D, centred across it', () => {
    const box = [10, 20, 80, 100] as const;
    const p = placePerson(COCO_17, box, null);
    expect(p.joints3d).toBeNull();
    const us = p.joints2d.map((q) => q[0]);
    const vs = p.joints2d.map((q) => q[1]);
    expect(Math.min(...vs)).toBeCloseTo(20, 9);
    expect(Math.max(...vs)).toBeCloseTo(120, 9);
    expect((Math.min(...us) + Math.max(...us)) / 2).toBeCloseTo(50, 9);
    // Body proportions kept: far narrower than the box is wide.
    expect(Math.max(...us) - Math.min(...us)).toBeLessThan(40);
  });

  it('refuses a box without area', () => {
    expect(() => placePerson(COCO_17, [0, 0, 0, 10], null)).toThrow(/box with area/);
  });
});
