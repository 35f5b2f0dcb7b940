import type { DatasetInfo, Frame } from '../../contract';
import { useFrame } from '../hooks/useFrame';
import { useDatasetStore } from '../state/useDatasetStore';
import type { useFramePages } from '../state/useFramePages';
import { runColor } from '../theme/sources';
import { FrameImage } from './FrameImage';

const mm = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} mm`);

function FrameDetails({ frame, dataset }: { frame: Frame; dataset: DatasetInfo }) {
  const where = [frame.subject, frame.action, frame.sequence, frame.camera]
    .filter(Boolean)
    .join(' · ');
  return (
    <aside className="frame-details" aria-label="Frame details">
      <h2 title={frame.file}>{frame.file}</h2>
      <p className="muted">
        {where || 'no group'} · {frame.width ?? '?'}×{frame.height ?? '?'} px
        {frame.intrinsics && ` · f ${frame.intrinsics.f[0].toFixed(0)} px`}
      </p>
      <h3>People</h3>
      <table className="people">
        <thead>
          <tr>
            <th>#</th>
            <th>root depth</th>
            {dataset.runs.map((r, i) => (
              <th key={r.id} style={{ color: runColor(i) }}>
                {r.name} MPJPE
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {frame.people.map((p) => {
            const root = p.joints3d?.[0];
            return (
              <tr key={p.instanceId} className={p.flags ? 'flagged' : undefined}>
                <td>{p.person + 1}</td>
                <td>{root ? `${(root[2] / 1000).toFixed(2)} m` : '—'}</td>
                {dataset.runs.map((r) => {
                  const pred = frame.predictions.find(
                    (q) => q.runId === r.id && q.instanceId === p.instanceId,
                  );
                  return <td key={r.id}>{pred ? mm(pred.mpjpe) : 'missed'}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {frame.people.length === 0 && <p className="muted">No people are annotated in this frame.</p>}
    </aside>
  );
}

/** One frame: the image with every source's skeletons, and the people's figures beside it. */
export function FrameView({
  pages,
  generation,
  resetKey,
}: {
  pages: ReturnType<typeof useFramePages>['pages'];
  generation: number;
  resetKey: number;
}) {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const position = useDatasetStore((s) => s.position);
  const row = pages.row(position);
  const { frame, error } = useFrame(dataset.id, row?.imageId, generation);
  return (
    <section className="frame-view" aria-label="Frame inspector">
      <div className="frame-nav muted">
        Frame {position + 1} of {pages.total ?? '…'} · ←/→ previous/next · Esc back to the grid
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {frame && frame.imageId === row?.imageId ? (
        <div className="frame-body">
          <FrameImage frame={frame} runs={dataset.runs} resetKey={resetKey} />
          <FrameDetails frame={frame} dataset={dataset} />
        </div>
      ) : (
        !error && <p className="muted loading">Loading frame…</p>
      )}
    </section>
  );
}
