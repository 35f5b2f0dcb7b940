import type { FrameOrder } from '../data/useDatasetStore';
import type { HistBin, HistMetric } from './histogram';

/** What echarts hands a click handler, reduced to the fields the dashboard reads. */
export interface ChartClick {
  readonly seriesIndex?: number;
  readonly seriesName?: string;
  readonly dataIndex?: number;
  readonly name?: string;
  readonly value?: unknown;
}

/**
 * A histogram bar → the frame order that lists frames whose worst person (in that run) lies
 * in the bar's bin, worst first. The last bin is open-ended, so it sets no maximum.
 */
export function histogramFilter(
  bins: readonly HistBin[],
  metric: HistMetric,
  runIds: readonly number[],
  click: ChartClick,
): Partial<FrameOrder> | null {
  const bin = bins[click.dataIndex ?? -1];
  const runId = runIds[click.seriesIndex ?? -1];
  if (!bin || runId === undefined) return null;
  const range = bin.hi === null ? { metric, min: bin.lo } : { metric, min: bin.lo, max: bin.hi };
  return { runId, sort: metric, descending: true, range };
}

/** A group's bar → its frames. "(none)" stands for frames with no group, which no filter names. */
export function groupFilter(click: ChartClick): Partial<FrameOrder> | null {
  const group = click.name;
  return group && group !== '(none)' ? { group } : null;
}

/** A scatter point → the person it is, from the [true, predicted, imageId, instanceId] datum. */
export function scatterTarget(click: ChartClick): { imageId: number; instanceId: number } | null {
  const v = click.value;
  if (!Array.isArray(v)) return null;
  const [, , imageId, instanceId] = v as unknown[];
  return typeof imageId === 'number' && imageId >= 0 && typeof instanceId === 'number'
    ? { imageId, instanceId }
    : null;
}
