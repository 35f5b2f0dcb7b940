import type { RunDistributions } from '../../../contract';
import { axis, baseOption, type ChartOption, type ChartTheme } from './chartTheme';

/** A chosen run with its distributions, as the charts draw it. */
export interface RunDist {
  readonly runId: number;
  readonly name: string;
  readonly color: string;
  /** The store's primary run: drawn above the others. */
  readonly primary: boolean;
  readonly dist: RunDistributions;
}

/** Histogram metrics `runDistributions` computes; each is also a frame metric to filter by. */
export type HistMetric = 'mpjpe' | 'pa_mpjpe' | 'mrpe';

export const HIST_LABELS: Record<HistMetric, string> = {
  mpjpe: 'MPJPE',
  pa_mpjpe: 'PA-MPJPE',
  mrpe: 'MRPE',
};

export interface HistBin {
  readonly lo: number;
  /** Null for an open-ended last bin: the main side's, or the tail folded into one. */
  readonly hi: number | null;
  readonly label: string;
  /** The main side's bins this one sums, [from, to). */
  readonly from: number;
  readonly to: number;
}

const histogramOf = (r: RunDist, metric: HistMetric) =>
  r.dist.histograms.find((h) => h.metric === metric);

/** Whether a run has any value of the metric (a 2D-only run has none to draw). */
export const hasHistogram = (r: RunDist, metric: HistMetric): boolean =>
  histogramOf(r, metric)?.counts.some((c) => c > 0) ?? false;

/** The first bin by which `share` of a histogram's people are counted. */
function quantileBin(counts: readonly number[], share: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let k = 0; k < counts.length; k++) {
    seen += counts[k]!;
    if (seen >= share * total) return k;
  }
  return counts.length - 1;
}

/** Bins of the bulk reach twice the 95th percentile; a sparse tail past that is folded. */
const TAIL_QUANTILE = 0.95;
const MIN_BINS = 8;

/**
 * The bins to draw: the main side's bins up to the last one any run has people in, with a
 * long sparse tail (a few 300 mm failures) folded into one open-ended bin, so the bulk of a
 * 20–40 mm distribution is not squeezed into a sliver. Clicking the folded bin still filters
 * correctly: an open-ended bin sets only a minimum. Empty when no run has any value.
 */
export function histogramBins(runs: readonly RunDist[], metric: HistMetric): HistBin[] {
  const hists = runs.map((r) => histogramOf(r, metric)).filter((h) => h !== undefined);
  const first = hists[0];
  if (!first) return [];
  // All runs come from the same main-side table; the first run's width stands for all.
  const width = first.binWidth;
  const total = Math.max(...hists.map((h) => h.counts.length));
  let used = 0;
  for (const h of hists) h.counts.forEach((c, k) => c > 0 && k + 1 > used && (used = k + 1));
  if (used === 0) return [];
  const bulk = Math.max(...hists.map((h) => quantileBin(h.counts, TAIL_QUANTILE) + 1));
  const shown = used > Math.max(2 * bulk, MIN_BINS) + 1 ? Math.max(2 * bulk, MIN_BINS) : used;
  return Array.from({ length: shown === used ? used : shown + 1 }, (_, k) => {
    const lo = k * width;
    const folded = k === shown;
    const open = folded || k === total - 1;
    return {
      lo,
      hi: open ? null : lo + width,
      label: open ? `≥${lo}` : String(lo),
      from: k,
      to: folded ? total : k + 1,
    };
  });
}

export function histogramOption(
  t: ChartTheme,
  runs: readonly RunDist[],
  metric: HistMetric,
  bins: readonly HistBin[],
): ChartOption {
  const base = baseOption(t);
  const people = new Map(runs.map((r) => [r.name, r.dist.people]));
  return {
    ...base,
    tooltip: {
      ...base.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as TooltipItem[]) : [];
        const bin = bins[list[0]?.dataIndex ?? -1];
        if (!bin) return '';
        const range = bin.hi === null ? `≥ ${bin.lo} mm` : `${bin.lo}–${bin.hi} mm`;
        const lines = list.map((p) => {
          const n = typeof p.value === 'number' ? p.value : 0;
          const of = people.get(p.seriesName ?? '') ?? 0;
          const share = of > 0 ? ` (${((100 * n) / of).toFixed(1)} %)` : '';
          return `${p.marker ?? ''}${p.seriesName ?? ''}: ${n}${share}`;
        });
        return [`${HIST_LABELS[metric]} ${range}`, ...lines, 'click: frames in this bin'].join(
          '\n',
        );
      },
    },
    xAxis: {
      type: 'category',
      data: bins.map((b) => b.label),
      ...axis(t, `${HIST_LABELS[metric]} (mm), worst person per frame on click`, 26),
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, ...axis(t, 'people', 40) },
    series: runs.map((r) => {
      const counts = histogramOf(r, metric)?.counts ?? [];
      const sum = (b: HistBin) => counts.slice(b.from, b.to).reduce((a, c) => a + c, 0);
      return {
        type: 'bar',
        name: r.name,
        data: bins.map(sum),
        // Runs share each bin's slot, drawn over one another, translucent to show both.
        barGap: '-100%',
        barCategoryGap: '8%',
        z: r.primary ? 3 : 2,
        itemStyle: { color: r.color, opacity: runs.length > 1 ? 0.6 : 0.9 },
        emphasis: { itemStyle: { opacity: 1 } },
        cursor: 'pointer',
      };
    }),
  };
}

interface TooltipItem {
  readonly dataIndex?: number;
  readonly seriesName?: string;
  readonly marker?: string;
  readonly value?: unknown;
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

const metres = (mm: number) => (mm / 1000).toFixed(1);

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
          `${item.marker ?? ''}${item.seriesName ?? ''}\ntrue ${metres(gt)} m · predicted ` +
          `${metres(pred)} m\nerror ${err >= 0 ? '+' : '−'}${Math.abs(err).toFixed(0)} mm` +
          '\nclick: open the frame'
        );
      },
    },
    xAxis: {
      ...scale,
      ...axis(t, 'true root depth (m)', 26),
      axisLabel: { color: t.muted, formatter: (v: number) => metres(v) },
    },
    yAxis: {
      ...scale,
      ...axis(t, 'predicted root depth (m)', 36),
      axisLabel: { color: t.muted, formatter: (v: number) => metres(v) },
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
