import { useCallback, useEffect, useState } from 'react';
import { errorMessage, type ModelCatalog } from '../../contract';
import { useApi } from '../data/ClientContext';
import { useDatasetStore } from '../data/useDatasetStore';

/**
 * The installed cards and pipelines, each saying whether it fits the open dataset: fetched again
 * when another dataset opens and on `reload` (after a card is saved or removed).
 */
export function useModelCatalog(): {
  catalog: ModelCatalog | null;
  error: string | null;
  reload: () => void;
} {
  const api = useApi();
  const datasetId = useDatasetStore((s) => s.dataset?.id);
  const [catalog, setCatalog] = useState<ModelCatalog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    // An answer for a dataset that is no longer open (or an older reload) is dropped.
    let live = true;
    api.listModels(datasetId === undefined ? {} : { datasetId }).then(
      (c) => {
        if (!live) return;
        setCatalog(c);
        setError(null);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, asked]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  return { catalog, error, reload };
}
