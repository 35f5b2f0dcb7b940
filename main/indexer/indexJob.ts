import { Worker } from 'node:worker_threads';
import { workerAnswer } from '../platform/workerAnswer';
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
  const worker = new Worker(indexWorker, { workerData: rest });
  return workerAnswer<IndexJobMessage, IndexSummary>(worker, 'the indexing worker', (m) => {
    if (m.type === 'progress') onProgress?.(m.done, m.total);
    else if (m.type === 'committed') onCommitted?.();
    else return m.type === 'done' ? { value: m.summary } : { error: m.error };
    return undefined;
  });
}
