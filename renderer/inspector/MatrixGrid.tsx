import type { Matrix } from '../../core';
import { rankingColor } from './rankingCells';

export type MatrixKind = 'gt' | 'pred' | 'diff';
export type Pair = readonly [number, number];

export interface GridLayout {
  readonly cell: number;
  readonly font: number;
  readonly labelW: number;
  readonly size: number;
}

/**
 * Cells shrink from 16 px (16 joints) to 10 px (33 joints) so a matrix stays about 260 px wide;
 * below 10 px the 9 px labels would overlap their neighbours.
 */
export function gridLayout(names: readonly string[]): GridLayout {
  const n = names.length;
  const cell = Math.max(10, Math.min(16, Math.floor(260 / Math.max(n, 1))));
  const font = Math.min(11, cell - 1);
  const longest = names.reduce((m, s) => Math.max(m, s.length), 0);
  // 0.6 em per character is a safe upper bound for the UI's sans-serif at these sizes.
  return { cell, font, labelW: Math.ceil(longest * font * 0.6) + 8, size: n };
}

function readPair(e: { readonly target: EventTarget }): [number, number] | null {
  const t = e.target as Element;
  const i = t.getAttribute('data-i');
  const j = t.getAttribute('data-j');
  return i === null || j === null ? null : [Number(i), Number(j)];
}

/** One J×J matrix as SVG: row labels left, column labels on top, rotated to fit 33 joints. */
export function MatrixGrid(props: {
  readonly kind: MatrixKind;
  readonly names: readonly string[];
  readonly layout: GridLayout;
  /** P_ij = P(i behind j), coloured on the diverging scale. */
  readonly prob: Matrix;
  /** Difference view: the ground truth's P, drawn dimmed where the two agree. */
  readonly agreeProb?: Matrix;
  readonly disagree?: readonly (readonly boolean[])[];
  readonly active: Pair | null;
  readonly describe: (i: number, j: number) => string;
  readonly onPair: (pair: [number, number] | null) => void;
  /** A click on an off-diagonal cell (editing imposes an order from it). */
  readonly onCell?: (i: number, j: number) => void;
}) {
  const { kind, names, layout, prob, agreeProb, disagree, active } = props;
  const { cell, font, labelW, size } = layout;
  const grid = cell * size;
  const width = labelW + grid + 2;
  const height = labelW + grid + 2;
  const x0 = labelW;
  const y0 = labelW;
  const cells = [];
  const outlines = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const x = x0 + j * cell;
      const y = y0 + i * cell;
      const key = `${i}-${j}`;
      const common = { x, y, width: cell, height: cell, 'data-i': i, 'data-j': j };
      if (i === j) {
        cells.push(<rect key={key} {...common} className="rank-diag" />);
        continue;
      }
      const off = disagree?.[i]?.[j] === true;
      const p = kind === 'diff' && !off ? agreeProb![i]![j]! : prob[i]![j]!;
      const fill = rankingColor(p);
      const cls = [
        'rank-cell',
        fill === null ? 'unknown' : '',
        kind === 'diff' ? (off ? 'disagree' : 'agree') : '',
      ];
      cells.push(
        <rect
          key={key}
          {...common}
          className={cls.filter(Boolean).join(' ')}
          fill={fill ?? undefined}
          data-disagree={kind === 'diff' ? String(off) : undefined}
        />,
      );
      // Outlines go on top of every fill so a neighbour cannot paint over half the stroke.
      if (off && kind === 'diff') {
        outlines.push(
          <rect
            key={`o${i}-${j}`}
            className="rank-outline"
            x={x + 1}
            y={y + 1}
            width={cell - 2}
            height={cell - 2}
          />,
        );
      }
    }
  }
  const [ai, aj] = active ?? [-1, -1];
  return (
    <svg
      className={`rank-grid rank-${kind}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${kind} ranking matrix, ${size} by ${size} joints`}
    >
      {names.map((name, i) => (
        <text
          key={`r${i}`}
          className={i === ai ? 'rank-label active' : 'rank-label'}
          x={x0 - 4}
          y={y0 + i * cell + cell / 2}
          fontSize={font}
          textAnchor="end"
          dominantBaseline="central"
        >
          {name}
        </text>
      ))}
      {names.map((name, j) => (
        <text
          key={`c${j}`}
          className={j === aj ? 'rank-label active' : 'rank-label'}
          transform={`translate(${x0 + j * cell + cell / 2} ${y0 - 4}) rotate(-90)`}
          fontSize={font}
          dominantBaseline="central"
        >
          {name}
        </text>
      ))}
      <g
        onPointerLeave={() => props.onPair(null)}
        onPointerOver={(e) => {
          const pair = readPair(e);
          if (pair) props.onPair(pair);
        }}
        onClick={(e) => {
          const pair = readPair(e);
          if (pair && pair[0] !== pair[1]) props.onCell?.(pair[0], pair[1]);
        }}
        className={props.onCell ? 'pickable' : undefined}
      >
        {/* One tooltip for the grid, naming the cell under the pointer (it becomes the active
            pair on pointer-over, before the tooltip shows): a title per cell was 272 text
            nodes per matrix rewritten at every frame switch. */}
        {active && <title>{props.describe(ai, aj)}</title>}
        {cells}
      </g>
      <g pointerEvents="none">
        {outlines}
        {active && (
          <>
            <rect className="rank-band" x={x0} y={y0 + ai * cell} width={grid} height={cell} />
            <rect className="rank-band" x={x0 + aj * cell} y={y0} width={cell} height={grid} />
            <rect
              className="rank-mirror"
              x={x0 + ai * cell}
              y={y0 + aj * cell}
              width={cell}
              height={cell}
            />
            <rect
              className="rank-active"
              x={x0 + aj * cell}
              y={y0 + ai * cell}
              width={cell}
              height={cell}
            />
          </>
        )}
      </g>
      <rect className="rank-frame" x={x0} y={y0} width={grid} height={grid} />
    </svg>
  );
}
