import { useMemo, useState } from 'react';
import { useDatasetStore } from '../data/useDatasetStore';
import { ChartPanel } from './ChartPanel';
import { groupFilter, histogramFilter, scatterTarget, type ChartClick } from './chartClicks';
import { depthScatterOption, groupBarOption, pckCurveOption, type RunDist } from './chartOptions';
import { DEFAULT_THEME, readChartTheme, type ChartTheme } from './chartTheme';
import {
  HIST_LABELS,
  HIST_METRICS,
  hasHistogram,
  histogramBins,
  histogramOption,
  type HistMetric,
} from './histogram';
import { Segmented } from '../ui/Segmented';
import type { ShownRun } from './summaryRows';
import type { GroupMetricInfo, GroupTable } from './tables';
import { useRunDistributions } from '../data/useRunDistributions';

const histOptions = (kind: '3d' | '2d') =>
  HIST_METRICS[kind].map((value) => ({ value, label: HIST_LABELS[value] }));

/** The theme's colours, read once: the canvas needs literal colours, not `var(--x)`. */
function useChartTheme(): ChartTheme {
  return useMemo(
    () =>
      // Server rendering (tests) has no document; styles.css's values stand in.
      typeof document === 'undefined'
        ? DEFAULT_THEME
        : readChartTheme((n) => getComputedStyle(document.documentElement).getPropertyValue(n)),
    [],
  );
}

/** Grid-side effects of a chart click: filter the frame list and show it. */
function useFilterGrid() {
  const setOrder = useDatasetStore((s) => s.setOrder);
  const setView = useDatasetStore((s) => s.setView);
  return (order: Parameters<typeof setOrder>[0] | null) => {
    if (!order) return;
    setOrder(order);
    setView('grid');
  };
}

/** The 3D charts (error histogram, PCK curve, root depth scatter) over the chosen runs. */
export function DistributionCharts(props: {
  readonly datasetId: number;
  readonly runs: readonly ShownRun[];
  readonly primaryId: number | null;
  /** A 2D set gets its OKS distribution alone: 3DPCK and root depths are 3D figures. */
  readonly kind: '3d' | '2d';
}) {
  const { datasetId, runs, primaryId, kind } = props;
  const theme = useChartTheme();
  const filterGrid = useFilterGrid();
  const openImage = useDatasetStore((s) => s.openImage);
  const [metric, setMetric] = useState<HistMetric>(HIST_METRICS[kind][0]!);
  const entries = useRunDistributions(
    datasetId,
    useMemo(() => runs.map((r) => r.run), [runs]),
  );

  const ready = useMemo(
    () =>
      runs.flatMap(({ run, color }): RunDist[] => {
        const e = entries.get(run.id);
        return e?.state === 'ready'
          ? [{ runId: run.id, name: run.name, color, primary: run.id === primaryId, dist: e.data }]
          : [];
      }),
    [runs, entries, primaryId],
  );
  const loading = runs.some((r) => entries.get(r.run.id)?.state !== 'ready');
  const errors = runs.flatMap(({ run }) => {
    const e = entries.get(run.id);
    return e?.state === 'error' ? [`${run.name}: ${e.error}`] : [];
  });
  // While a run's figures are on their way a chart says "loading…", not that data is missing.
  const pending = loading && errors.length === 0;
  const why = (option: unknown, text: string) => (option || pending ? null : text);
  const label = HIST_LABELS[metric];

  // Runs without the metric (2D-only ones) stay out of the legend; bars index into this list.
  const histRuns = useMemo(() => ready.filter((r) => hasHistogram(r, metric)), [ready, metric]);
  const bins = useMemo(() => histogramBins(histRuns, metric), [histRuns, metric]);
  const hist = useMemo(
    () => (bins.length ? histogramOption(theme, histRuns, metric, bins) : null),
    [theme, histRuns, metric, bins],
  );
  const hasPck = ready.some((r) => r.dist.pckCurve);
  const pck = useMemo(() => (hasPck ? pckCurveOption(theme, ready) : null), [theme, ready, hasPck]);
  const hasDepth = ready.some((r) => r.dist.depth);
  const depth = useMemo(
    () => (hasDepth ? depthScatterOption(theme, ready) : null),
    [theme, ready, hasDepth],
  );
  const runIds = histRuns.map((r) => r.runId);

  return (
    <>
      {errors.length > 0 && <p className="error">{errors.join('\n')}</p>}
      <ChartPanel
        title={kind === '2d' ? 'OKS distribution' : 'Error distribution'}
        controls={
          <Segmented
            label="Histogram metric"
            options={histOptions(kind)}
            value={metric}
            onChange={setMetric}
          />
        }
        option={hist}
        empty={why(hist, `the chosen runs have no ${label} values`)}
        onClick={(c: ChartClick) => filterGrid(histogramFilter(bins, metric, runIds, c))}
      />
      {kind === '3d' && (
        <>
          <ChartPanel
            title="3DPCK by threshold"
            option={pck}
            empty={why(pck, 'the chosen runs have no root-relative joint errors')}
          />
          <ChartPanel
            title="Root depth: predicted vs true"
            option={depth}
            empty={why(depth, 'the chosen runs predict no root depth (no root_cam or joints_cam)')}
            onClick={(c) => {
              const t = scatterTarget(c);
              if (t) openImage(t.imageId, t.instanceId);
            }}
          />
        </>
      )}
    </>
  );
}

/** Per-group bars of the group table's metric; a bar opens that group's frames. */
export function GroupBars(props: {
  readonly table: GroupTable;
  readonly metric: GroupMetricInfo;
  readonly title: string;
}) {
  const { table, metric, title } = props;
  const theme = useChartTheme();
  const filterGrid = useFilterGrid();
  const option = useMemo(
    () =>
      table.groups.length
        ? groupBarOption(
            theme,
            table.groups,
            // A run with no value in any group would only add an empty legend entry.
            table.rows.filter((r) => r.cells.slice(0, -1).some((v) => v !== null)),
            metric.label,
            metric.unit,
          )
        : null,
    [theme, table, metric],
  );
  return (
    <ChartPanel
      title={title}
      option={option}
      empty={option ? null : 'the chosen runs have no per-group figures'}
      onClick={(c) => filterGrid(groupFilter(c))}
    />
  );
}
