import { useEffect, useState } from 'react';
import { useApi } from '../data/ClientContext';
import { useDatasetStore } from '../data/useDatasetStore';

/** A person's median bone lengths from the main side, refreshed when the data changes. */
export function usePersonBones(datasetId: number, instanceId: number) {
  const api = useApi();
  const generation = useDatasetStore((s) => s.generation);
  const [bones, setBones] = useState<{
    key: string;
    medianMm: (number | null)[];
    frames: number;
  } | null>(null);
  const key = `${datasetId}:${instanceId}:${generation}`;
  useEffect(() => {
    let live = true;
    api.personBones({ datasetId, instanceId }).then(
      (b) => live && setBones({ key, ...b }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, instanceId, key]);
  return bones?.key === key ? bones : null;
}
