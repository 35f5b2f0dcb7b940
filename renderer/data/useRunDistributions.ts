import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { PoseScopeApi, RunDistributions, RunInfo } from '../../contract';
import { useApi } from './ClientContext';

export type DistEntry =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly data: RunDistributions }
  | { readonly state: 'error'; readonly error: string };

/** Plenty for several datasets' runs; each entry is a few hundred numbers plus ≤ 5,000 points. */
const MAX_ENTRIES = 48;

interface DistributionsState {
  readonly entries: ReadonlyMap<string, DistEntry>;
  load(api: PoseScopeApi, key: string, datasetId: number, runId: number): void;
}

/**
 * Distributions by run version. The main side scans every scored person to build them, so
 * each is asked for once and kept across tab switches; re-scoring a run changes its key.
 */
export const useDistributionsStore = create<DistributionsState>((set, get) => {
  const put = (key: string, entry: DistEntry) =>
    set((s) => {
      const entries = new Map(s.entries);
      entries.delete(key);
      entries.set(key, entry);
      for (const old of entries.keys()) {
        if (entries.size <= MAX_ENTRIES) break;
        entries.delete(old);
      }
      return { entries };
    });
  return {
    entries: new Map(),
    load(api, key, datasetId, runId) {
      if (get().entries.has(key)) return;
      put(key, { state: 'loading' });
      api.runDistributions({ datasetId, runId }).then(
        (data) => put(key, { state: 'ready', data }),
        (err: unknown) =>
          put(key, { state: 'error', error: err instanceof Error ? err.message : String(err) }),
      );
    },
  };
});

/**
 * Re-importing a file replaces its run (a new row, possibly the same id) and inference updates
 * its run as it goes: the creation time, status and prediction count tell those versions apart.
 */
export const distKey = (datasetId: number, run: RunInfo): string =>
  `${datasetId}:${run.id}:${run.createdAt}:${run.status ?? ''}:${run.predictions}`;

/** The chosen runs' distributions by run id, fetched on first need. */
export function useRunDistributions(
  datasetId: number,
  runs: readonly RunInfo[],
): ReadonlyMap<number, DistEntry> {
  const api = useApi();
  const entries = useDistributionsStore((s) => s.entries);
  const load = useDistributionsStore((s) => s.load);
  // One string as the dependency, so a new array of the same runs fetches nothing.
  const wanted = JSON.stringify(runs.map((r) => [r.id, distKey(datasetId, r)]));

  useEffect(() => {
    for (const [runId, key] of JSON.parse(wanted) as [number, string][])
      load(api, key, datasetId, runId);
  }, [api, datasetId, wanted, load]);

  return useMemo(() => {
    const out = new Map<number, DistEntry>();
    for (const [runId, key] of JSON.parse(wanted) as [number, string][])
      out.set(runId, entries.get(key) ?? { state: 'loading' });
    return out;
  }, [entries, wanted]);
}
