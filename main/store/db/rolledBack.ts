import type { IndexDb } from './openIndex';

class RollBack extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back: a what-if on the index (a dry run, or
 * scoring against other labels) that leaves nothing behind, whatever `fn` writes.
 */
export function rolledBack<T>(db: IndexDb, fn: () => T): T {
  let out: { value: T } | undefined;
  try {
    db.transaction(() => {
      out = { value: fn() };
      throw new RollBack();
    })();
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
  }
  return out!.value;
}
