import { describe, expect, it } from 'vitest';
import type { TakeTimeline } from '../../contract';
import { keptWith, type Kept } from './useTakeTimeline';

const take = (key: string, frames: number, want = 'run 1'): Kept => ({
  key: want,
  value: { take: { key } } as TakeTimeline,
  ids: new Set(Array.from({ length: frames }, (_, i) => i)),
});
const keys = (list: readonly Kept[]) => list.map((k) => k.value.take.key);
const withAll = (list: readonly Kept[]) =>
  list.reduceRight<Kept[]>((kept, k) => keptWith(kept, k), []);

describe('takes kept by the timeline', () => {
  it('keeps at most 32 takes, newest first', () => {
    const list = Array.from({ length: 40 }, (_, i) => take(`t${i}`, 5000));
    expect(keys(withAll(list))).toEqual(keys(list.slice(0, 32)));
  });

  it('keeps 200,000 frames at most, and always the newest take', () => {
    expect(keys(withAll([take('a', 150_000), take('b', 50_000), take('c', 1)]))).toEqual([
      'a',
      'b',
    ]);
    expect(keys(keptWith([take('b', 10)], take('huge', 300_000)))).toEqual(['huge']);
  });

  it('holds one copy of a take per run, joint and data generation', () => {
    const list = withAll([take('a', 10), take('b', 10), take('a', 10, 'run 2')]);
    expect(keys(keptWith(list, take('a', 10)))).toEqual(['a', 'b', 'a']);
    expect(keptWith(list, take('a', 10)).map((k) => k.key)).toEqual(['run 1', 'run 1', 'run 2']);
  });
});
