import { useEffect, useRef, useState } from 'react';
import { useDatasetStore } from '../data/useDatasetStore';

/**
 * Seconds of the take read ahead of the playhead (labels, in batches), and of those the first
 * ones whose images are decoded too: a lead in time, so a 50 fps take is as far ahead as a 6 fps
 * one (eight frames were 0.16 s at 50 fps, less than one answer takes under load).
 */
const LEAD_S = 2;
const DECODE_S = 0.75;
const MIN_AHEAD = 8;

/**
 * Plays a take: the shown frame advances at `fps` by the clock (a slow frame is skipped past,
 * not waited for, so the rate holds), the next frames prefetched ahead of the playhead. Seeking
 * shows a frame of the take without leaving the inspector or the chosen person.
 */
export function usePlayback(
  imageIds: readonly number[],
  index: number,
  fps: number,
  prefetch: (imageIds: readonly number[], decode: number) => void,
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
    const ahead = imageIds.slice(
      index + 1,
      index + 1 + Math.max(MIN_AHEAD, Math.ceil(fps * LEAD_S)),
    );
    if (ahead.length > 0) prefetch(ahead, Math.max(4, Math.ceil(fps * DECODE_S)));
  }, [playing, imageIds, index, prefetch, fps]);
  useEffect(() => {
    useDatasetStore.setState({ playing });
    return () => useDatasetStore.setState({ playing: false });
  }, [playing]);
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
