import type { JointFigures } from '../../contract';
import { figure, type DatasetKind, type ShownRun } from './summaryRows';

/** Per-group figures the set summaries carry (`per_group` rows). */
export type GroupMetric = 'MPJPE' | 'PA_MPJPE' | 'PCK3D_rel' | 'PCK2D';

export interface GroupMetricInfo {
  readonly key: GroupMetric;
  readonly label: string;
  readonly unit: 'mm' | '%';
}

export const GROUP_METRICS: Record<DatasetKind, readonly GroupMetricInfo[]> = {
  '3d': [
    { key: 'MPJPE', label: 'MPJPE', unit: 'mm' },
    { key: 'PA_MPJPE', label: 'PA-MPJPE', unit: 'mm' },
    { key: 'PCK3D_rel', label: '3DPCK', unit: '%' },
  ],
  '2d': [{ key: 'PCK2D', label: 'PCK@0.2', unit: '%' }],
};

export const lowerIsBetter = (m: GroupMetric): boolean => m === 'MPJPE' || m === 'PA_MPJPE';

/** Sequence names sort as the papers print them: TS2 before TS10. */
const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Every group any of the runs was scored on, in natural order. */
export function groupNames(runs: readonly ShownRun[]): string[] {
  const seen = new Set<string>();
  for (const { run } of runs) for (const r of run.summary?.per_group ?? []) seen.add(r.group);
  return [...seen].sort(natural.compare);
}

export interface GroupTableRow {
  readonly runId: number;
  readonly name: string;
  readonly color: string;
  /** One value per group, in `groups` order, then the set's own figure over all people. */
  readonly cells: readonly (number | null)[];
}

export interface GroupTable {
  readonly groups: readonly string[];
  readonly rows: readonly GroupTableRow[];
  /** Per column (groups, then "all"), the best value among two or more runs. */
  readonly best: readonly (number | null)[];
}

/** Groups as columns, runs as rows, as Human3.6M / MuPoTS-3D papers lay out their tables. */
export function groupTable(runs: readonly ShownRun[], metric: GroupMetric): GroupTable {
  const groups = groupNames(runs);
  const rows = runs.map(({ run, color }): GroupTableRow => {
    const byGroup = new Map(
      (run.summary?.per_group ?? []).map((r) => [r.group, figure(r, metric)]),
    );
    return {
      runId: run.id,
      name: run.name,
      color,
      cells: [...groups.map((g) => byGroup.get(g) ?? null), figure(run.summary, metric)],
    };
  });
  return { groups, rows, best: bestPerColumn(rows, groups.length + 1, lowerIsBetter(metric)) };
}

function bestPerColumn(
  rows: readonly { cells: readonly (number | null)[] }[],
  columns: number,
  lower: boolean,
): (number | null)[] {
  return Array.from({ length: columns }, (_, c) => {
    const values = rows.map((r) => r.cells[c] ?? null).filter((v): v is number => v !== null);
    if (values.length < 2) return null;
    return lower ? Math.min(...values) : Math.max(...values);
  });
}

/** A per-joint figure the set summaries carry (`per_joint` rows). */
export interface JointColumn {
  readonly key: 'MPJPE' | 'PCK3D_rel' | 'PCK2D' | 'PCKh';
  readonly label: string;
  readonly unit: 'mm' | '%';
  readonly lower: boolean;
}

const JOINT_COLUMNS: Record<DatasetKind, readonly JointColumn[]> = {
  '3d': [
    { key: 'MPJPE', label: 'MPJPE', unit: 'mm', lower: true },
    { key: 'PCK3D_rel', label: '3DPCK', unit: '%', lower: false },
  ],
  '2d': [
    { key: 'PCK2D', label: 'PCK@0.2', unit: '%', lower: false },
    { key: 'PCKh', label: 'PCKh@0.5', unit: '%', lower: false },
  ],
};

export interface JointTable {
  readonly joints: readonly string[];
  /** The figures shown per run: the kind's, less those no run has (PCKh without head boxes). */
  readonly columns: readonly JointColumn[];
  /** rows[j][r][c]: joint j of run r (in the runs' order), column c. */
  readonly rows: readonly (readonly (readonly (number | null)[])[])[];
}

/** Joints as rows, runs as columns (the kind's per-joint figures each): where a model's error sits. */
export function jointTable(runs: readonly ShownRun[], kind: DatasetKind): JointTable {
  const perRun = runs.map(({ run }) => run.summary?.per_joint ?? []);
  // All runs of a dataset share its skeleton; the longest list names every joint.
  const longest = perRun.reduce<readonly JointFigures[]>(
    (a, b) => (b.length > a.length ? b : a),
    [],
  );
  const joints = longest.map((r) => r.joint);
  const columns = JOINT_COLUMNS[kind].filter((c) =>
    perRun.some((list) => list.some((r) => figure(r, c.key) !== null)),
  );
  const rows = joints.map((_, j) =>
    perRun.map((list) => columns.map((c) => figure(list[j], c.key))),
  );
  return { joints, columns, rows };
}
