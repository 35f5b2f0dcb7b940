import { describe, expect, it } from 'vitest';
import { listFor, PagedList } from './pagedList';

const rows = (total: number) => async (offset: number, limit: number) => ({
  total,
  rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i),
});

describe('paged lists', () => {
  it('keeps one list per key, and a re-read of the same order starts from its length', async () => {
    const cache = new Map<string, PagedList<number>>();
    const first = listFor('order/gen1', cache, () => new PagedList(rows(60), 'order'));
    expect(listFor('order/gen1', cache, () => new PagedList(rows(0), 'order'))).toBe(first);
    await first.ensure(0);
    expect(first.total).toBe(60);
    // After an edit (a new generation of the same order) the length is known at once...
    const again = listFor('order/gen2', cache, () => new PagedList(rows(59), 'order'));
    expect(again).not.toBe(first);
    expect(again.total).toBe(60);
    // ...and so are its rows, as they were...
    expect(again.row(5)).toBe(5);
    // ...until the re-read says otherwise.
    await again.ensure(0);
    expect(again.total).toBe(59);
    // Another order (other filters) is another list: its length is not guessed.
    const other = listFor('filtered', cache, () => new PagedList(rows(4), 'filtered'));
    expect(other.total).toBeNull();
    expect(other.row(0)).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
