import { describe, expect, it } from 'vitest';
import { groupMeans, perJointMeans } from './breakdown';

describe('breakdowns', () => {
  it('per-group means in first-seen order, skipping non-finite values', () => {
    expect(groupMeans([10, 20, 30, NaN], ['Walk', 'Sit', 'Walk', 'Sit'])).toEqual([
      { group: 'Walk', mean: 20, count: 2 },
      { group: 'Sit', mean: 20, count: 1 },
    ]);
  });

  it('per-joint means over instances', () => {
    expect(
      perJointMeans([
        [1, 2],
        [3, NaN],
      ]),
    ).toEqual([2, 2]);
    expect(() => perJointMeans([[1, 2], [3]])).toThrow(/instance 1 has 1 joints, expected 2/);
  });
});
