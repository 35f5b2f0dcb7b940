import { create } from 'zustand';
import { FAILURE_THRESHOLDS, type TakeTimeline } from '../../contract';
import { useDatasetStore } from './useDatasetStore';

/** The curves the timeline can draw. */
export type TakeSeriesKey = 'mpjpe' | 'mrpe' | 'oks' | 'joint';

interface TakeState {
  /** The take the inspector's timeline shows, and the curve it draws (the failure keys follow it). */
  readonly timeline: TakeTimeline | null;
  readonly series: TakeSeriesKey;
  readonly threeD: boolean;
}

export const useTakeStore = create<TakeState>(() => ({
  timeline: null,
  series: 'mpjpe',
  threeD: true,
}));

/** The failure threshold of a curve; null where it has none (a joint's error in pixels). */
function threshold(series: TakeSeriesKey, threeD: boolean): number | null {
  if (series === 'joint') return threeD ? FAILURE_THRESHOLDS.mpjpe : null;
  return FAILURE_THRESHOLDS[series];
}

/** What counts as a failure along the take, in words. */
export function takeFailureRule(
  t: Pick<TakeTimeline, 'runId'>,
  series: TakeSeriesKey,
  threeD: boolean,
): string {
  if (t.runId === null) return 'a flagged label';
  const v = threshold(series, threeD);
  const name = series === 'joint' ? 'the joint’s error' : series;
  const curve =
    v === null
      ? ''
      : `${name} ${series === 'oks' ? '<' : '>'} ${v}${series === 'oks' ? '' : ' mm'}, `;
  return `${curve}a missed person or a flagged label`;
}

/**
 * The next (1) or previous (−1) frame of the take after `from` that is a failure by the curve
 * the timeline draws: past its threshold (as the grid's failure keys judge the sort metric), a
 * person the run missed, or a flagged label. Null when there is none that way.
 */
export function takeFailure(
  t: TakeTimeline,
  series: TakeSeriesKey,
  threeD: boolean,
  from: number,
  direction: 1 | -1,
): number | null {
  const values = t.series[series] ?? [];
  const limit = threshold(series, threeD);
  for (let i = from + direction; i >= 0 && i < t.frames.length; i += direction) {
    if (t.flagged[i]) return i;
    if (t.runId === null) continue;
    if ((t.series.missed[i] ?? 0) > 0) return i;
    const v = values[i];
    if (v === null || v === undefined || limit === null) continue;
    if (series === 'oks' ? v < limit : v > limit) return i;
  }
  return null;
}

/**
 * The failure keys along the take: when the inspector shows a frame reached along its take (not
 * a position in the grid's order), `[`/`]` go to the take's previous/next failure. False when
 * they do not apply here (the grid's order decides then).
 */
export function stepAlongTake(direction: 1 | -1): boolean {
  const s = useDatasetStore.getState();
  const { timeline, series, threeD } = useTakeStore.getState();
  if (s.view !== 'frame' || s.focusImage === null || !timeline) return false;
  const index = timeline.frames.findIndex((f) => f.imageId === s.focusImage);
  if (index < 0) return false;
  const hit = takeFailure(timeline, series, threeD, index, direction);
  if (hit === null)
    useDatasetStore.setState({
      notice: `No ${direction > 0 ? 'later' : 'earlier'} failure along ${timeline.take.key} (${takeFailureRule(timeline, series, threeD)}).`,
    });
  else
    useDatasetStore.setState({
      focusImage: timeline.frames[hit]!.imageId,
      selectedInstance: null,
      highlight: null,
      notice: null,
    });
  return true;
}
