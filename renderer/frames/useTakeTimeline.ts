import { useEffect, useState } from 'react';
import type { TakeTimeline } from '../../contract';
import { useApi } from '../data/ClientContext';

/**
 * Takes kept, and their frames at most: a ranked list goes back and forth between the takes of
 * its worst frames (a dataset of 20 five-thousand-frame takes fits whole; a frame's entry, its
 * figures and its id in the set are of the order of 0.1 KB, so the budget is some tens of MB).
 */
const KEPT_TAKES = 32;
const KEPT_FRAMES = 200_000;
/** The longest a new take's timeline waits for the page to be idle (a busy page still gets it). */
const IDLE_TIMEOUT_MS = 300;

/**
 * `list` with `entry` first, less an older copy of the same take (two answers for it can be in
 * flight when the inspector leaves a take and comes back), cut where it passes the budget.
 */
export function keptWith(list: readonly Kept[], entry: Kept): Kept[] {
  const same = (k: Kept) => k.key === entry.key && k.value.take.key === entry.value.take.key;
  let frames = entry.ids.size;
  return [
    entry,
    ...list
      .filter((k) => !same(k))
      .filter((k, i) => {
        frames += k.ids.size;
        return i + 1 < KEPT_TAKES && frames <= KEPT_FRAMES;
      }),
  ];
}

export interface Kept {
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
 * of frames; see `kept`); another take, run, joint or data generation fetches anew — once the
 * frame itself is `shown`, and after the requests of that commit: the service answers one call at
 * a time, and a 5,000-frame take held the frame's own data up by its 20–40 ms.
 */
export function useTakeTimeline(
  datasetId: number,
  imageId: number | undefined,
  runId: number | null,
  joint: number | null,
  generation: number,
  shown: boolean,
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
    if (covers || imageId === undefined || !shown) return;
    let live = true;
    const ask = requestIdleCallback(
      () => {
        api.takeTimeline({ datasetId, imageId, runId, joint }).then(
          (value) => {
            // Kept even when the inspector has moved on meanwhile: stepping back finds it.
            if (value) {
              const ids = new Set(value.frames.map((f) => f.imageId));
              kept = keptWith(kept, { key: want, value, ids });
            }
            if (live) setTimeline({ key: want, value });
          },
          () => live && setTimeline({ key: want, value: null }),
        );
      },
      { timeout: IDLE_TIMEOUT_MS },
    );
    return () => {
      live = false;
      cancelIdleCallback(ask);
    };
  }, [api, covers, datasetId, imageId, runId, joint, want, shown]);
  // While another take loads, the last one stays up: the timeline keeps its height, so the image
  // view above it does not resize (and lose a zoom) on every change of take.
  return hit?.value ?? timeline?.value ?? null;
}
