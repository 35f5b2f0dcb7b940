import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../contract';

export const PAGE_SIZE = 200;

export type FetchPage<T> = (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>;

/**
 * A long server-side list read in pages as they come into view: each page is fetched once,
 * concurrent asks for it share the request, and listeners hear when one lands.
 */
export class PagedList<T> {
  private readonly pages = new Map<number, T[]>();
  /** The rows of the list this one replaced (same family), shown until its own pages land. */
  private stale = new Map<number, T[]>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  total: number | null = null;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    /** Lists of one family hold the same rows as of different moments (before, after an edit). */
    readonly family?: string,
  ) {}

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  row(index: number): T | undefined {
    const page = Math.floor(index / PAGE_SIZE);
    return (this.pages.get(page) ?? this.stale.get(page))?.[index % PAGE_SIZE];
  }

  /**
   * Starts from what `previous` (the same rows as of a moment ago) knew: its length and rows,
   * until this list's own pages replace them.
   */
  takeOver(previous: PagedList<T>): void {
    this.total = previous.total;
    this.stale = new Map([...previous.stale, ...previous.pages]);
  }

  ensure(index: number): Promise<void> {
    const page = Math.floor(index / PAGE_SIZE);
    if (this.pages.has(page)) return Promise.resolve();
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const p = this.fetchPage(page * PAGE_SIZE, PAGE_SIZE)
      .then((r) => {
        this.pages.set(page, r.rows);
        this.total = r.total;
        this.listeners.forEach((l) => l());
      })
      .finally(() => this.inFlight.delete(page));
    this.inFlight.set(page, p);
    return p;
  }
}

/**
 * The list for `key` from `cache` (one list per hook call site), or a new one replacing it. A
 * new list of the same family as the one it replaces (the same order, re-read after the data
 * changed) starts from its length and rows, so stepping through it, the "n of N" it shows and
 * the inspector's frame (refetched at once after an edit) do not wait for the re-read.
 */
export function listFor<T>(
  key: string,
  cache: Map<string, PagedList<T>>,
  make: () => PagedList<T>,
): PagedList<T> {
  let list = cache.get(key);
  if (list) return list;
  const previous = cache.values().next().value;
  cache.clear();
  list = make();
  if (previous && list.family !== undefined && previous.family === list.family)
    list.takeOver(previous);
  cache.set(key, list);
  return list;
}

/** The list for `key`, with a re-render on every page that lands and the first page asked for. */
export function usePagedList<T>(
  key: string,
  cache: Map<string, PagedList<T>>,
  make: () => PagedList<T>,
) {
  const list = listFor(key, cache, make);
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => list.subscribe(() => setTick((t) => t + 1)), [list]);
  const ensure = useCallback(
    (index: number) => list.ensure(index).catch((err: unknown) => setError(errorMessage(err))),
    [list],
  );
  useEffect(() => void ensure(0), [ensure]);
  return { pages: list, ensure, error };
}
