import { runsSignature } from '../store/runs/runAdmin';
import type { OpenDatasets } from './openDatasets';
import type { ServiceOptions } from './serviceOptions';

/** How often the open datasets' runs are compared with the last look (ms). */
export const RUN_WATCH_MS = 2000;

/**
 * Tells the UI when another process changes an open dataset's runs — `posescope infer` or `eval`
 * in a terminal while the app is open write the same index file, and nothing else would say so.
 * Every `intervalMs` each dataset's run signature is read on its read-only connection and
 * `datasetChanged` is emitted when it differs from the last poll's. Changes the app makes itself
 * are seen too; the extra event only makes the UI read the dataset once more. Returns the stop.
 */
export function watchRuns(
  open: Pick<OpenDatasets, 'list'>,
  emit: ServiceOptions['emit'],
  intervalMs: number = RUN_WATCH_MS,
): () => void {
  const last = new Map<number, string>();
  const poll = () => {
    for (const d of open.list()) {
      let now: string;
      try {
        now = runsSignature(d.reader, d.dbId);
      } catch {
        // The file may be mid-replacement or briefly unreadable (a re-index swaps the reader);
        // the next poll looks again rather than stopping the watch or the services.
        continue;
      }
      const before = last.get(d.sessionId);
      last.set(d.sessionId, now);
      // A dataset first seen here was opened moments ago, its runs read then: nothing to tell.
      if (before !== undefined && before !== now)
        emit('datasetChanged', { datasetId: d.sessionId });
    }
  };
  poll();
  // Unref'd: the watch alone never keeps a CLI or a test process alive.
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
