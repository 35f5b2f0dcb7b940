import { useMemo, useState } from 'react';
import { DEFAULT_RANKING_TOLERANCE_MM, type Skeleton } from '../../core';
import { signedMm } from './format';
import { gridLayout, MatrixGrid, type MatrixKind, type Pair } from './MatrixGrid';
import {
  RANK_BEHIND,
  RANK_FRONT,
  RANK_TIE,
  buildRankingCells,
  rankWords,
  type Joints3,
} from './rankingCells';
import './panels.css';

export interface RankingMatrixProps {
  readonly skeleton: Skeleton;
  /** Ground-truth joints, camera space (mm); null joints are missing. */
  readonly gt: Joints3 | null;
  readonly pred: Joints3 | null;
  /** A ranking model's stored P[i][j] = P(joint i behind joint j); shown instead of `pred`'s matrix. */
  readonly predMatrix?: number[][];
  readonly toleranceMm?: number;
  /** The pair the rest of the inspector points at; a hovered cell takes precedence. */
  readonly highlight?: [number, number] | null;
  readonly onHoverPair?: (pair: [number, number] | null) => void;
  /**
   * Editing: a click asks for cell (i, j) of the ground truth to read `order` (−1 i in front,
   * 0 level, 1 behind): the prediction's order from its matrices, the opposite from the labels'.
   */
  readonly onImpose?: (i: number, j: number, order: -1 | 0 | 1) => void;
  /** Name of the prediction's source (a run) for titles. */
  readonly predLabel?: string;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function dz(joints: Joints3 | null, i: number, j: number): number {
  const a = joints?.[i];
  const b = joints?.[j];
  return a && b ? a[2] - b[2] : NaN;
}

/** DRPose3D depth-ranking matrices of one person: ground truth, prediction and their difference. */
export function RankingMatrix(props: RankingMatrixProps) {
  const { skeleton, gt, pred, predMatrix, highlight, onHoverPair } = props;
  const tol = props.toleranceMm ?? DEFAULT_RANKING_TOLERANCE_MM;
  const predName = props.predLabel ?? 'prediction';
  const cells = useMemo(
    () => buildRankingCells({ gt, pred, predMatrix, toleranceMm: tol }),
    [gt, pred, predMatrix, tol],
  );
  const [hover, setHover] = useState<Pair | null>(null);
  const names = useMemo(() => skeleton.joints.map((j) => j.name), [skeleton]);
  const layout = useMemo(() => gridLayout(names), [names]);

  if (!cells) {
    return (
      <section className="panel rank-panel" aria-label="Depth ranking matrix">
        <p className="panel-empty">no 3D labels: the ranking matrix needs joint depths</p>
      </section>
    );
  }
  if (cells.size !== names.length) {
    return (
      <section className="panel rank-panel" aria-label="Depth ranking matrix">
        <p className="panel-empty">
          the labels have {cells.size} joints but {skeleton.label} has {names.length}
        </p>
      </section>
    );
  }

  const active = hover ?? highlight ?? null;
  const pick = (pair: [number, number] | null) => {
    const same = pair === hover || (pair && hover && pair[0] === hover[0] && pair[1] === hover[1]);
    if (same) return;
    setHover(pair);
    onHoverPair?.(pair);
  };
  const fromMatrix = cells.source === 'matrix';
  const gtText = (i: number, j: number) => {
    const d = dz(gt, i, j);
    return `GT ${rankWords(cells.gt[i]![j]!)}${Number.isFinite(d) ? ` (Δz ${signedMm(d)})` : ''}`;
  };
  const predText = (i: number, j: number) => {
    if (!cells.pred) return '';
    const rank = rankWords(cells.pred[i]![j]!);
    if (fromMatrix) return `${predName} ${rank} (P = ${cells.predProb![i]![j]!.toFixed(2)})`;
    const d = dz(pred, i, j);
    return `${predName} ${rank}${Number.isFinite(d) ? ` (Δz ${signedMm(d)})` : ''}`;
  };
  const describe = (kind: MatrixKind) => (i: number, j: number) => {
    const head = `${names[i]} vs ${names[j]}: `;
    if (kind === 'gt') return head + gtText(i, j);
    if (kind === 'pred') return head + predText(i, j);
    return `${head}${gtText(i, j)} · ${predText(i, j)}`;
  };
  const grid = (kind: MatrixKind, title: string) => (
    <figure className="rank-figure">
      <figcaption>{title}</figcaption>
      <MatrixGrid
        kind={kind}
        names={names}
        layout={layout}
        prob={kind === 'gt' ? cells.gtProb : cells.predProb!}
        agreeProb={cells.gtProb}
        disagree={cells.disagree ?? undefined}
        active={active}
        describe={describe(kind)}
        onPair={pick}
        onCell={
          props.onImpose
            ? (i, j) => {
                const from = kind === 'gt' ? cells.gt : cells.pred;
                const v = from?.[i]?.[j];
                if (v === undefined || Number.isNaN(v)) return;
                const order = (kind === 'gt' ? (v === 0 ? -1 : -v) : v) as -1 | 0 | 1;
                props.onImpose!(i, j, order);
              }
            : undefined
        }
      />
    </figure>
  );

  return (
    <section className="panel rank-panel" aria-label="Depth ranking matrix">
      <header className="panel-head">
        <h3>Depth ranking</h3>
        {cells.accuracy ? (
          <p className="rank-summary">
            <strong className={cells.disagreeing > 0 ? 'rank-bad' : undefined}>
              {cells.disagreeing} of {cells.accuracy.total}
            </strong>{' '}
            pairs disagree ·{' '}
            {cells.source === 'matrix' ? (
              <span title="From the network's own pairwise depth-order matrix (DRPose3D's ranking output), thresholded at 0.5: not the figure People and Metrics show, which compares the predicted 3D pose's depths">
                matrix ranking accuracy
              </span>
            ) : (
              <span title="From the predicted 3D pose's joint depths (pairs closer than 100 mm count as equal): the figure People and Metrics show">
                3D-pose ranking accuracy
              </span>
            )}{' '}
            <strong>{pct(cells.accuracy.accuracy)}</strong>
            {cells.separable && cells.separable.total > 0 && (
              <span className="muted">
                {' '}
                ({pct(cells.separable.accuracy)} of {cells.separable.total} pairs GT separates)
              </span>
            )}
          </p>
        ) : (
          <p className="rank-summary muted">
            no prediction for this person: showing the ground truth only
          </p>
        )}
        {predMatrix !== undefined && cells.source !== 'matrix' && (
          <p className="rank-summary muted">
            the stored ranking matrix is not {names.length}×{names.length}: it is left out
          </p>
        )}
      </header>
      <div className="rank-grids">
        {grid('gt', 'Ground truth')}
        {cells.pred && grid('pred', fromMatrix ? `${predName} (network P)` : predName)}
        {cells.pred && grid('diff', 'Difference')}
      </div>
      <p className="rank-readout" aria-live="polite">
        {active ? (
          describe(cells.pred ? 'diff' : 'gt')(active[0], active[1])
        ) : (
          <span className="muted">hover a cell: row joint i against column joint j</span>
        )}
      </p>
      <ul className="panel-legend">
        <li>
          <span className="legend-swatch" style={{ background: RANK_FRONT }} />i in front of j
        </li>
        <li>
          <span className="legend-swatch" style={{ background: RANK_TIE }} />
          within ±{tol} mm
        </li>
        <li>
          <span className="legend-swatch" style={{ background: RANK_BEHIND }} />i behind j
        </li>
        {cells.pred && (
          <li>
            <span className="legend-swatch disagree" />
            disagrees (prediction's rank shown)
          </li>
        )}
      </ul>
    </section>
  );
}
