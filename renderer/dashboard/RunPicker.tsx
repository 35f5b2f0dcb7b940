import type { RunInfo } from '../../contract';
import { runColor } from '../theme/sources';

/** Which runs the dashboard compares, and which one the frame list is ranked by. */
export function RunPicker(props: {
  readonly runs: readonly RunInfo[];
  readonly chosen: ReadonlySet<number>;
  readonly primaryId: number | null;
  readonly onToggle: (runId: number) => void;
  readonly onPrimary: (runId: number) => void;
}) {
  const { runs, chosen, primaryId, onToggle, onPrimary } = props;
  return (
    <div className="dash-runs" role="group" aria-label="Runs to compare">
      {runs.map((r, i) => {
        const empty = r.predictions === 0;
        return (
          <span key={r.id} className={chosen.has(r.id) ? 'dash-run-chip on' : 'dash-run-chip'}>
            <label title={empty ? 'this run has no predictions' : `${r.predictions} predictions`}>
              <input
                type="checkbox"
                checked={chosen.has(r.id)}
                disabled={empty}
                onChange={() => onToggle(r.id)}
              />
              <span className="swatch" style={{ background: runColor(i) }} />
              {r.name}
            </label>
            <button
              type="button"
              className={r.id === primaryId ? 'dash-star on' : 'dash-star'}
              aria-label={`rank frames by ${r.name}`}
              aria-pressed={r.id === primaryId}
              title={r.id === primaryId ? 'the primary run' : 'make this the primary run'}
              disabled={empty}
              onClick={() => onPrimary(r.id)}
            >
              {r.id === primaryId ? '★' : '☆'}
            </button>
          </span>
        );
      })}
    </div>
  );
}
