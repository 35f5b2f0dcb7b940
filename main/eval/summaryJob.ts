import { Worker } from 'node:worker_threads';
import { datasetRuns } from '../store/runs/datasetRuns';
import { openIndex } from '../store/db/openIndex';
import { workerAnswer } from '../platform/workerAnswer';
import { summariseRun, type DatasetRef, type RunFigures } from './scoreRun';

export interface SummaryJob {
  readonly dbFile: string;
  readonly dataset: DatasetRef;
}

export interface RunSummary {
  readonly runId: number;
  readonly summary: RunFigures;
}

export type SummaryJobMessage =
  | { readonly type: 'done'; readonly summaries: RunSummary[] }
  | { readonly type: 'error'; readonly error: string };

/** Every run's set figures, read from one snapshot of the index (a read-only connection). */
export function summariseRuns(job: SummaryJob): RunSummary[] {
  const db = openIndex(job.dbFile, { readonly: true });
  try {
    return db.transaction(() => {
      const runs = datasetRuns(db, job.dataset.id).map((r) => r.id);
      return runs.map((runId) => ({ runId, summary: summariseRun(db, job.dataset, runId) }));
    })();
  } finally {
    db.close();
  }
}

/**
 * Computes the runs' set figures on a worker thread when the bundled worker exists (the app),
 * inline when running from source (tests): they read every image and person, seconds on a large
 * dataset, and the thread answering the UI must not wait for them. `stop` ends a worker early.
 */
export function runSummaryJob(
  job: SummaryJob,
  summaryWorker?: string,
): { readonly done: Promise<RunSummary[]>; stop(): void } {
  if (!summaryWorker) {
    let result: RunSummary[] | Error;
    try {
      result = summariseRuns(job);
    } catch (err) {
      result = err instanceof Error ? err : new Error(String(err));
    }
    return {
      done: result instanceof Error ? Promise.reject(result) : Promise.resolve(result),
      stop: () => undefined,
    };
  }
  const worker = new Worker(summaryWorker, { workerData: job });
  const done = workerAnswer<SummaryJobMessage, RunSummary[]>(worker, 'the scoring worker', (m) =>
    m.type === 'done' ? { value: m.summaries } : { error: m.error },
  );
  return { done, stop: () => void worker.terminate() };
}
