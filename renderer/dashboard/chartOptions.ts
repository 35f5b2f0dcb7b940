import type { RunDistributions } from '../../contract';
import {
  axis,
  baseOption,
  type ChartOption,
  type ChartTheme,
  type TooltipItem,
} from './chartTheme';

/** A chosen run with its distributions, as the charts draw it. */
export interface RunDist {
  readonly runId: number;
  readonly name: string;
  readonly color: string;
  /** The store's primary run: drawn above the others. */
  readonly primary: boolean;
  readonly dist: RunDistributions;
}

/** 3DPCK against its threshold, the curve AUC_rel integrates. */
export function pckCurveOption(t: ChartTheme, runs: readonly RunDist[]): ChartOption {
  const base = baseOption(t);
  return {
    ...base,
    tooltip: {
      ...base.tooltip,
      trigger: 'axis',
      valueFormatter: (v) => `${Number(v).toFixed(1)} %`,
    },
    xAxis: { type: 'value', min: 0, max: 150, interval: 25, ...axis(t, 'threshold (mm)', 26) },
    yAxis: { type: 'value', min: 0, max: 100, ...axis(t, '3DPCK (%)', 36) },
    series: runs.flatMap((r) => {
      const c = r.dist.pckCurve;
      if (!c) return [];
      return [
        {
          type: 'line' as const,
          name: r.name,
          data: c.thresholds.map((th, k) => [th, c.pck[k] ?? null]),
          showSymbol: false,
          z: r.primary ? 3 : 2,
          lineStyle: { color: r.color, width: r.primary ? 2.5 : 1.8 },
          itemStyle: { color: r.color },
        },
      ];
    }),
  };
}

/** Tick steps the depth axes may use (mm); the first giving at most 10 intervals wins. */
const DEPTH_STEPS = [100, 200, 250, 500, 1000, 2000, 5000, 10000];

/**
 * The shared, square extent of predicted and true depths, padded, with ends on whole ticks
 * so neither axis prints a stray end label beside its last round one.
 */
export function depthRange(
  runs: readonly RunDist[],
): { lo: number; hi: number; interval: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of runs)
    for (const v of [...(r.dist.depth?.gt ?? []), ...(r.dist.depth?.pred ?? [])]) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (lo > hi) return null;
  const pad = Math.max(100, 0.04 * (hi - lo));
  const a = lo - pad;
  const b = hi + pad;
  const interval =
    DEPTH_STEPS.find((c) => Math.ceil(b / c) - Math.floor(a / c) <= 10) ??
    10 ** Math.ceil(Math.log10((b - a) / 10));
  return {
    lo: Math.floor(a / interval) * interval,
    hi: Math.ceil(b / interval) * interval,
    interval,
  };
}

const metres = (mm: number, digits = 1) => (mm / 1000).toFixed(digits);

/** Decimals a tick step needs in metres: 250 mm ticks read 5.25 m, not 5.3. */
export const tickDigits = (intervalMm: number): number =>
  (String(intervalMm / 1000).split('.')[1] ?? '').length;

/** Predicted against true root depth per person (DRM's Fig. 4), with the y = x line. */
export function depthScatterOption(t: ChartTheme, runs: readonly RunDist[]): ChartOption {
  const base = baseOption(t);
  const range = depthRange(runs) ?? { lo: 0, hi: 1000, interval: 100 };
  const scale = {
    type: 'value' as const,
    min: range.lo,
    max: range.hi,
    interval: range.interval,
  };
  return {
    ...base,
    legend: { ...base.legend, data: runs.map((r) => r.name) },
    tooltip: {
      ...base.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as TooltipItem;
        const v = Array.isArray(item.value) ? (item.value as number[]) : [];
        const [gt = NaN, pred = NaN] = v;
        const err = pred - gt;
        return (
          `${item.marker ?? ''}${item.seriesName ?? ''}\ntrue ${metres(gt, 2)} m · predicted ` +
          `${metres(pred, 2)} m\nerror ${err >= 0 ? '+' : '−'}${Math.abs(err).toFixed(0)} mm` +
          '\nclick: open the frame'
        );
      },
    },
    xAxis: {
      ...scale,
      ...axis(t, 'true root depth (m)', 26),
      axisLabel: {
        color: t.muted,
        formatter: (v: number) => metres(v, tickDigits(range.interval)),
      },
    },
    yAxis: {
      ...scale,
      ...axis(t, 'predicted root depth (m)', 36),
      axisLabel: {
        color: t.muted,
        formatter: (v: number) => metres(v, tickDigits(range.interval)),
      },
    },
    series: [
      ...runs.flatMap((r) => {
        const d = r.dist.depth;
        if (!d) return [];
        return [
          {
            type: 'scatter' as const,
            name: r.name,
            // [true, predicted, imageId, instanceId]: the ids ride along for the click.
            data: d.gt.map((g, i) => [
              g,
              d.pred[i] ?? NaN,
              d.imageId[i] ?? -1,
              d.instanceId[i] ?? -1,
            ]),
            symbolSize: 4,
            z: r.primary ? 3 : 2,
            itemStyle: { color: r.color, opacity: 0.7 },
            cursor: 'pointer',
          },
        ];
      }),
      {
        type: 'line' as const,
        name: 'y = x',
        data: [
          [range.lo, range.lo],
          [range.hi, range.hi],
        ],
        silent: true,
        showSymbol: false,
        z: 1,
        lineStyle: { color: t.muted, type: 'dashed', width: 1 },
        itemStyle: { color: t.muted },
        tooltip: { show: false },
      },
    ],
  };
}

/** Runs' per-group values as bars, one category per group. */
export function groupBarOption(
  t: ChartTheme,
  groups: readonly string[],
  rows: readonly { name: string; color: string; cells: readonly (number | null)[] }[],
  label: string,
  unit: string,
): ChartOption {
  const base = baseOption(t);
  return {
    ...base,
    tooltip: {
      ...base.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)} ${unit}` : '—'),
    },
    xAxis: {
      type: 'category',
      data: [...groups],
      ...axis(t, 'click a group: its frames', 26),
      axisLabel: { color: t.muted, interval: 0, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', ...axis(t, `${label} (${unit})`, 40) },
    series: rows.map((r) => ({
      type: 'bar',
      name: r.name,
      data: groups.map((_, k) => r.cells[k] ?? null),
      barMaxWidth: 44,
      itemStyle: { color: r.color },
      cursor: 'pointer',
    })),
  };
}
