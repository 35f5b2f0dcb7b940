import { useEffect, useRef, type RefObject } from 'react';
import type { ChartClick } from './chartClicks';
import type { ChartOption } from './chartTheme';
import { init, type ECharts } from './echarts';

// notMerge: a run taken out of the selection must take its series with it.
const SET = { notMerge: true, lazyUpdate: true } as const;

/**
 * An echarts instance on `ref`'s element for the component's lifetime: created once, fed each
 * new `option`, resized with its box, disposed on unmount. `onClick` may be a new function
 * every render without re-binding anything.
 */
export function useEChart(
  ref: RefObject<HTMLDivElement | null>,
  option: ChartOption,
  onClick?: (click: ChartClick) => void,
  onLegend?: (name: string, shown: boolean) => void,
): RefObject<ECharts | null> {
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  const click = useRef(onClick);
  const legend = useRef(onLegend);
  useEffect(() => {
    click.current = onClick;
    legend.current = onLegend;
  });

  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(option, SET);
  }, [option]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    c.setOption(latest.current, SET);
    c.on('click', (p) => click.current?.(p as ChartClick));
    c.on('legendselectchanged', (p) => {
      const e = p as { name: string; selected: Record<string, boolean> };
      legend.current?.(e.name, e.selected[e.name] ?? true);
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    chart.current = c;
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [ref]);
  return chart;
}

/** The chart as drawn, at twice its pixels, on the card's background: a PNG for slides. */
export function chartPng(chart: ECharts, background: string): Blob {
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background });
  // Decoded here: the page's CSP (connect-src 'self') rightly refuses fetch() of a data: URL.
  const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: 'image/png' });
}

/**
 * The chart as SVG (vector, for papers): the same option drawn once more by echarts' SVG
 * renderer, off screen at the chart's size.
 */
export function chartSvg(chart: ECharts, option: ChartOption, background: string): Blob {
  const svg = init(null, undefined, {
    renderer: 'svg',
    ssr: true,
    width: chart.getWidth(),
    height: chart.getHeight(),
  });
  try {
    svg.setOption({ ...option, backgroundColor: background, animation: false });
    return new Blob([svg.renderToSVGString()], { type: 'image/svg+xml' });
  } finally {
    svg.dispose();
  }
}
