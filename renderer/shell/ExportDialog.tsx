import { useEffect, useState } from 'react';
import {
  cannotExportOwnLayout,
  errorMessage,
  type DatasetInfo,
  type ExportResult,
} from '../../contract';
import { useApi, usePlatform } from '../data/ClientContext';
import { useEditStore } from '../data/useEditStore';
import { ErrorNote } from '../ui/ErrorNote';

const kb = (bytes: number) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;

/**
 * Export the corrected dataset: into a folder outside the dataset, in its own layout (or COCO
 * keypoints from any dataset), with the images linked beside it so the folder opens as a whole
 * dataset, plus the corrections patch and the before/after metrics report.
 */
export function ExportDialog({ dataset, onClose }: { dataset: DatasetInfo; onClose(): void }) {
  const api = useApi();
  const platform = usePlatform();
  const counts = useEditStore((s) => s.counts);
  // Asked for, not put beside the dataset (often shared or read-only storage): empty the first
  // time, then beside the last export.
  const [out, setOut] = useState('');
  const [confirm, setConfirm] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api
      .exportTarget({ datasetId: dataset.id, out: '' })
      .then((t) => live && t.suggested && setOut((o) => o || t.suggested!));
    return () => {
      live = false;
    };
  }, [api, dataset.id]);
  // Image folders have no annotations of their own, and MPI-INF-3DHP's .mat files are not written.
  const ownLayout = cannotExportOwnLayout(dataset.format) === null;
  const [layout, setLayout] = useState<'own' | 'coco-keypoints'>(
    ownLayout ? 'own' : 'coco-keypoints',
  );
  const [onlyEdited, setOnlyEdited] = useState(false);
  const [images, setImages] = useState(true);
  const [extras, setExtras] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const run = async (replace: boolean) => {
    setBusy(true);
    setError(null);
    setConfirm(null);
    try {
      if (!replace) {
        // A folder that holds something is only written over once the user has seen what.
        const t = await api.exportTarget({ datasetId: dataset.id, out });
        if (t.problem) return setError(t.problem);
        if (t.holds) return setConfirm(`${t.out} already holds ${t.holds}.`);
      }
      setResult(
        await api.exportDataset({
          datasetId: dataset.id,
          out,
          layout,
          onlyEdited,
          images,
          patch: extras,
          report: extras,
          replace,
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div
        className="sheet export-sheet"
        role="dialog"
        aria-label="Export"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Export {dataset.name}</h2>
        <p className="muted">
          {counts ? `${counts.undo} correction${counts.undo === 1 ? '' : 's'} applied` : ''} · the
          labels as PoseScope holds them, every field it does not understand passed through
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(false);
          }}
        >
          <label className="wide">
            Folder
            <span className="folder-row">
              <input
                aria-label="Export folder"
                value={out}
                placeholder="a folder outside the dataset, e.g. ~/exports/h36m-corrected"
                onChange={(e) => {
                  setOut(e.target.value);
                  setConfirm(null);
                }}
                autoFocus
              />
              {platform.pickFolder && (
                <button
                  type="button"
                  onClick={() =>
                    void platform.pickFolder?.().then((p) => {
                      if (p) setOut(p);
                    })
                  }
                >
                  Choose…
                </button>
              )}
            </span>
          </label>
          <label>
            Layout
            <select
              aria-label="Export layout"
              value={layout}
              onChange={(e) => setLayout(e.target.value as 'own' | 'coco-keypoints')}
            >
              {ownLayout && <option value="own">{dataset.format} (the dataset&apos;s own)</option>}
              <option value="coco-keypoints">COCO person keypoints</option>
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={onlyEdited}
              onChange={(e) => setOnlyEdited(e.target.checked)}
            />
            only frames with a correction
          </label>
          <label className="check">
            <input type="checkbox" checked={images} onChange={(e) => setImages(e.target.checked)} />
            link the images too (opens as a whole dataset)
          </label>
          <label className="check">
            <input type="checkbox" checked={extras} onChange={(e) => setExtras(e.target.checked)} />
            corrections patch and before/after metrics report
          </label>
          <div className="sheet-actions">
            <button type="submit" disabled={busy || out.trim() === ''}>
              {busy ? 'Exporting…' : 'Export'}
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </form>
        {confirm && (
          <div className="export-confirm" role="alertdialog" aria-label="Replace export">
            <p>{confirm} Replace it?</p>
            <button type="button" onClick={() => void run(true)} disabled={busy}>
              Replace
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        )}
        <ErrorNote error={error} />
        {result && (
          <div className="export-result" role="status">
            <p>
              Wrote {result.images} images and {result.people} people to {result.out}
              {result.linkedImages > 0 && ` · ${result.linkedImages} images linked`}
              {result.missingImages > 0 && ` · ${result.missingImages} images missing`}
              {result.patchEdits !== null && ` · ${result.patchEdits} edits in the patch`}
            </p>
            <ul>
              {result.files.map((f) => (
                <li key={f.path}>
                  {f.path} <span className="muted">{kb(f.bytes)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
