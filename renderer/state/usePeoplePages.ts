import { useCallback, useEffect, useState } from 'react';
import type { PeopleQuery, PersonRow, PoseScopeApi } from '../../contract';
import { useApi } from '../api/ClientContext';

export const PEOPLE_PAGE = 200;

/** Pages of the people table, fetched as they scroll into view, dropped when the query changes. */
class PeoplePages {
  readonly pages = new Map<number, PersonRow[]>();
  private readonly inFlight = new Map<number, Promise<void>>();
  total: number | null = null;
  version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PoseScopeApi,
    private readonly query: PeopleQuery,
  ) {}

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  row(index: number): PersonRow | undefined {
    return this.pages.get(Math.floor(index / PEOPLE_PAGE))?.[index % PEOPLE_PAGE];
  }

  ensure(index: number): Promise<void> {
    const page = Math.floor(index / PEOPLE_PAGE);
    if (this.pages.has(page)) return Promise.resolve();
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const p = this.api
      .listPeople({ ...this.query, offset: page * PEOPLE_PAGE, limit: PEOPLE_PAGE })
      .then((r) => {
        this.pages.set(page, r.rows);
        this.total = r.total;
        this.version++;
        this.listeners.forEach((l) => l());
      })
      .finally(() => this.inFlight.delete(page));
    this.inFlight.set(page, p);
    return p;
  }
}

const cache = new Map<string, PeoplePages>();

/** The people pages of one query; re-renders when a page arrives. */
export function usePeoplePages(query: PeopleQuery) {
  const api = useApi();
  const key = JSON.stringify(query);
  let pages = cache.get(key);
  if (!pages) {
    cache.clear();
    pages = new PeoplePages(api, query);
    cache.set(key, pages);
  }
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => pages.subscribe(() => setVersion((v) => v + 1)), [pages]);
  const ensure = useCallback(
    (index: number) =>
      pages
        .ensure(index)
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err))),
    [pages],
  );
  useEffect(() => void ensure(0), [ensure]);
  return { pages, ensure, error };
}
