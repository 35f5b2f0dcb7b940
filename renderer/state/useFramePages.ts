import { useCallback, useEffect, useState } from 'react';
import type { FrameRow, PoseScopeApi } from '../../contract';
import { useApi } from '../api/ClientContext';
import type { FrameOrder } from './useDatasetStore';

export const PAGE_SIZE = 200;

/**
 * Pages of the frame list for one dataset and order, fetched as they come into view and shared
 * by the grid and the inspector (next/previous frame walk the same order).
 */
class FramePages {
  readonly pages = new Map<number, FrameRow[]>();
  private readonly inFlight = new Map<number, Promise<void>>();
  total: number | null = null;
  version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PoseScopeApi,
    private readonly datasetId: number,
    private readonly order: FrameOrder,
  ) {}

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  row(position: number): FrameRow | undefined {
    return this.pages.get(Math.floor(position / PAGE_SIZE))?.[position % PAGE_SIZE];
  }

  ensure(position: number): Promise<void> {
    const page = Math.floor(position / PAGE_SIZE);
    if (this.pages.has(page)) return Promise.resolve();
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const o = this.order;
    const p = this.api
      .listFrames({
        datasetId: this.datasetId,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        sort: o.sort,
        descending: o.descending,
        runId: o.runId,
        filter: {
          ...(o.group === null ? {} : { group: o.group }),
          ...(o.range === null ? {} : { range: o.range }),
          flaggedOnly: o.flaggedOnly,
          missedOnly: o.missedOnly,
        },
      })
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

const cache = new Map<string, FramePages>();

/** The frame pages of the current dataset and order; re-renders when a page arrives. */
export function useFramePages(datasetId: number, order: FrameOrder, generation: number) {
  const api = useApi();
  const key = JSON.stringify([datasetId, order, generation]);
  let pages = cache.get(key);
  if (!pages) {
    cache.clear();
    pages = new FramePages(api, datasetId, order);
    cache.set(key, pages);
  }
  const [, setVersion] = useState(0);
  useEffect(() => pages.subscribe(() => setVersion((v) => v + 1)), [pages]);
  const [error, setError] = useState<string | null>(null);
  const ensure = useCallback(
    (position: number) =>
      pages
        .ensure(position)
        .catch((err: unknown) => setError(String(err instanceof Error ? err.message : err))),
    [pages],
  );
  useEffect(() => void ensure(0), [ensure]);
  return { pages, ensure, error };
}
