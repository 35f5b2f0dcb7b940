import { useMemo, useState } from 'react';
import { binChartGeometry, type BinBar, type Marker } from './binAxis';
import { metres, signedMm } from './format';
import './panels.css';

export interface DepthBinsChartProps {
  /** The run the distribution is from, named in the empty state. */
  readonly runName?: string | undefined;
  /** N_B bin probabilities (HDNet); null or empty when the run's model has none. */
  readonly probs: readonly number[] | null;
  readonly alpha?: number;
  readonly beta?: number;
  /** f = √(fx·fy) of this image, px; null when the frame has no intrinsics. */
  readonly focal: number | null;
  readonly gtDepthMm?: number;
  /** The run's decoded root depth; the soft-argmax of `probs` (HDNet Eq. 7) when absent. */
  readonly predDepthMm?: number;
  /** Clicking a bar hands back its centre depth (mm). */
  readonly onPickDepth?: (mm: number) => void;
  readonly width?: number;
  readonly height?: number;
  /** The run's colour (theme/sources.ts). */
  readonly color?: string;
}

function Empty({ text }: { readonly text: string }) {
  return (
    <section className="panel bins-panel" aria-label="Root depth bins">
      <p className="panel-empty">{text}</p>
    </section>
  );
}

/** Says where a depth beyond the bins' range is, beside the edge its marker is pinned to. */
function EdgeNote(props: {
  readonly m: Marker;
  readonly label: string;
  readonly x: number;
  readonly y: number;
}) {
  const { m, label, x, y } = props;
  if (!m.clamped) return null;
  const right = m.x >= x;
  return (
    <text
      className="bins-edge-note"
      x={right ? m.x - 5 : m.x + 5}
      y={y}
      textAnchor={right ? 'end' : 'start'}
    >
      {right ? `${label} ${metres(m.mm)} ▸` : `◂ ${label} ${metres(m.mm)}`}
    </text>
  );
}

/** HDNet root-depth bin distribution on a metre axis for this image's focal length. */
export function DepthBinsChart(props: DepthBinsChartProps) {
  const { probs, focal, onPickDepth, gtDepthMm, predDepthMm, alpha, beta } = props;
  const width = props.width ?? 560;
  const height = props.height ?? 230;
  const color = props.color ?? '#56B4E9';
  const [hover, setHover] = useState<number | null>(null);
  const g = useMemo(
    () =>
      probs && probs.length >= 2 && focal !== null && focal > 0
        ? binChartGeometry({ probs, focal, alpha, beta, gtDepthMm, predDepthMm, width, height })
        : null,
    [probs, focal, alpha, beta, gtDepthMm, predDepthMm, width, height],
  );
  if (!probs || probs.length < 2) {
    return (
      <Empty
        text={`${props.runName ?? 'this run'} has no depth-bin distribution: its model family does not produce one`}
      />
    );
  }
  if (!g)
    return <Empty text="no camera intrinsics: the depth bins need this image's focal length" />;

  const { plot, bars } = g;
  const labelBins = new Map(g.gtLabel.map((b) => [b.index, b.weight]));
  const hovered: BinBar | undefined = hover === null ? undefined : bars[hover];
  const stripY = plot.bottom + 3;
  const predName = g.pred.computed ? 'soft-argmax' : 'predicted';

  return (
    <section className="panel bins-panel" aria-label="Root depth bins">
      <header className="panel-head">
        <h3>Root depth bins</h3>
        <p className="bins-summary">
          <span style={{ color }}>
            {predName} {metres(g.pred.mm)}
          </span>
          {g.binsOnlyMm !== null && (
            <span
              className="muted"
              title="The run's root weighs these bins with the depth at which its lifted pose best reprojects onto the 2D"
            >
              {' '}
              (bins alone {metres(g.binsOnlyMm)})
            </span>
          )}
          {g.gt && (
            <>
              {' · '}
              <span className="bins-gt-text">GT {metres(g.gt.mm)}</span>
              {' · error '}
              {signedMm(g.pred.mm - g.gt.mm)}
            </>
          )}
          <span className="muted">
            {' '}
            · {g.cfg.bins} bins, d/f ∈ [{g.cfg.alpha}, {g.cfg.beta}], f = {focal!.toFixed(1)} px
          </span>
        </p>
      </header>
      <svg
        className="bins-chart"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`root depth distribution over ${g.cfg.bins} bins`}
        onPointerLeave={() => setHover(null)}
      >
        {g.yTicks.map((t) => (
          <g key={`y${t.p}`}>
            <line className="bins-grid" x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} />
            <text
              className="bins-tick"
              x={plot.left - 5}
              y={t.y}
              textAnchor="end"
              dominantBaseline="central"
            >
              {t.label}
            </text>
          </g>
        ))}
        {bars.map((b) => (
          <rect
            key={b.index}
            className={labelBins.has(b.index) ? 'bins-bar gt-label' : 'bins-bar'}
            x={b.x0 + 0.3}
            y={b.y}
            width={Math.max(b.x1 - b.x0 - 0.6, 0.6)}
            height={plot.bottom - b.y}
            fill={color}
            opacity={hover === null || hover === b.index ? 1 : 0.55}
            data-k={b.index}
            data-lo-m={b.loM}
            data-hi-m={b.hiM}
            data-gt-label={labelBins.get(b.index)}
          />
        ))}
        {g.gtLabel.map((b) => (
          <rect
            key={`t${b.index}`}
            className="bins-target"
            x={bars[b.index]!.x0}
            y={stripY}
            width={bars[b.index]!.x1 - bars[b.index]!.x0}
            height={7}
            fillOpacity={0.25 + 0.75 * b.weight}
            data-k={b.index}
            data-weight={b.weight}
          >
            <title>{`GT two-bin label: bin ${b.index} carries ${b.weight.toFixed(2)}`}</title>
          </rect>
        ))}
        <line
          className="bins-axis"
          x1={plot.left}
          x2={plot.right}
          y1={plot.bottom}
          y2={plot.bottom}
        />
        <line className="bins-axis" x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
        {g.xTicks.map((t) => (
          <g key={`x${t.m}`}>
            <line className="bins-axis" x1={t.x} x2={t.x} y1={stripY + 9} y2={stripY + 13} />
            <text className="bins-tick" x={t.x} y={stripY + 23} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        <text
          className="bins-title"
          x={(plot.left + plot.right) / 2}
          y={height - 4}
          textAnchor="middle"
        >
          root depth (m) at f = {focal!.toFixed(0)} px
        </text>
        {g.gt && (
          <line
            className={g.gt.clamped ? 'bins-gt clamped' : 'bins-gt'}
            x1={g.gt.x}
            x2={g.gt.x}
            y1={plot.top - 6}
            y2={stripY + 7}
            data-depth-mm={g.gt.mm}
          />
        )}
        {g.gt && (
          <EdgeNote m={g.gt} label="GT" x={(plot.left + plot.right) / 2} y={plot.top - 13} />
        )}
        <EdgeNote m={g.pred} label={predName} x={(plot.left + plot.right) / 2} y={plot.top + 18} />
        <g className={g.pred.clamped ? 'bins-pred clamped' : 'bins-pred'} data-depth-mm={g.pred.mm}>
          {/* A dark halo keeps the marker visible where it crosses bars of its own colour. */}
          <line className="halo" x1={g.pred.x} x2={g.pred.x} y1={plot.top - 6} y2={plot.bottom} />
          <line x1={g.pred.x} x2={g.pred.x} y1={plot.top - 6} y2={plot.bottom} stroke={color} />
          <path d={`M${g.pred.x - 4},${plot.top - 9} h8 l-4,6 z`} fill={color} />
        </g>
        <g
          className={onPickDepth ? 'bins-hits pickable' : 'bins-hits'}
          onPointerOver={(e) => {
            const k = (e.target as Element).getAttribute('data-hit');
            if (k !== null) setHover(Number(k));
          }}
          onClick={(e) => {
            const k = (e.target as Element).getAttribute('data-hit');
            const bar = k === null ? undefined : bars[Number(k)];
            if (bar) onPickDepth?.(bar.centerMm);
          }}
        >
          {bars.map((b) => (
            <rect
              key={b.index}
              x={b.x0}
              y={plot.top}
              width={b.x1 - b.x0}
              height={plot.bottom - plot.top}
              data-hit={b.index}
            />
          ))}
        </g>
      </svg>
      <p className="bins-readout" aria-live="polite">
        {hovered ? (
          <>
            bin {hovered.index}: {hovered.centerM.toFixed(2)} m ({hovered.loM.toFixed(2)}–
            {hovered.hiM.toFixed(2)} m) · p = {hovered.p.toFixed(3)}
            {labelBins.has(hovered.index) &&
              ` · GT label ${labelBins.get(hovered.index)!.toFixed(2)}`}
            {onPickDepth && <span className="muted"> · click to set the root depth</span>}
          </>
        ) : (
          <span className="muted">
            hover a bar for its depth range{onPickDepth ? '; click one to set the root depth' : ''}
          </span>
        )}
      </p>
      <ul className="panel-legend">
        <li>
          <span className="legend-line" style={{ background: color }} />
          {predName} (
          {g.binsOnlyMm === null ? 'HDNet Eq. 7' : 'the bins weighed with a fit of the lifted pose'}
          )
        </li>
        {g.gt && (
          <li>
            <span className="legend-line gt" />
            ground truth{g.gt.clamped ? ' (outside the bins)' : ''}
          </li>
        )}
        {g.gtLabel.length > 0 && (
          <li>
            <span className="legend-swatch target" />
            GT two-bin label:{' '}
            {g.gtLabel.map((b) => `bin ${b.index} ${b.weight.toFixed(2)}`).join(', ')}
          </li>
        )}
      </ul>
    </section>
  );
}
