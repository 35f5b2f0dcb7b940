import { datasetKind, type DatasetInfo, type Frame } from '../../contract';
import { getSkeleton } from '../../core';
import { useDatasetStore } from '../data/useDatasetStore';
import { runColor } from '../theme/sources';
import { rootOf } from '../inspector/personDepths';

const mm = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} mm`);
const oks = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** The frame's people with each run's error; clicking a row selects the person for the panels. */
export function FrameDetails({
  frame,
  dataset,
  selected,
}: {
  frame: Frame;
  dataset: DatasetInfo;
  selected: number | null;
}) {
  const select = useDatasetStore((s) => s.selectInstance);
  const skeleton = getSkeleton(frame.skeleton);
  // A 2D set's people are scored by OKS; MPJPE needs 3D.
  const is3d = datasetKind(dataset.format) === '3d';
  const where = [frame.subject, frame.action, frame.sequence, frame.camera]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className="frame-details" aria-label="Frame details">
      <h2 title={frame.file} data-image-id={frame.imageId}>
        {frame.file}
      </h2>
      <p className="muted">
        {where || 'no group'} · {frame.width ?? '?'}×{frame.height ?? '?'} px
        {frame.intrinsics && ` · f ${frame.intrinsics.f[0].toFixed(0)} px`}
      </p>
      <table className="people">
        <thead>
          <tr>
            <th>#</th>
            {is3d && <th>root depth</th>}
            {dataset.runs.map((r, i) => (
              <th key={r.id} style={{ color: runColor(i) }}>
                {r.name} {is3d ? 'MPJPE' : 'OKS'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {frame.people.map((p) => {
            const root = rootOf(p.joints3d, skeleton.root);
            const classes = [p.flags ? 'flagged' : '', p.instanceId === selected ? 'selected' : '']
              .join(' ')
              .trim();
            return (
              <tr
                key={p.instanceId}
                className={classes || undefined}
                onClick={() => select(p.instanceId)}
                aria-selected={p.instanceId === selected}
              >
                <td>{p.person + 1}</td>
                {is3d && <td>{root ? `${(root[2] / 1000).toFixed(2)} m` : '—'}</td>}
                {dataset.runs.map((r) => {
                  const pred = frame.predictions.find(
                    (q) => q.runId === r.id && q.instanceId === p.instanceId,
                  );
                  const v = pred ? (is3d ? mm(pred.mpjpe) : oks(pred.oks)) : 'missed';
                  return <td key={r.id}>{v}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {frame.people.length === 0 && <p className="muted">No people are annotated in this frame.</p>}
    </div>
  );
}
