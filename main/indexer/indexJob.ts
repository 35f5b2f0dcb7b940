import { Worker } from 'node:worker_threads';
import { indexDataset, type IndexOptions, type IndexSummary } from './indexDataset';

export type IndexJobMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'committed' }
  | { readonly type: 'done'; readonly summary: IndexSummary }
  | { readonly type: 'error'; readonly error: string };

/**
 * Indexes a folder on a worker thread when the bundled worker exists (the app), inline when
 * running from source (tests). Either way the result or the error comes back as a promise.
 */
export function runIndexJob(
  opts: IndexOptions & { readonly indexWorker?: string },
): Promise<IndexSummary> {
  const { indexWorker, onProgress, onCommitted, ...rest } = opts;
  if (!indexWorker) {
    return new Promise((resolve, reject) => {
      try {
        resolve(indexDataset({ ...rest, onProgress, onCommitted }));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(indexWorker, { workerData: rest });
    let settled = false;
    worker.on('message', (m: IndexJobMessage) => {
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else if (m.type === 'committed') onCommitted?.();
      else {
        settled = true;
        if (m.type === 'done') resolve(m.summary);
        else reject(new Error(m.error));
      }
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the indexing worker stopped (exit code ${code})`));
    });
  });
}
