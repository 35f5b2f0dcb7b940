import { describe, expect, it } from 'vitest';
import { poseKey } from './poseKey';

describe('poseKey', () => {
  const person = [[10, 20], null, [30.04, 40]] as [number, number][];
  it('is empty without skeletons and stable for the same joints', () => {
    expect(poseKey([])).toBe('');
    expect(poseKey([person])).toBe(poseKey([[...person]]));
    expect(poseKey([person])).toMatch(/^[0-9a-z]+$/);
  });
  it('changes when a joint moves a tenth of a pixel, is removed, or a person is added', () => {
    const key = poseKey([person]);
    expect(poseKey([[[10, 20], null, [30.2, 40]]])).not.toBe(key);
    expect(poseKey([[[10, 20], null, null]])).not.toBe(key);
    expect(poseKey([person, person])).not.toBe(key);
  });
});
