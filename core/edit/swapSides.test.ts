import { describe, expect, it } from 'vitest';
import { MUPOTS_17, restPose } from '../index';
import { swapSides } from './swapSides';

describe('swapSides', () => {
  const pose = restPose(MUPOTS_17).map(([x, y, z]) => [x, y, z + 4000] as const);
  const person = { joints3d: pose, joints2d: pose.map(([x, y]) => [x, y] as const) };
  const at = (key: string) => MUPOTS_17.joints.findIndex((j) => j.key === key);

  it('trades each left joint with its right partner and keeps the centre', () => {
    const s = swapSides(person, MUPOTS_17);
    expect(s.joints3d![at('l_wrist')]).toEqual(pose[at('r_wrist')]);
    expect(s.joints2d![at('r_knee')]).toEqual(person.joints2d[at('l_knee')]);
    expect(s.joints3d![at('pelvis')]).toEqual(pose[at('pelvis')]);
  });

  it('is its own inverse, and leaves a missing channel missing', () => {
    expect(swapSides(swapSides(person, MUPOTS_17), MUPOTS_17)).toEqual(person);
    expect(swapSides({ joints3d: null, joints2d: person.joints2d }, MUPOTS_17).joints3d).toBeNull();
  });
});
