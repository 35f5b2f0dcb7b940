import { describe, expect, it } from 'vitest';
import { equalRuns } from './peopleCounts';

describe('equalRuns', () => {
  it('joins consecutive ids that gain the same count, and only those', () => {
    const counts = new Map([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 2],
      [7, 2],
      [8, 1],
    ]);
    expect(equalRuns(counts)).toEqual([
      [1, 1, 3],
      [2, 4, 5],
      [2, 7, 7],
      [1, 8, 8],
    ]);
  });

  it('orders ids first when people came out of their images order', () => {
    const counts = new Map([
      [12, 1],
      [10, 1],
      [11, 1],
      [14, 3],
    ]);
    expect(equalRuns(counts)).toEqual([
      [1, 10, 12],
      [3, 14, 14],
    ]);
  });

  it('covers every id exactly once, with its own count', () => {
    const counts = new Map<number, number>();
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      counts.set(1000 - i * (1 + (seed % 3)), 1 + (seed % 2));
    }
    const seen = new Map<number, number>();
    for (const [n, first, last] of equalRuns(counts))
      for (let id = first; id <= last; id++) seen.set(id, n);
    expect([...seen].sort((a, b) => a[0] - b[0])).toEqual([...counts].sort((a, b) => a[0] - b[0]));
  });
});
