import {
  FRAME_METRICS,
  FRAME_METRICS_BY_KIND,
  datasetKind,
  worstIsHighest,
  type FrameSortKey,
} from '../../contract';
import { useDatasetStore } from '../data/useDatasetStore';
import { ImportPredictions } from './ImportPredictions';

export const SORT_LABELS: Record<FrameSortKey, string> = {
  file: 'File name',
  people: 'People per image',
  mpjpe: 'MPJPE (worst person)',
  pa_mpjpe: 'PA-MPJPE (worst person)',
  mrpe: 'MRPE (worst person)',
  mrpe_z: '|z| root error (worst person)',
  pck_rel: '3DPCK (worst person)',
  ranking_acc: '3D-pose depth-ranking accuracy (worst person)',
  oks: 'OKS (worst person)',
  pck_2d: '2D PCK (worst person)',
};

const NEEDS_RUN = new Set<string>(FRAME_METRICS);

/** Sort, primary run and filters of the frame list. */
export function FrameToolbar({ total }: { total: number | null }) {
  const dataset = useDatasetStore((s) => s.dataset);
  const order = useDatasetStore((s) => s.order);
  const setOrder = useDatasetStore((s) => s.setOrder);
  if (!dataset) return null;
  const runs = dataset.runs;
  // Only the figures this kind of dataset is scored by: a 2D set has no MPJPE to rank by.
  const sortKeys: FrameSortKey[] = [
    'file',
    'people',
    ...FRAME_METRICS_BY_KIND[datasetKind(dataset.format)],
  ];
  return (
    <div className="toolbar" role="toolbar" aria-label="Frame list">
      <label>
        Sort
        <select
          aria-label="Sort frames by"
          value={order.sort}
          onChange={(e) => {
            const sort = e.target.value as FrameSortKey;
            // Error metrics read worst-first; PCK worst is lowest, so ascending.
            setOrder({
              sort,
              descending: worstIsHighest(sort),
              runId: order.runId ?? runs[0]?.id ?? null,
            });
          }}
        >
          {sortKeys.map((k) => (
            <option key={k} value={k} disabled={NEEDS_RUN.has(k) && runs.length === 0}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-label={order.descending ? 'Descending' : 'Ascending'}
        title="Reverse the order"
        onClick={() => setOrder({ descending: !order.descending })}
      >
        {order.descending ? '↓' : '↑'}
      </button>
      <label>
        Primary run
        <select
          aria-label="Primary run"
          value={order.runId ?? ''}
          onChange={(e) =>
            setOrder({ runId: e.target.value === '' ? null : Number(e.target.value) })
          }
        >
          <option value="">ground truth only</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <ImportPredictions />
      <span className="muted count">
        {total === null ? '…' : `${total.toLocaleString()} frame${total === 1 ? '' : 's'}`}
      </span>
    </div>
  );
}
