import { scoreRun } from '../eval/scoreRun';
import type { Summary2d } from '../eval/setMetrics2d';
import type { Summary3d } from '../eval/setMetrics';
import { CountingIssueLog } from '../datasets/issueLog';
import type { DatasetFormat } from '../datasets/records';
import type { IndexDb } from '../store/db/openIndex';
import type { PatchDataset } from './patch';
import { withStoredRun } from '../eval/storedRun';
import { rolledBack } from '../store/db/rolledBack';
import { appliedEditCount } from '../store/edits/editLog';
import { correctedPeople, restoreOriginalLabels } from '../store/labels/originalLabels';
import { editedPeopleMetrics, type PersonFigures } from '../store/runs/correctedMetrics';
import { datasetRuns } from '../store/runs/datasetRuns';
import { reviewCounts } from '../store/edits/review';
import type { ReviewStatus } from '../../contract';

export interface RunComparison {
  readonly run: string;
  /** Scored against the labels as the files gave them. */
  readonly original: Summary3d | Summary2d;
  /** Scored against the labels with the corrections applied. */
  readonly corrected: Summary3d | Summary2d;
  readonly people: readonly {
    readonly image: string;
    readonly person: string;
    readonly original: PersonFigures | null;
    readonly corrected: PersonFigures | null;
  }[];
}

export interface MetricsReport {
  readonly dataset: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
  readonly created_at: string;
  /** People with at least one applied correction. */
  readonly corrected_people: number;
  readonly applied_edits: number;
  /** Frames per review status (unreviewed, needs-fix, fixed, verified). */
  readonly reviews: Readonly<Record<ReviewStatus, number>>;
  readonly runs: readonly RunComparison[];
}

interface Scored {
  summary: Summary3d | Summary2d;
  people: Map<number, PersonFigures>;
}

/**
 * Every run of the dataset scored with scoreRun, as an import scores it, in a transaction that is
 * rolled back: against the original labels (instance_originals put back for corrected people)
 * or against the labels as they are. The index is left exactly as it was.
 */
function scoreAll(
  db: IndexDb,
  ds: PatchDataset,
  runs: readonly { id: number; name: string }[],
  labels: 'original' | 'corrected',
): Map<number, Scored> {
  return rolledBack(db, () => {
    if (labels === 'original') restoreOriginalLabels(db, ds.id);
    const people = editedPeopleMetrics(db);
    const out = new Map<number, Scored>();
    for (const run of runs) {
      const where = `run ${run.name}`;
      const summary = withStoredRun(db, run.id, where, (source) =>
        scoreRun(db, ds, run.id, source, new CountingIssueLog(), where),
      );
      const rows = people(run.id);
      out.set(run.id, {
        summary,
        people: new Map(rows.map(({ instance_id, ...f }) => [instance_id, f])),
      });
    }
    return out;
  });
}

/**
 * Each run's set metrics against the original and the corrected labels, and the figures of
 * every corrected person the run matched. Writes nothing to the index.
 */
export function metricsReport(db: IndexDb, ds: PatchDataset): MetricsReport {
  const runs = datasetRuns(db, ds.id);
  const corrected = correctedPeople(db, ds.id);
  const before = scoreAll(db, ds, runs, 'original');
  const after = scoreAll(db, ds, runs, 'corrected');
  return {
    dataset: ds.root,
    format: ds.format,
    skeleton: ds.skeleton,
    created_at: new Date().toISOString(),
    corrected_people: corrected.length,
    applied_edits: appliedEditCount(db, ds.id),
    reviews: reviewCounts(db, ds.id),
    runs: runs.map((r) => {
      const [b, a] = [before.get(r.id)!, after.get(r.id)!];
      return {
        run: r.name,
        original: b.summary,
        corrected: a.summary,
        people: corrected.map((p) => ({
          image: p.image,
          person: p.person,
          original: b.people.get(p.id) ?? null,
          corrected: a.people.get(p.id) ?? null,
        })),
      };
    }),
  };
}

const csvField = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The report as CSV, one row per run and set metric (the scalar figures; per-joint and
 * per-group tables and the per-person figures are in the JSON).
 */
export function metricsReportCsv(r: MetricsReport): string {
  const lines = ['run,metric,original,corrected,change'];
  for (const run of r.runs) {
    const before = run.original as unknown as Record<string, unknown>;
    const after = run.corrected as unknown as Record<string, unknown>;
    for (const [metric, v] of Object.entries(after)) {
      const b = before[metric];
      if (!(typeof v === 'number' || v === null) || !(typeof b === 'number' || b === null))
        continue;
      const change = v !== null && b !== null ? v - b : null;
      lines.push([run.run, metric, b, v, change].map(csvField).join(','));
    }
  }
  // The frames' review states, as dataset-level rows (no run, no before/after).
  for (const [status, n] of Object.entries(r.reviews))
    lines.push(['(frames)', `review_${status}`, null, n, null].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
