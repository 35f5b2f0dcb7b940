import type { Worker } from 'node:worker_threads';

/** What a job's message means: its answer, its failure, or neither (progress on the way). */
export type Answer<T> = { readonly value: T } | { readonly error: string } | undefined;

/**
 * The one answer a worker-thread job gives: `read` turns each message into the answer, a
 * failure, or nothing yet. A worker that throws, or stops before answering, fails the job
 * naming `what` ("the indexing worker").
 */
export function workerAnswer<M, T>(
  worker: Worker,
  what: string,
  read: (message: M) => Answer<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: M) => {
      const a = read(m);
      if (!a) return;
      settled = true;
      if ('value' in a) resolve(a.value);
      else reject(new Error(a.error));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`${what} stopped (exit code ${code})`));
    });
  });
}
