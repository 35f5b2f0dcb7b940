import { describe, expect, it } from 'vitest';
import type { TakeTimeline } from '../../contract';
import { withinBudget, type Kept } from './useTakeTimeline';

const take = (key: string, frames: number): Kept => ({
  key,
  value: {} as TakeTimeline,
  ids: new Set(Array.from({ length: frames }, (_, i) => i)),
});
const keys = (list: readonly Kept[]) => list.map((k) => k.key);

describe('takes kept by the timeline', () => {
  it('keeps at most 32 takes, newest first', () => {
    const list = Array.from({ length: 40 }, (_, i) => take(`t${i}`, 5000));
    expect(keys(withinBudget(list))).toEqual(keys(list.slice(0, 32)));
  });

  it('keeps 200,000 frames at most, and always the newest take', () => {
    expect(keys(withinBudget([take('a', 150_000), take('b', 50_000), take('c', 1)]))).toEqual([
      'a',
      'b',
    ]);
    expect(keys(withinBudget([take('huge', 300_000), take('b', 10)]))).toEqual(['huge']);
  });
});
