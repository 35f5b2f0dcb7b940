import { useState } from 'react';
import {
  cannotExportOwnLayout,
  errorMessage,
  type DatasetInfo,
  type ExportResult,
} from '../../contract';
import { useApi } from '../data/ClientContext';
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
  const counts = useEditStore((s) => s.counts);
  const [out, setOut] = useState(`${dataset.root}-corrected`);
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
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.exportDataset({
          datasetId: dataset.id,
          out,
          layout,
          onlyEdited,
          images,
          patch: extras,
          report: extras,
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
            void run();
          }}
        >
          <label className="wide">
            Folder
            <input
              aria-label="Export folder"
              value={out}
              onChange={(e) => setOut(e.target.value)}
            />
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
