import { useEffect, useRef, useState } from 'react';
import { useDatasetStore } from '../data/useDatasetStore';

/** Frames asked for ahead of the playhead, so decoding keeps up with the rate. */
const AHEAD = 8;

/**
 * Plays a take: the shown frame advances at `fps` by the clock (a slow frame is skipped past,
 * not waited for, so the rate holds), the next frames prefetched ahead of the playhead. Seeking
 * shows a frame of the take without leaving the inspector or the chosen person.
 */
export function usePlayback(
  imageIds: readonly number[],
  index: number,
  fps: number,
  prefetch: (imageId: number) => void,
) {
  const [playing, setPlaying] = useState(false);
  const ids = useRef(imageIds);
  useEffect(() => {
    ids.current = imageIds;
  }, [imageIds]);
  const seek = (i: number) => {
    const id = ids.current[Math.max(0, Math.min(ids.current.length - 1, i))];
    if (id !== undefined) useDatasetStore.setState({ focusImage: id });
  };
  // Only while playing: paused, the inspector prefetches its own neighbours, and eight frame
  // reads after every edit (a new data generation) would queue ahead of the edited frame's.
  useEffect(() => {
    if (!playing) return;
    for (let k = 1; k <= AHEAD; k++) {
      const id = imageIds[index + k];
      if (id !== undefined) prefetch(id);
    }
  }, [playing, imageIds, index, prefetch]);
  useEffect(() => {
    if (!playing) return;
    const start = performance.now();
    const from = index;
    let raf = 0;
    let shown = from;
    const tick = (now: number) => {
      const target = from + Math.floor(((now - start) / 1000) * fps);
      if (target >= ids.current.length) {
        seek(ids.current.length - 1);
        setPlaying(false);
        return;
      }
      if (target !== shown) {
        shown = target;
        seek(target);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
    // Restarted only by play/pause and the rate: the index it changes must not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, fps]);
  return { playing, setPlaying, seek };
}
