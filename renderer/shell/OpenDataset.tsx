import { useEffect, useState, type FormEvent } from 'react';
import {
  DATASET_FORMATS,
  type AppInfo,
  type DatasetFormat,
  type RecentDataset,
} from '../../contract';
import { useApi, usePlatform } from '../data/ClientContext';
import { useOpenDataset } from '../data/useOpenDataset';
import { useDatasetStore } from '../data/useDatasetStore';
import { ErrorNote } from '../ui/ErrorNote';

/** Human names of the dataset formats; a format without one is shown by its id. */
const FORMAT_LABELS: Partial<Record<DatasetFormat, string>> = {
  h36m: 'Human3.6M',
  mupots: 'MuPoTS-3D',
  coco: 'COCO-style keypoints',
  mpi3dhp: 'MPI-INF-3DHP test set',
  panoptic: 'CMU Panoptic',
  '3dpw': '3DPW',
  mpii: 'MPII (JSON list)',
  images: 'image folder',
};

export const formatLabel = (format: DatasetFormat): string => FORMAT_LABELS[format] ?? format;

/**
 * The folder named by the main side's refusal of annotation-like files it has no reader for
 * (`detectFormat`): such a folder can still be opened as an image folder.
 */
export function unreadableFolder(error: string | null | undefined): string | null {
  return (error && /no reader for the annotation files in (.+?): saw /.exec(error)?.[1]) || null;
}

/**
 * Choosing a dataset (a newer choice replaces one still indexing, so nothing is disabled): the desktop's folder dialog where the shell has one, a typed path always
 * (browser mode, remote servers), the recent list and the bundled sample. "Read as" picks the
 * format of a typed or browsed folder (detected by default); a folder refused for annotation
 * files PoseScope cannot read gets a one-click retry as an image folder.
 */
export function OpenDataset({ info }: { info: AppInfo | null }) {
  const api = useApi();
  const platform = usePlatform();
  const open = useOpenDataset();
  const error = useDatasetStore((s) => s.error);
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<DatasetFormat | ''>('');
  const asImages = unreadableFolder(error);
  const [recent, setRecent] = useState<RecentDataset[]>([]);

  useEffect(() => {
    void api.recentDatasets().then(setRecent);
  }, [api]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void open(path.trim(), format ? { format } : {});
  };
  const browse = async () => {
    const picked = await platform.pickFolder?.();
    if (picked) void open(picked, format ? { format } : {});
  };

  return (
    <section className="open-dataset" aria-label="Open a dataset">
      <h2>Open a dataset</h2>
      <p className="muted">
        A Human3.6M (RootNet layout), MuPoTS-3D, MPI-INF-3DHP, CMU Panoptic, 3DPW, COCO-style (COCO,
        CrowdPose, Halpe, COCO-WholeBody) or MPII folder, or a folder of images: the layout is
        detected, or chosen under “Read as”. PoseScope indexes it once into its own cache; the
        folder is never written to.
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
      <label className="read-as">
        Read as
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value as DatasetFormat | '')}
          title="Detect the folder's format from its files, or read it as one format"
        >
          <option value="">Detect</option>
          {DATASET_FORMATS.map((f) => (
            <option key={f} value={f}>
              {formatLabel(f)}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote error={error} />
      {asImages && (
        <div className="open-retry">
          <button
            type="button"
            onClick={() => void open(asImages, { format: 'images' })}
            title={`Index only the images in ${asImages}`}
          >
            Open as an image folder
          </button>
          <span className="muted">indexes its images only, without their annotations</span>
        </div>
      )}
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
