import { runsSignature } from '../store/runs/runAdmin';
import type { OpenDatasets } from './openDatasets';
import type { ServiceOptions } from './serviceOptions';

/** How often the open datasets' runs are compared with the last look (ms). */
export const RUN_WATCH_MS = 2000;

/**
 * Tells the UI when another process changes an open dataset's runs — `posescope infer` or `eval`
 * in a terminal while the app is open write the same index file, and nothing else would say so.
 * Every `intervalMs` each dataset's run signature is read on its read-only connection and
 * `datasetChanged` is emitted when it differs from the last poll's. The app's own writes are not
 * told twice: whoever emits `datasetChanged` for them calls `ours`, which takes the runs as they
 * now are for the baseline (an extra event would refetch every view mid-edit). Returns the stop
 * and `ours`.
 */
export function watchRuns(
  open: Pick<OpenDatasets, 'list'>,
  emit: ServiceOptions['emit'],
  intervalMs: number = RUN_WATCH_MS,
): { stop(): void; ours(datasetId: number): void } {
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
  return {
    stop: () => clearInterval(timer),
    ours(datasetId) {
      const d = open.list().find((x) => x.sessionId === datasetId);
      if (!d) return;
      try {
        last.set(datasetId, runsSignature(d.reader, d.dbId));
      } catch {
        last.delete(datasetId);
      }
    },
  };
}
