import { useState } from 'react';
import { jointSide } from '../../core';
import { useDatasetStore } from '../data/useDatasetStore';
import { jointColor } from '../theme/palette';
import { jointRows, sortJointRows, type JointSort } from './jointRows';
import type { PersonPanelProps } from './personPanelViews';

const VISIBILITY = ['unlabelled', 'hidden', 'visible'];
const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));

/**
 * Every joint of the person: label visibility, the prediction's distance from the label (image
 * px; root-relative mm when both are 3D) and the model's per-joint score, sortable to find the
 * joints a model got wrong or was unsure of. Hovering a row marks the joint on the image and in 3D.
 */
export function JointsPanel({ person, prediction, skeleton, run, noRun }: PersonPanelProps) {
  const [sort, setSort] = useState<JointSort>('joint');
  const setHighlight = useDatasetStore((s) => s.setHighlight);
  const rows = sortJointRows(jointRows(skeleton, person, prediction), sort);
  const has3d = rows.some((r) => r.errorMm !== null);
  const hasScores = rows.some((r) => r.score !== null);
  const header = (label: string, by: JointSort) => (
    <th className="num">
      <button
        type="button"
        className={sort === by ? 'sort active' : 'sort'}
        onClick={() => setSort(by)}
        aria-pressed={sort === by}
      >
        {label}
      </button>
    </th>
  );
  return (
    <div className="panel joints-panel">
      <p className="muted">
        {noRun ??
          (prediction
            ? `${run?.name ?? 'prediction'}${hasScores ? '' : ': no per-joint scores in this run'}`
            : `${run?.name ?? 'the run'} has no prediction paired with this person`)}
      </p>
      <table className="joint-rows">
        <thead>
          <tr>
            <th>
              <button
                type="button"
                className={sort === 'joint' ? 'sort active' : 'sort'}
                onClick={() => setSort('joint')}
                aria-pressed={sort === 'joint'}
              >
                joint
              </button>
            </th>
            <th>label</th>
            {header(has3d ? 'error mm' : 'error px', 'error')}
            {header('score', 'score')}
          </tr>
        </thead>
        <tbody onMouseLeave={() => setHighlight(null)}>
          {rows.map((r) => (
            <tr
              key={r.joint}
              className={r.labelled ? undefined : 'unlabelled'}
              onMouseEnter={() => setHighlight([r.joint, r.joint])}
            >
              <td>
                <span
                  className="side-dot"
                  style={{ background: jointColor(skeleton.joints[r.joint]!) }}
                  title={jointSide(skeleton.joints[r.joint]!)}
                />
                {r.name}
              </td>
              <td className="muted">
                {r.visibility === null
                  ? r.labelled
                    ? 'labelled'
                    : 'unlabelled'
                  : (VISIBILITY[r.visibility] ?? r.visibility)}
              </td>
              <td className="num">{fixed(has3d ? r.errorMm : r.errorPx, 1)}</td>
              <td className="num">
                {r.score === null ? (
                  '—'
                ) : (
                  <span
                    className="score"
                    title={r.score.toFixed(3)}
                    style={{ '--score': `${Math.max(0, Math.min(1, r.score)) * 100}%` } as never}
                  >
                    {r.score.toFixed(2)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
