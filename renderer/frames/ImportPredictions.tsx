import { useState, type FormEvent } from 'react';
import { importReportLines } from '../../contract';
import { useApi, usePlatform } from '../data/ClientContext';
import { rankedBy, useDatasetStore } from '../data/useDatasetStore';

/**
 * Imports a prediction file as a run of the open dataset and ranks the frames by it, worst
 * first. The desktop offers a file dialog; a typed path works everywhere.
 */
export function ImportPredictions() {
  const api = useApi();
  const platform = usePlatform();
  const dataset = useDatasetStore((s) => s.dataset);
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What the import read (format, records, pairing, unknown images, joints, unit check).
  const [note, setNote] = useState<{ run: string; lines: string[] } | null>(null);
  if (!dataset) return null;

  const run = async (file: string) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const r = await api.importPredictions({ datasetId: dataset.id, file });
      setNote({ run: r.name, lines: importReportLines(r.read) });
      const s = useDatasetStore.getState();
      s.setDataset(await api.datasetInfo({ datasetId: dataset.id }));
      s.setOrder({ ...rankedBy(dataset.format), runId: r.id });
      setOpen(false);
      setPath('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const choose = async () => {
    if (!platform.pickFile) return setOpen((o) => !o);
    const file = await platform.pickFile([
      { name: 'Predictions', extensions: ['json', 'npz', 'npy'] },
    ]);
    if (file) await run(file);
  };
  const close = () => {
    setOpen(false);
    setError(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void run(path.trim());
  };

  return (
    <div className="import-predictions">
      <button type="button" onClick={() => void choose()} disabled={busy}>
        {busy ? 'Importing…' : 'Import predictions…'}
      </button>
      {open && (
        <form
          className="popover"
          onSubmit={submit}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <div className="popover-row">
            <label>
              Prediction file or MMPose folder (RootNet JSON, COCO results, MMPose, .npy/.npz)
              <input
                aria-label="Prediction file"
                value={path}
                onChange={(e) => setPath(e.target.value)}
                placeholder="/path/to/predictions.json"
                spellCheck={false}
                autoFocus
              />
            </label>
            <button type="submit" disabled={busy || !path.trim()}>
              Import
            </button>
            <button type="button" aria-label="Close" title="Close (Esc)" onClick={close}>
              ×
            </button>
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </form>
      )}
      {error && !open && (
        <p role="alert" className="error popover-error">
          {error}{' '}
          <button type="button" onClick={() => setError(null)}>
            dismiss
          </button>
        </p>
      )}
      {note && (
        <div role="status" className="popover-error import-note">
          <strong>{note.run}</strong>
          <ul>
            {note.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setNote(null)}>
            dismiss
          </button>
        </div>
      )}
    </div>
  );
}
