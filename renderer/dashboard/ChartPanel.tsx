import { useRef, type ReactNode } from 'react';
import type { ChartClick } from './chartClicks';
import type { ChartOption } from './chartTheme';
import { useEChart } from './useEChart';

function EChart(props: {
  readonly option: ChartOption;
  readonly onClick?: (click: ChartClick) => void;
  readonly label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEChart(ref, props.option, props.onClick);
  return <div ref={ref} className="dash-chart" role="img" aria-label={props.label} />;
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
