import type { IndexDb } from './openIndex';

/**
 * The rows of a query read by keyset pages: `read(after)` returns the page after key `after`
 * (starting from `first`), `keyOf` gives a row's key. Each page is read whole before its rows are
 * handed on, so the caller may run other statements on the connection between rows, and only a
 * page is held, however many rows the query has. A page shorter than `pageSize` is the last.
 */
export function* pagedRows<R, K>(
  read: (after: K) => R[],
  first: K,
  keyOf: (row: R) => K,
  pageSize: number,
): Generator<R> {
  let after = first;
  for (;;) {
    const rows = read(after);
    yield* rows;
    if (rows.length < pageSize) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/**
 * One owner's rows of a table (a dataset's images, a run's predictions) as a range of row ids to
 * page through in the table's own id order: `after` is just below the first, `last` the last
 * (an empty range when the owner has none). A page then reads `+owner = ? AND id > ? AND id <= ?`
 * — the `+` keeps the planner off the indexes led by the owner, through which each page read
 * and sorted every later row of the owner, so that a walk grew with the square of its rows
 * (re-staging a run of 1,000,000 predictions: 34 s, against 2.2 s by id); the bounds keep a
 * small owner from scanning the rows of others stored before or after it.
 */
export function ownedIds(
  db: IndexDb,
  table: 'images' | 'predictions',
  owner: 'dataset_id' | 'run_id',
  id: number,
): { after: number; last: number } {
  const r = db
    .prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${table} WHERE ${owner} = ?`)
    .get(id) as { lo: number | null; hi: number | null };
  return r.lo === null || r.hi === null ? { after: 0, last: 0 } : { after: r.lo - 1, last: r.hi };
}
