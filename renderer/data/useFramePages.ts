import type { FrameRow } from '../../contract';
import { useApi } from './ClientContext';
import { PagedList, usePagedList } from './pagedList';
import type { FrameOrder } from './useDatasetStore';

export { PAGE_SIZE } from './pagedList';

const cache = new Map<string, PagedList<FrameRow>>();

/** The frame list's order and filters as the contract's query, without its page. */
export function frameOrderArgs(datasetId: number, order: FrameOrder) {
  return {
    datasetId,
    sort: order.sort,
    descending: order.descending,
    runId: order.runId,
    filter: {
      ...(order.group === null ? {} : { group: order.group }),
      ...(order.subject === null ? {} : { subject: order.subject }),
      ...(order.camera === null ? {} : { camera: order.camera }),
      ...(order.people === null ? {} : { minPeople: order.people, maxPeople: order.people }),
      ...(order.range === null ? {} : { range: order.range }),
      flaggedOnly: order.flaggedOnly,
      missedOnly: order.missedOnly,
      editedOnly: order.editedOnly,
      ...(order.review === null ? {} : { review: order.review }),
      ...(order.search === null ? {} : { search: order.search }),
    },
  };
}

/**
 * The frame list of the current dataset and order, shared by the grid and the inspector
 * (next/previous frame walk the same order); `generation` drops it when the dataset changes.
 */
export function useFramePages(datasetId: number, order: FrameOrder, generation: number) {
  const api = useApi();
  return usePagedList(
    JSON.stringify([datasetId, order, generation]),
    cache,
    () =>
      new PagedList<FrameRow>(
        (offset, limit) => api.listFrames({ ...frameOrderArgs(datasetId, order), offset, limit }),
        JSON.stringify([datasetId, order]),
      ),
  );
}
