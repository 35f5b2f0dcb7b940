import { useEffect, useState } from 'react';
import { useApi } from '../data/ClientContext';
import { frameOrderArgs } from '../data/useFramePages';
import { useDatasetStore } from '../data/useDatasetStore';

/** One choice of frames to run on, with its count in words, or why it cannot be chosen. */
export interface FrameScope {
  readonly kind: 'filter' | 'frame' | 'all';
  readonly label: string;
  readonly disabled: string | null;
  /** The open frame's id (kind `frame`). */
  readonly imageId?: number;
}

/**
 * The frames a run can cover: those the frame list's current filter shows (the common case:
 * the 40 failures a filter found), the frame open in the inspector, or the whole dataset.
 */
export function useFrameScopes(datasetId: number): FrameScope[] {
  const api = useApi();
  const dataset = useDatasetStore((s) => s.dataset);
  const order = useDatasetStore((s) => s.order);
  const position = useDatasetStore((s) => s.position);
  const focusImage = useDatasetStore((s) => s.focusImage);
  const [shown, setShown] = useState<{ total: number; imageId?: number; file?: string } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    const args = frameOrderArgs(datasetId, order);
    void api
      .listFrames({ ...args, offset: Math.max(0, position), limit: 1 })
      .then(async (page) => {
        let open: { imageId: number; file: string } | undefined = page.rows[0];
        // A frame opened by id (from the people table, a chart) is the one the inspector shows.
        if (focusImage !== null) open = await api.getFrame({ datasetId, imageId: focusImage });
        if (live) setShown({ total: page.total, imageId: open?.imageId, file: open?.file });
      })
      .catch(() => live && setShown({ total: 0 }));
    return () => {
      live = false;
    };
  }, [api, datasetId, order, position, focusImage]);
  const images = dataset?.images ?? 0;
  const n = (k: number) => `${k.toLocaleString()} frame${k === 1 ? '' : 's'}`;
  return [
    {
      kind: 'filter',
      label: shown
        ? `the frames the current filter shows (${n(shown.total)})`
        : 'the current filter',
      disabled: shown && shown.total === 0 ? 'the current filter shows no frames' : null,
    },
    {
      kind: 'frame',
      label: shown?.file ? `the open frame (${shown.file})` : 'the open frame',
      disabled: shown?.imageId === undefined ? 'no frame is open' : null,
      ...(shown?.imageId === undefined ? {} : { imageId: shown.imageId }),
    },
    { kind: 'all', label: `all ${n(images)}`, disabled: null },
  ];
}
