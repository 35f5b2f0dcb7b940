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
