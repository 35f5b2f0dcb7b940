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
  /** Null for the last, open-ended bin of the main side's histogram. */
  readonly hi: number | null;
  readonly label: string;
}

const histogramOf = (r: RunDist, metric: HistMetric) =>
  r.dist.histograms.find((h) => h.metric === metric);

/**
 * The bins to draw: the main side's bins up to the last one any run has people in, so a
 * 0–300 mm axis does not shrink a 0–80 mm distribution to a sliver. Empty when no run has any.
 */
export function histogramBins(runs: readonly RunDist[], metric: HistMetric): HistBin[] {
  const hists = runs.map((r) => histogramOf(r, metric)).filter((h) => h !== undefined);
  const first = hists[0];
  if (!first) return [];
  const width = first.binWidth;
  const total = Math.max(...hists.map((h) => h.counts.length));
  let used = 0;
  for (const h of hists) h.counts.forEach((c, k) => c > 0 && k + 1 > used && (used = k + 1));
  return Array.from({ length: used }, (_, k) => {
    const lo = k * width;
    const open = k === total - 1;
    return { lo, hi: open ? null : lo + width, label: open ? `≥${lo}` : String(lo) };
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
          '<br>',
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
      return {
        type: 'bar',
        name: r.name,
        data: bins.map((_, k) => counts[k] ?? 0),
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

/** The shared, square extent of predicted and true depths, padded, in whole 100 mm. */
export function depthRange(runs: readonly RunDist[]): { lo: number; hi: number } | null {
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
  return { lo: Math.floor((lo - pad) / 100) * 100, hi: Math.ceil((hi + pad) / 100) * 100 };
}

const metres = (mm: number) => (mm / 1000).toFixed(1);

/** Predicted against true root depth per person (DRM's Fig. 4), with the y = x line. */
export function depthScatterOption(t: ChartTheme, runs: readonly RunDist[]): ChartOption {
  const base = baseOption(t);
  const range = depthRange(runs) ?? { lo: 0, hi: 1000 };
  const scale = { type: 'value' as const, min: range.lo, max: range.hi };
  return {
    ...base,
    tooltip: {
      ...base.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as TooltipItem;
        const v = Array.isArray(item.value) ? (item.value as number[]) : [];
        const [gt = NaN, pred = NaN] = v;
        const err = pred - gt;
        return (
          `${item.marker ?? ''}${item.seriesName ?? ''}<br>true ${metres(gt)} m · predicted ` +
          `${metres(pred)} m<br>error ${err >= 0 ? '+' : '−'}${Math.abs(err).toFixed(0)} mm` +
          '<br>click: open the frame'
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
      itemStyle: { color: r.color },
      cursor: 'pointer',
    })),
  };
}
