import type { IndexDb } from '../db/openIndex';

/** A run as the rescoring and reporting of corrections name it. */
export interface RunName {
  id: number;
  name: string;
}

/** The dataset's runs in the order they were made. */
export function datasetRuns(db: IndexDb, datasetId: number): RunName[] {
  return db
    .prepare('SELECT id, name FROM runs WHERE dataset_id = ? ORDER BY id')
    .all(datasetId) as RunName[];
}

/** Writes runs' set summaries (JSON), prepared once for a batch; a run of another dataset is left. */
export function runSummaryWriter(db: IndexDb) {
  const put = db.prepare('UPDATE runs SET summary = ? WHERE id = ? AND dataset_id = ?');
  return (runId: number, datasetId: number, summary: string) => {
    put.run(summary, runId, datasetId);
  };
}
