import { ALL_FIGURES } from '../../contract';
import type { DatasetKind, FigureKey, RunInfo, RunSummary } from '../../contract';

export { datasetKind, type DatasetKind } from '../../contract';

export interface SummaryColumn {
  /** The `posescope eval --json` key. */
  readonly key: FigureKey;
  readonly label: string;
  readonly title: string;
  readonly unit: 'mm' | '%' | '';
  /** Whether a lower value is better (the best cell of a column is marked). */
  readonly lowerIsBetter: boolean;
}

const col = (
  key: FigureKey,
  label: string,
  title: string,
  unit: SummaryColumn['unit'],
  lowerIsBetter = unit === 'mm',
): SummaryColumn => ({ key, label, title, unit, lowerIsBetter });

export const COLUMNS_3D: readonly SummaryColumn[] = [
  col('MRPE', 'MRPE', 'mean root position error', 'mm'),
  col('MRPE_x', 'MRPE x', 'mean |x| root error', 'mm'),
  col('MRPE_y', 'MRPE y', 'mean |y| root error', 'mm'),
  col('MRPE_z', 'MRPE z', 'mean |z| root error (depth)', 'mm'),
  col('MPJPE', 'MPJPE', 'root-aligned joint error (Protocol 1)', 'mm'),
  col('PA_MPJPE', 'PA-MPJPE', 'Procrustes-aligned joint error (Protocol 2)', 'mm'),
  col('PCK3D_rel', '3DPCK', 'root-relative joints within 150 mm', '%'),
  col('AUC_rel', 'AUC', '3DPCK averaged over 0…150 mm', '%'),
];

/** Temporal figures; only runs on takes (videos) have them. Per frame, and per frame². */
export const TEMPORAL_COLUMNS: readonly SummaryColumn[] = [
  col('MPJVE', 'MPJVE', 'mean per-joint velocity error, mm per frame (VideoPose3D)', 'mm'),
  col('accel_error', 'Accel', 'acceleration error, mm per frame² (HMR/VIBE)', 'mm'),
];

/** RootNet's root AP/AR; only multi-person sets have them. */
export const ROOT_AP_COLUMNS: readonly SummaryColumn[] = [25, 15, 10].flatMap((cm) => [
  col(`AP_root_${cm as 25 | 15 | 10}`, `AP${cm}`, `root AP at ${cm} cm`, '%'),
  col(`AR_root_${cm as 25 | 15 | 10}`, `AR${cm}`, `root AR at ${cm} cm`, '%'),
]);

export const COLUMNS_2D: readonly SummaryColumn[] = [
  col('AP_OKS', 'AP', 'keypoint AP over OKS 0.50:0.95 (cocoapi)', '%'),
  col('AP_OKS_50', 'AP50', 'keypoint AP at OKS 0.50', '%'),
  col('AP_OKS_75', 'AP75', 'keypoint AP at OKS 0.75', '%'),
  col('AR_OKS', 'AR', 'keypoint AR over OKS 0.50:0.95', '%'),
  col('PCK2D', 'PCK2D', 'joints within 0.2 of the box’s longer side', '%'),
  col('mean_OKS', 'OKS', 'mean OKS of matched people', ''),
];

/** The keys whose presence means a run has figures of the dataset's kind. */
const CORE_KEYS: Record<DatasetKind, readonly FigureKey[]> = {
  '3d': ['MPJPE', 'PA_MPJPE', 'MRPE', 'PCK3D_rel'],
  '2d': ['AP_OKS', 'PCK2D', 'mean_OKS'],
};

/** The finite number under `key`, or null (a figure nothing could be scored on is null). */
export function figure<T extends object>(row: T | null | undefined, key: keyof T): number | null {
  const v = row?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export const fmt = (v: number | null, unit: SummaryColumn['unit'] = 'mm'): string =>
  v === null ? '—' : unit === '' ? v.toFixed(3) : v.toFixed(1);

/** Columns for the chosen runs: root AP/AR only when one of them has it. */
export function summaryColumns(
  kind: DatasetKind,
  summaries: readonly (RunSummary | null)[],
): readonly SummaryColumn[] {
  if (kind === '2d') return COLUMNS_2D;
  const shown = (c: SummaryColumn) => summaries.some((s) => figure(s, c.key) !== null);
  return [...COLUMNS_3D, ...TEMPORAL_COLUMNS.filter(shown), ...ROOT_AP_COLUMNS.filter(shown)];
}

/** Names of the figures a summary holds, in the order scoring writes them. */
export function presentFigures(summary: RunSummary | null): FigureKey[] {
  return ALL_FIGURES.filter((k) => figure(summary, k) !== null);
}

/**
 * Why a run's row is mostly dashes, or null when it has the dataset's figures. A 3D dataset
 * scored from 2D-only predictions has no joint or root errors: say what it does have.
 */
export function figuresNote(kind: DatasetKind, run: RunInfo): string | null {
  if (!run.summary) return `${run.name} is not scored yet`;
  if (CORE_KEYS[kind].some((k) => figure(run.summary, k) !== null)) return null;
  const have = presentFigures(run.summary);
  const what = kind === '3d' ? '3D' : '2D';
  if (have.length > 0) return `${run.name} has no ${what} figures, only ${have.join(', ')}`;
  const matched = figure(run.summary, 'matched');
  const of = figure(run.summary, 'instances');
  return matched === null
    ? `${run.name} has no figures at all`
    : `${run.name} has no ${what} figures (it matched ${matched} of ${of ?? '?'} people)`;
}

/** The scorer's word on units (predictions in metres against a millimetre dataset), if any. */
export function unitsNote(run: RunInfo): string | null {
  const units = run.summary?.units;
  return units ? `${run.name}: ${units}` : null;
}

export interface SummaryCell {
  readonly key: FigureKey;
  readonly text: string;
  readonly value: number | null;
  /** The best value of its column among the shown runs (two or more). */
  readonly best: boolean;
}

export interface SummaryRow {
  readonly runId: number;
  readonly name: string;
  readonly color: string;
  readonly primary: boolean;
  readonly cells: readonly SummaryCell[];
  /** "matched / instances", or "—". */
  readonly matched: string;
  readonly note: string | null;
}

export interface ShownRun {
  readonly run: RunInfo;
  readonly color: string;
}

/** One table row per run with the dataset kind's figures, best values marked per column. */
export function summaryRows(
  kind: DatasetKind,
  runs: readonly ShownRun[],
  primaryId: number | null,
): { columns: readonly SummaryColumn[]; rows: SummaryRow[] } {
  const columns = summaryColumns(
    kind,
    runs.map((r) => r.run.summary),
  );
  const best = new Map<FigureKey, number>();
  for (const c of columns) {
    const values = runs
      .map((r) => figure(r.run.summary, c.key))
      .filter((v): v is number => v !== null);
    if (values.length >= 2)
      best.set(c.key, c.lowerIsBetter ? Math.min(...values) : Math.max(...values));
  }
  const rows = runs.map(({ run, color }): SummaryRow => {
    const matched = figure(run.summary, 'matched');
    const instances = figure(run.summary, 'instances');
    return {
      runId: run.id,
      name: run.name,
      color,
      primary: run.id === primaryId,
      cells: columns.map((c) => {
        const value = figure(run.summary, c.key);
        return { key: c.key, value, text: fmt(value, c.unit), best: best.get(c.key) === value };
      }),
      matched: matched === null ? '—' : `${matched} / ${instances ?? '—'}`,
      note: figuresNote(kind, run) ?? unitsNote(run),
    };
  });
  return { columns, rows };
}
