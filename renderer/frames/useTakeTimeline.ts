import { useEffect, useState } from 'react';
import type { TakeTimeline } from '../../contract';
import { useApi } from '../data/ClientContext';

/**
 * The take of the shown frame with the run's figures along it (the previous take's until the new
 * one arrives: check that it holds the frame). Stepping within the take keeps
 * the one fetched (playback asks nothing per frame); another take, run, joint or data generation
 * fetches anew.
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
  const covers =
    timeline !== null &&
    timeline.key === want &&
    (imageId === undefined || (timeline.value?.frames.some((f) => f.imageId === imageId) ?? false));
  useEffect(() => {
    if (covers || imageId === undefined) return;
    let live = true;
    api.takeTimeline({ datasetId, imageId, runId, joint }).then(
      (value) => live && setTimeline({ key: want, value }),
      () => live && setTimeline({ key: want, value: null }),
    );
    return () => {
      live = false;
    };
  }, [api, covers, datasetId, imageId, runId, joint, want]);
  // While another take loads, the last one stays up: the timeline keeps its height, so the image
  // view above it does not resize (and lose a zoom) on every change of take.
  return timeline?.value ?? null;
}
