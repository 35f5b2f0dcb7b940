import { useCallback } from 'react';
import type { IndexProgress as Progress } from '../../contract';
import { useEvent } from '../api/ClientContext';
import { useDatasetStore } from '../state/useDatasetStore';

/** The indexing bar, fed by the main side's progress events while a folder is being opened. */
export function IndexProgress() {
  const progress = useDatasetStore((s) => s.progress);
  const onProgress = useCallback((p: Progress) => {
    if (useDatasetStore.getState().progress !== null && p.phase === 'indexing')
      useDatasetStore.getState().setProgress(p);
  }, []);
  useEvent('indexProgress', onProgress);
  if (!progress) return null;
  const pct = progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <div className="index-progress" role="status" aria-live="polite">
      <span>Indexing {progress.path}</span>
      <progress max={100} value={pct} />
      <span className="muted">{pct}%</span>
    </div>
  );
}
