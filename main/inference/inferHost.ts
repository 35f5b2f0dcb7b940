import { Worker } from 'node:worker_threads';
import {
  runInference,
  type RunProgress,
  type InferRequest,
  type InferResult,
} from './runInference';

export type InferMessage =
  | { readonly kind: 'progress'; readonly progress: RunProgress }
  | { readonly kind: 'result'; readonly result: InferResult }
  | { readonly kind: 'error'; readonly message: string };

export interface InferJob {
  readonly result: Promise<InferResult>;
  /** Stops after the batch in flight; what finished is kept and the run resumes later. */
  cancel(): void;
}

/**
 * Starts an inference job on the bundled worker (dist/inferWorker.mjs), or inline when running
 * from source without a build. Either way the caller gets progress, a result and a cancel.
 */
export function startInference(
  workerFile: string | undefined,
  req: InferRequest,
  onProgress?: (p: RunProgress) => void,
): InferJob {
  if (!workerFile) {
    const abort = new AbortController();
    return {
      result: runInference(req, { signal: abort.signal, onProgress }),
      cancel: () => abort.abort(),
    };
  }
  const worker = new Worker(workerFile, { workerData: req });
  const result = new Promise<InferResult>((resolveResult, reject) => {
    worker.on('message', (m: InferMessage) => {
      if (m.kind === 'progress') onProgress?.(m.progress);
      else if (m.kind === 'result') resolveResult(m.result);
      else reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`inference worker exited with code ${code}`)));
  }).finally(() => void worker.terminate());
  return { result, cancel: () => worker.postMessage({ kind: 'cancel' }) };
}
