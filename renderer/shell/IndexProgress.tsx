import { useCallback } from 'react';
import type { IndexProgress as Progress } from '../../contract';
import { useEvent } from '../data/ClientContext';
import { useDatasetStore } from '../data/useDatasetStore';

/** The indexing bar, fed by the main side's progress events while a folder is being opened. */
export function IndexProgress() {
  const progress = useDatasetStore((s) => s.progress);
  const onProgress = useCallback((p: Progress) => {
    const s = useDatasetStore.getState();
    if (s.progress === null || s.progress.path !== p.path) return;
    if (p.phase === 'indexing') s.setProgress(p);
    // The end of a folder shown while it was indexed: the open call returned long ago.
    else if (s.dataset?.root === p.path && s.dataset.indexing) {
      s.setProgress(null);
      if (p.phase === 'failed')
        s.setError(`indexing ${p.path} failed: ${p.error ?? 'unknown error'}`);
    }
  }, []);
  useEvent('indexProgress', onProgress);
  const partial = useDatasetStore((s) => s.dataset?.indexing === true);
  if (!progress) return null;
  const pct = progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <div className="index-progress" role="status" aria-live="polite">
      <span>
        Indexing {progress.path}
        {partial && ' · showing the frames read so far'}
      </span>
      <progress max={100} value={pct} />
      <span className="muted">{pct}%</span>
    </div>
  );
}
