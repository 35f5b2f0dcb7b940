import { useCallback } from 'react';
import {
  FAILURE_THRESHOLDS,
  FRAME_METRICS,
  rankMetric,
  worstIsHighest,
  type DatasetFormat,
  type FrameMetric,
} from '../../contract';
import { useApi } from './ClientContext';
import { useDatasetStore, type FrameOrder } from './useDatasetStore';
import { frameOrderArgs } from './useFramePages';

/** The metric "next failure" judges by: the sort metric, else the dataset kind's headline one. */
export function failureMetric(order: FrameOrder, format: DatasetFormat): FrameMetric {
  return (FRAME_METRICS as readonly string[]).includes(order.sort)
    ? (order.sort as FrameMetric)
    : rankMetric(format);
}

const UNIT: Partial<Record<FrameMetric, string>> = {
  mpjpe: ' mm',
  pa_mpjpe: ' mm',
  mrpe: ' mm',
  mrpe_z: ' mm',
  pck_rel: ' %',
  ranking_acc: ' %',
  pck_2d: ' %',
};

/** What counts as a failure under this order, in words. */
export function failureRule(order: FrameOrder, format: DatasetFormat): string {
  if (order.runId === null) return 'a flagged label';
  const m = failureMetric(order, format);
  const worse = worstIsHighest(m) ? '>' : '<';
  return `${m} ${worse} ${FAILURE_THRESHOLDS[m]}${UNIT[m] ?? ''}, a missed person or a flagged label`;
}

/**
 * Steps the inspector to the next (1) or previous (−1) failure in the current order, asking
 * the main side where it is; says so when there is none that way.
 */
export function useFailureStep(ensure: (position: number) => Promise<void>) {
  const api = useApi();
  return useCallback(
    async (direction: 1 | -1) => {
      const s = useDatasetStore.getState();
      if (!s.dataset) return;
      const order = s.order;
      const metric = failureMetric(order, s.dataset.format);
      const hit = await api.findFailure({
        ...frameOrderArgs(s.dataset.id, order),
        from: s.focusImage === null ? s.position : direction > 0 ? -1 : Number.MAX_SAFE_INTEGER,
        direction,
        threshold: order.runId === null ? null : { metric, value: FAILURE_THRESHOLDS[metric] },
      });
      if (hit.position === null) {
        useDatasetStore.setState({
          notice: `No ${direction > 0 ? 'later' : 'earlier'} failure in this order (${failureRule(order, s.dataset.format)}).`,
        });
        return;
      }
      await ensure(hit.position);
      useDatasetStore.setState({
        position: hit.position,
        selectedInstance: null,
        highlight: null,
        focusImage: null,
        notice: null,
        view: s.view === 'compare' ? 'compare' : 'frame',
      });
    },
    [api, ensure],
  );
}
