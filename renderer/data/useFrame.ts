import { useEffect, useRef, useState } from 'react';
import { errorMessage, type Frame, type PoseScopeApi } from '../../contract';
import { useApi } from './ClientContext';
import { FrameCache } from './frameCache';

const caches = new WeakMap<PoseScopeApi, FrameCache>();

/** The frame cache of this UI's API client (one per client, so tests never share frames). */
export function useFrameCache(): FrameCache {
  const api = useApi();
  let cache = caches.get(api);
  if (!cache) {
    cache = new FrameCache(
      (datasetId, imageId) => api.getFrame({ datasetId, imageId }),
      (datasetId, imageIds) => api.getFrames({ datasetId, imageIds: [...imageIds] }),
    );
    caches.set(api, cache);
  }
  return cache;
}

/**
 * A frame's labels and predictions for `imageId`. While the next one loads, the previous frame
 * stays (with `stale` set) so the image and the 3D view are updated in place instead of being
 * torn down and rebuilt between frames.
 */
export function useFrame(datasetId: number, imageId: number | undefined, generation: number) {
  const cache = useFrameCache();
  const [state, setState] = useState<{
    frame: Frame | null;
    error: string | null;
    generation: number;
  }>({ frame: null, error: null, generation });
  // Each answer is numbered by its request: the newest request answered so far is shown, so a
  // frame that arrives while a later one is already wanted still shows (playback ahead of the
  // data shows the newest frame in, not a frozen picture), but never replaces a later one.
  const asked = useRef(0);
  const shown = useRef(0);
  useEffect(() => {
    if (imageId === undefined) return;
    const mine = ++asked.current;
    cache.get(datasetId, imageId, generation).then(
      (frame) => {
        if (mine <= shown.current) return;
        shown.current = mine;
        setState({ frame, error: null, generation });
      },
      (err: unknown) => {
        if (mine !== asked.current) return;
        shown.current = mine;
        setState({ frame: null, error: errorMessage(err), generation });
      },
    );
  }, [cache, datasetId, imageId, generation]);
  const frame = state.frame && state.frame.datasetId === datasetId ? state.frame : null;
  // Stale: another frame, or this one from before the data last changed (an edit, an import).
  const stale = frame !== null && (frame.imageId !== imageId || state.generation !== generation);
  return { frame, error: state.error, stale };
}
