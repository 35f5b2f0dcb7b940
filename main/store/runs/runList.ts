import { runSummary, type RunInfo, type RunSummary } from '../../../contract';
import type { IndexDb } from '../db/openIndex';

/** The dataset's runs, oldest first, with their prediction counts and stored set figures. */
export function listRuns(db: IndexDb, datasetId: number): RunInfo[] {
  return (
    db
      .prepare(
        `SELECT id, name, kind, status, source, created_at AS createdAt, summary,
           (SELECT count(*) FROM predictions p WHERE p.run_id = runs.id) AS predictions,
           json_array_length(scope) AS frames, request IS NOT NULL AS resumable
         FROM runs WHERE dataset_id = ? ORDER BY id`,
      )
      .all(datasetId) as (Omit<RunInfo, 'summary' | 'resumable'> & {
      summary: string | null;
      resumable: number;
    })[]
  ).map((r) => ({
    ...r,
    resumable: r.resumable === 1,
    summary: storedSummary(r.summary),
  }));
}

/** Whether the run belongs to this dataset (an index file may hold several). */
export function runInDataset(db: IndexDb, datasetId: number, runId: number): boolean {
  return (
    db.prepare('SELECT 1 FROM runs WHERE id = ? AND dataset_id = ?').get(runId, datasetId) !==
    undefined
  );
}

/** How many of a run's stored predictions were paired with a person, of how many stored. */
export function predictionPairing(db: IndexDb, runId: number): { stored: number; paired: number } {
  return db
    .prepare(
      `SELECT count(*) AS stored, count(instance_id) AS paired FROM predictions WHERE run_id = ?`,
    )
    .get(runId) as { stored: number; paired: number };
}

export function predictionCount(db: IndexDb, runId: number): number {
  return db
    .prepare('SELECT count(*) FROM predictions WHERE run_id = ?')
    .pluck()
    .get(runId) as number;
}

/**
 * A run's stored set figures, or null when it has none or they are not in the shape this version
 * writes (an index from another version: indexing scores such runs again).
 */
function storedSummary(json: string | null): RunSummary | null {
  if (json === null) return null;
  const parsed = runSummary.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}
