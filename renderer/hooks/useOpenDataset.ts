import { useCallback } from 'react';
import { useApi } from '../api/ClientContext';
import { useDatasetStore } from '../state/useDatasetStore';

/** Opens (indexing first) a dataset folder and shows it; failures land in the store's error. */
export function useOpenDataset(): (path: string) => Promise<void> {
  const api = useApi();
  return useCallback(
    async (path: string) => {
      const { setError, setDataset, setProgress } = useDatasetStore.getState();
      setError(null);
      setProgress({ path, done: 0, total: 1, phase: 'indexing' });
      try {
        setDataset(await api.openDataset({ path }));
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      } finally {
        setProgress(null);
      }
    },
    [api],
  );
}
