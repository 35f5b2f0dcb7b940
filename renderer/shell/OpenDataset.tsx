import { useEffect, useState, type FormEvent } from 'react';
import type { AppInfo, RecentDataset } from '../../contract';
import { useApi, usePlatform } from '../data/ClientContext';
import { useOpenDataset } from '../data/useOpenDataset';
import { useDatasetStore } from '../data/useDatasetStore';
import { ErrorNote } from '../ui/ErrorNote';

/**
 * Choosing a dataset (a newer choice replaces one still indexing, so nothing is disabled): the desktop's folder dialog where the shell has one, a typed path always
 * (browser mode, remote servers), the recent list and the bundled sample.
 */
export function OpenDataset({ info }: { info: AppInfo | null }) {
  const api = useApi();
  const platform = usePlatform();
  const open = useOpenDataset();
  const error = useDatasetStore((s) => s.error);
  const [path, setPath] = useState('');
  const [recent, setRecent] = useState<RecentDataset[]>([]);

  useEffect(() => {
    void api.recentDatasets().then(setRecent);
  }, [api]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void open(path.trim());
  };
  const browse = async () => {
    const picked = await platform.pickFolder?.();
    if (picked) void open(picked);
  };

  return (
    <section className="open-dataset" aria-label="Open a dataset">
      <h2>Open a dataset</h2>
      <p className="muted">
        A Human3.6M (RootNet layout), MuPoTS-3D or COCO folder, or a folder of images. PoseScope
        indexes it once into its own cache; the folder is never written to.
      </p>
      <form onSubmit={submit} className="path-form">
        <input
          aria-label="Dataset folder"
          placeholder="/path/to/dataset"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          spellCheck={false}
          autoFocus
        />
        <button type="submit" disabled={!path.trim()}>
          Open
        </button>
        {platform.pickFolder && (
          <button type="button" onClick={() => void browse()}>
            Browse…
          </button>
        )}
      </form>
      <ErrorNote error={error} />
      {info?.sampleDataset && (
        <button type="button" className="sample" onClick={() => void open(info.sampleDataset!)}>
          Open the bundled sample dataset
        </button>
      )}
      {recent.length > 0 && (
        <>
          <h3>Recent</h3>
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button type="button" onClick={() => void open(r.path)} title={r.path}>
                  <strong>{r.name}</strong> <span className="muted">{r.format ?? ''}</span>
                  <span className="path">{r.path}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
