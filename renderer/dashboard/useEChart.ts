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
): void {
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
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
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    chart.current = c;
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [ref]);
}
