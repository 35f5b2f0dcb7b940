import { parentPort, workerData } from 'node:worker_threads';
import { runInference, type InferRequest } from './runInference';
import type { InferMessage } from './inferHost';

// Runs one inference job on a worker thread: the SQLite writes and the decoding stay off the
// thread that drives the UI (onnxruntime and sharp already work on their own threads).
const port = parentPort!;
const abort = new AbortController();
port.on('message', (m: { kind: 'cancel' }) => {
  if (m.kind === 'cancel') abort.abort();
});
const post = (m: InferMessage) => port.postMessage(m);
runInference(workerData as InferRequest, {
  signal: abort.signal,
  onProgress: (progress) => post({ kind: 'progress', progress }),
}).then(
  (result) => post({ kind: 'result', result }),
  (err: unknown) =>
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
);
