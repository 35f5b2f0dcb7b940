import { useEffect, useState } from 'react';
import type { TakeTimeline } from '../../contract';
import { useApi } from '../data/ClientContext';

/** Takes kept: stepping through a ranked list goes back and forth between a few takes. */
const KEPT = 8;

interface Kept {
  readonly key: string;
  readonly value: TakeTimeline;
  readonly ids: ReadonlySet<number>;
}

/**
 * The last takes fetched, newest first, for the page's life: the inspector is left for the grid
 * and opened again on a frame of the same takes. Entries never change once in; a new data
 * generation (an edit) gives new keys, and the old entries age out.
 */
let kept: readonly Kept[] = [];

/**
 * The take of the shown frame with the run's figures along it (the previous take's until the new
 * one arrives: check that it holds the frame). Stepping within the take keeps the one fetched
 * (playback asks nothing per frame), and so does coming back to one of the last few takes (a
 * ranked grid's worst frames come from a handful of takes, and each take's answer is thousands
 * of frames; see `kept`); another take, run, joint or data generation fetches anew.
 */
export function useTakeTimeline(
  datasetId: number,
  imageId: number | undefined,
  runId: number | null,
  joint: number | null,
  generation: number,
): TakeTimeline | null {
  const api = useApi();
  const [timeline, setTimeline] = useState<{ key: string; value: TakeTimeline | null } | null>(
    null,
  );
  const want = `${datasetId}:${runId}:${joint}:${generation}`;
  const hit =
    imageId === undefined ? undefined : kept.find((k) => k.key === want && k.ids.has(imageId));
  // Every take fetched is in `kept` (the last one first), so it alone says whether the frame's
  // take is here; an image in no take is asked about each time.
  const covers = hit !== undefined;
  useEffect(() => {
    if (covers || imageId === undefined) return;
    let live = true;
    api.takeTimeline({ datasetId, imageId, runId, joint }).then(
      (value) => {
        if (!live) return;
        if (value) {
          const ids = new Set(value.frames.map((f) => f.imageId));
          kept = [{ key: want, value, ids }, ...kept].slice(0, KEPT);
        }
        setTimeline({ key: want, value });
      },
      () => live && setTimeline({ key: want, value: null }),
    );
    return () => {
      live = false;
    };
  }, [api, covers, datasetId, imageId, runId, joint, want]);
  // While another take loads, the last one stays up: the timeline keeps its height, so the image
  // view above it does not resize (and lose a zoom) on every change of take.
  return hit?.value ?? timeline?.value ?? null;
}
