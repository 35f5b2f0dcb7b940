import { useCallback } from 'react';
import { useApi } from './ClientContext';
import { useDatasetStore } from './useDatasetStore';

/**
 * Opens (indexing first) a dataset folder and shows it; failures land in the store's error.
 * An `auto` open (the last dataset, on start) gives way to anything the user does meanwhile:
 * it is dropped if they navigate or open another folder before it finishes.
 */
export function useOpenDataset(): (path: string, opts?: { auto?: boolean }) => Promise<void> {
  const api = useApi();
  return useCallback(
    async (path: string, opts: { auto?: boolean } = {}) => {
      const store = useDatasetStore;
      if (!opts.auto) store.setState((s) => ({ intent: s.intent + 1 }));
      const intent = store.getState().intent;
      store.getState().setError(null);
      store.getState().setProgress({ path, done: 0, total: 1, phase: 'indexing' });
      // A large folder comes back while still indexing: its bar stays until the main side
      // says the rest is in (IndexProgress hears that).
      let stillIndexing = false;
      try {
        const dataset = await api.openDataset({ path });
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
