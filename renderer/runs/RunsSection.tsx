import { useState } from 'react';
import { datasetKind, errorMessage, type RunInfo } from '../../contract';
import { useApi } from '../data/ClientContext';
import { rankedBy, useDatasetStore } from '../data/useDatasetStore';
import { runColor } from '../theme/sources';
import { ErrorNote } from '../ui/ErrorNote';
import { isLive, useJobsStore } from './useJobsStore';

const fixed = (v: number | null | undefined, digits: number, unit = '') =>
  v === null || v === undefined ? '—' : `${v.toFixed(digits)}${unit}`;

/** The run's headline figures: MPJPE and 3DPCK for a 3D set, AP and PCK for a 2D one. */
function headline(run: RunInfo, kind: '3d' | '2d'): string {
  const s = run.summary;
  if (!s) return run.kind === 'inference' && run.status !== 'done' ? 'not scored yet' : '—';
  return kind === '3d'
    ? `MPJPE ${fixed(s.MPJPE, 1, ' mm')} · 3DPCK ${fixed(s.PCK3D_rel, 1, ' %')}`
    : `AP ${fixed(s.AP_OKS, 3)} · PCK ${fixed(s.PCK2D, 1, ' %')}`;
}

type Asking = { kind: 'rename'; name: string } | { kind: 'delete' } | { kind: 'rerun' };

/** One run's row: what it is, its figures, and what can be done with it. */
function RunRow({ run, index }: { run: RunInfo; index: number }) {
  const api = useApi();
  const dataset = useDatasetStore((s) => s.dataset)!;
  const primary = useDatasetStore((s) => s.order.runId);
  const job = useJobsStore((s) =>
    [...s.jobs.values()].find((j) => j.datasetId === dataset.id && j.runId === run.id && isLive(j)),
  );
  const [asking, setAsking] = useState<Asking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) => {
    setError(null);
    p.then(
      () => setAsking(null),
      (e: unknown) => setError(errorMessage(e)),
    );
  };
  const ids = { datasetId: dataset.id, runId: run.id };
  // A run left "running" with no job behind it stopped when the app or its worker did.
  const status = job
    ? `${job.state} ${job.done}/${job.total}`
    : run.status === 'running'
      ? 'interrupted'
      : run.status === 'cancelled'
        ? 'stopped'
        : (run.status ?? 'imported');
  return (
    <tr aria-label={`run ${run.name}`}>
      <td>
        <span className="swatch" style={{ background: runColor(index) }} />
        {asking?.kind === 'rename' ? (
          <form
            className="run-rename"
            onSubmit={(e) => {
              e.preventDefault();
              act(api.renameRun({ ...ids, name: asking.name }));
            }}
          >
            <input
              aria-label="New run name"
              value={asking.name}
              maxLength={80}
              autoFocus
              onChange={(e) => setAsking({ kind: 'rename', name: e.target.value })}
            />
            <button type="submit">Rename</button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <span className="run-name" title={run.name}>
            {run.name}
          </span>
        )}
        <ErrorNote error={error} />
      </td>
      <td>{run.kind}</td>
      <td className={run.status === 'failed' ? 'run-failed' : undefined}>{status}</td>
      <td className="num">{run.predictions.toLocaleString()}</td>
      <td className="num">{run.frames === null ? 'all' : run.frames.toLocaleString()}</td>
      <td>{headline(run, datasetKind(dataset.format))}</td>
      <td className="run-actions">
        {asking?.kind === 'delete' || asking?.kind === 'rerun' ? (
          <span role="alertdialog" aria-label={`${asking.kind} ${run.name}`}>
            {asking.kind === 'delete'
              ? `Delete ${run.name}? Its predictions, metrics and artifacts go; labels and edits stay.`
              : `Start ${run.name} over? Its results so far are dropped.`}{' '}
            <button
              type="button"
              className="danger"
              onClick={() =>
                act(
                  asking.kind === 'delete'
                    ? api.deleteRun(ids)
                    : api.resumeRun({ ...ids, rerun: true }),
                )
              }
            >
              {asking.kind === 'delete' ? 'Delete' : 'Re-run'}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            <button
              type="button"
              aria-pressed={primary === run.id}
              disabled={run.predictions === 0}
              title="rank the frame list by this run"
              onClick={() =>
                useDatasetStore.getState().setOrder({ runId: run.id, ...rankedBy(dataset.format) })
              }
            >
              {primary === run.id ? '★ primary' : '☆ make primary'}
            </button>
            {run.resumable && !job && run.status !== 'done' && (
              <button type="button" onClick={() => act(api.resumeRun({ ...ids, rerun: false }))}>
                Resume
              </button>
            )}
            {run.resumable && !job && (
              <button type="button" onClick={() => setAsking({ kind: 'rerun' })}>
                Re-run…
              </button>
            )}
            <button
              type="button"
              disabled={job !== undefined}
              onClick={() => setAsking({ kind: 'rename', name: run.name })}
            >
              Rename
            </button>
            <button
              type="button"
              disabled={job !== undefined}
              title={job ? 'stop its run first' : undefined}
              onClick={() => setAsking({ kind: 'delete' })}
            >
              Delete…
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** The open dataset's runs: rename, delete, make primary, resume or start over. */
export function RunsSection() {
  const dataset = useDatasetStore((s) => s.dataset);
  if (!dataset) return null;
  return (
    <section className="runs-section" aria-label="Runs">
      <h3>Runs on {dataset.name}</h3>
      {dataset.runs.length === 0 ? (
        <p className="muted">No runs yet: Run… a model, or import a prediction file.</p>
      ) : (
        <table className="runs-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Kind</th>
              <th>Status</th>
              <th className="num">Predictions</th>
              <th className="num">Frames</th>
              <th>Figures</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {dataset.runs.map((r, i) => (
              <RunRow key={r.id} run={r} index={i} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
