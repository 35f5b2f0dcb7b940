import { useMemo, useRef, type ReactNode } from 'react';
import { downloadBlob, fileStem } from '../ui/download';
import type { ChartClick } from './chartClicks';
import type { ChartOption } from './chartTheme';
import type { ECharts } from './echarts';
import { chartPng, chartSvg, useEChart } from './useEChart';
import { useLegendStore, withHiddenRuns } from './useLegendStore';

/** The card's background, so a saved chart reads as it does on screen. */
const background = (el: Element | null) =>
  (el && getComputedStyle(el).getPropertyValue('--panel').trim()) || '#161b22';

/** The ways a chart saves: as drawn (PNG, for slides) or as vectors (SVG, for papers). */
const SAVES = [
  { ext: 'png', render: (c: ECharts, _o: ChartOption, bg: string) => chartPng(c, bg) },
  { ext: 'svg', render: chartSvg },
] as const;

function EChart(props: {
  readonly option: ChartOption;
  readonly onClick?: (click: ChartClick) => void;
  readonly label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const hidden = useLegendStore((s) => s.hidden);
  const setShown = useLegendStore((s) => s.setShown);
  const option = useMemo(() => withHiddenRuns(props.option, hidden), [props.option, hidden]);
  const chart = useEChart(ref, option, props.onClick, setShown);
  const stem = fileStem(props.label);
  return (
    <>
      <div ref={ref} className="dash-chart" role="img" aria-label={props.label} />
      <div className="dash-chart-export">
        {SAVES.map(({ ext, render }) => (
          <button
            key={ext}
            type="button"
            className="dash-export"
            title={`Save “${props.label}” as ${ext.toUpperCase()}`}
            onClick={() => {
              if (chart.current)
                downloadBlob(
                  `${stem}.${ext}`,
                  render(chart.current, option, background(ref.current)),
                );
            }}
          >
            {ext.toUpperCase()}
          </button>
        ))}
      </div>
    </>
  );
}

/** A titled chart card; `empty` replaces the chart with a sentence saying why there is none. */
export function ChartPanel(props: {
  readonly title: string;
  readonly controls?: ReactNode;
  readonly empty?: string | null;
  readonly option: ChartOption | null;
  readonly onClick?: (click: ChartClick) => void;
}) {
  const { title, controls, empty, option, onClick } = props;
  return (
    <section className="dash-card dash-chart-card" aria-label={title}>
      <header className="dash-card-head">
        <h3>{title}</h3>
        {controls}
      </header>
      {empty || !option ? (
        <p className="dash-note dash-chart-empty">{empty ?? 'loading…'}</p>
      ) : (
        <EChart option={option} onClick={onClick} label={title} />
      )}
    </section>
  );
}
