import type { RunDist } from './chartOptions';
import {
  axis,
  baseOption,
  type ChartOption,
  type ChartTheme,
  type TooltipItem,
} from './chartTheme';

/** Histogram metrics `runDistributions` computes; each is also a frame metric to filter by. */
export type HistMetric = 'mpjpe' | 'pa_mpjpe' | 'mrpe' | 'oks';

export const HIST_LABELS: Record<HistMetric, string> = {
  mpjpe: 'MPJPE',
  pa_mpjpe: 'PA-MPJPE',
  mrpe: 'MRPE',
  oks: 'OKS',
};

/** Each histogram's unit in axis names and tooltips ('' for OKS, a similarity). */
export const HIST_UNITS: Record<HistMetric, string> = {
  mpjpe: 'mm',
  pa_mpjpe: 'mm',
  mrpe: 'mm',
  oks: '',
};

/** The histograms of each kind of set: millimetre errors for 3D, OKS for 2D. */
export const HIST_METRICS: Record<'3d' | '2d', readonly HistMetric[]> = {
  '3d': ['mpjpe', 'pa_mpjpe', 'mrpe'],
  '2d': ['oks'],
};

/** A bin edge as its step prints it: 0.15, not 0.15000000000000002. */
const edge = (v: number, width: number) => v.toFixed((String(width).split('.')[1] ?? '').length);

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
  const used = Math.max(...hists.map((h) => h.counts.findLastIndex((c) => c > 0) + 1));
  if (used === 0) return [];
  const bulk = Math.max(...hists.map((h) => quantileBin(h.counts, TAIL_QUANTILE) + 1));
  const shown = used > Math.max(2 * bulk, MIN_BINS) + 1 ? Math.max(2 * bulk, MIN_BINS) : used;
  return Array.from({ length: shown === used ? used : shown + 1 }, (_, k) => {
    const lo = Number(edge(k * width, width));
    const folded = k === shown;
    const open = folded || k === total - 1;
    return {
      lo,
      hi: open ? null : Number(edge(lo + width, width)),
      label: open ? `≥${edge(lo, width)}` : edge(lo, width),
      from: k,
      to: folded ? total : k + 1,
    };
  });
}

/** Every how many bins a label fits (about 12 labels across the chart). */
export const labelStep = (bins: number): number => Math.max(1, Math.ceil(bins / 12));

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
        const unit = HIST_UNITS[metric] ? ` ${HIST_UNITS[metric]}` : '';
        const range =
          bin.hi === null ? `≥ ${bin.label.slice(1)}${unit}` : `${bin.label}–${bin.hi}${unit}`;
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
      ...axis(
        t,
        `${HIST_LABELS[metric]}${HIST_UNITS[metric] ? ` (${HIST_UNITS[metric]})` : ''}, worst person per frame on click`,
        26,
      ),
      // Every few bins, and always the last: its open end (≥ 300) is what the folded tail means.
      axisLabel: {
        color: t.muted,
        interval: (k: number) => k === bins.length - 1 || k % labelStep(bins.length) === 0,
      },
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
        // Runs side by side within each bin's slot: none hides another.
        barGap: '8%',
        barCategoryGap: '14%',
        z: r.primary ? 3 : 2,
        itemStyle: { color: r.color, opacity: 0.9 },
        emphasis: { itemStyle: { opacity: 1 } },
        cursor: 'pointer',
      };
    }),
  };
}
