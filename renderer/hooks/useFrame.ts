import { useEffect, useState } from 'react';
import type { Frame } from '../../contract';
import { useApi } from '../api/ClientContext';

/** A frame's labels and predictions, fetched when its id changes. */
export function useFrame(datasetId: number, imageId: number | undefined, generation: number) {
  const api = useApi();
  const [state, setState] = useState<{ frame: Frame | null; error: string | null }>({
    frame: null,
    error: null,
  });
  useEffect(() => {
    if (imageId === undefined) return;
    let live = true;
    api.getFrame({ datasetId, imageId }).then(
      (frame) => live && setState({ frame, error: null }),
      (err: unknown) =>
        live && setState({ frame: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, imageId, generation]);
  return state;
}
