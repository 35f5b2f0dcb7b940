// Worker-thread entry (dist/indexWorker.mjs): indexes one folder so the process that asked
// (the desktop's main process, the browser-mode server) keeps answering while it writes.
import { parentPort, workerData } from 'node:worker_threads';
import { indexDataset, type IndexOptions } from './indexDataset';
import type { IndexJobMessage } from './indexJob';

const opts = workerData as Omit<IndexOptions, 'onProgress' | 'onCommitted'>;
const post = (m: IndexJobMessage) => parentPort!.postMessage(m);
let last = 0;
try {
  const summary = indexDataset({
    ...opts,
    onProgress(done, total) {
      // A few updates a second are enough for a progress bar.
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      post({ type: 'progress', done, total });
    },
    onCommitted: () => post({ type: 'committed' }),
  });
  post({ type: 'done', summary });
} catch (err) {
  post({ type: 'error', error: err instanceof Error ? err.message : String(err) });
}
