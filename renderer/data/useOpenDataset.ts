import { useCallback } from 'react';
import type { DatasetFormat } from '../../contract';
import { useApi } from './ClientContext';
import { useDatasetStore } from './useDatasetStore';

/**
 * Opens (indexing first) a dataset folder and shows it; failures land in the store's error.
 * An `auto` open (the last dataset, on start) gives way to anything the user does meanwhile:
 * it is dropped if they navigate or open another folder before it finishes. A `format` reads the
 * folder as that format instead of detecting it.
 */
export function useOpenDataset(): (
  path: string,
  opts?: { auto?: boolean; format?: DatasetFormat },
) => Promise<void> {
  const api = useApi();
  return useCallback(
    async (path: string, opts: { auto?: boolean; format?: DatasetFormat } = {}) => {
      const store = useDatasetStore;
      if (!opts.auto) store.setState((s) => ({ intent: s.intent + 1 }));
      const intent = store.getState().intent;
      store.getState().setError(null);
      store.getState().setProgress({ path, done: 0, total: 1, phase: 'indexing' });
      // A large folder comes back while still indexing: its bar stays until the main side
      // says the rest is in (IndexProgress hears that).
      let stillIndexing = false;
      try {
        const dataset = await api.openDataset(
          opts.format ? { path, format: opts.format } : { path },
        );
        stillIndexing = dataset.indexing;
        if (!opts.auto || store.getState().intent === intent) store.getState().setDataset(dataset);
      } catch (err) {
        if (!opts.auto || store.getState().intent === intent)
          store.getState().setError(err instanceof Error ? err.message : String(err));
      } finally {
        if (!stillIndexing && store.getState().progress?.path === path)
          store.getState().setProgress(null);
      }
    },
    [api],
  );
}
