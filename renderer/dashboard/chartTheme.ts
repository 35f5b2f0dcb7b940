import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

/** Everything the dashboard's charts use; `echarts.ts` registers exactly these parts. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** The app's dark theme as canvas colours (canvas cannot resolve CSS variables itself). */
export interface ChartTheme {
  readonly text: string;
  readonly muted: string;
  readonly line: string;
  readonly panel: string;
  readonly panel2: string;
}

/** styles.css's values, for tests and for a page without the stylesheet. */
export const DEFAULT_THEME: ChartTheme = {
  text: '#e6e9ed',
  muted: '#8b96a3',
  line: '#2a323b',
  panel: '#171c22',
  panel2: '#1d242b',
};

/** The theme from the CSS variables on :root, each falling back to styles.css's value. */
export function readChartTheme(read: (name: string) => string): ChartTheme {
  const v = (name: string, fallback: string) => read(name).trim() || fallback;
  return {
    text: v('--text', DEFAULT_THEME.text),
    muted: v('--muted', DEFAULT_THEME.muted),
    line: v('--line', DEFAULT_THEME.line),
    panel: v('--panel', DEFAULT_THEME.panel),
    panel2: v('--panel-2', DEFAULT_THEME.panel2),
  };
}

/** What a tooltip formatter is handed per series, reduced to the fields read here. */
export interface TooltipItem {
  readonly dataIndex?: number;
  readonly seriesName?: string;
  readonly marker?: string;
  readonly value?: unknown;
}

/** The option parts every chart shares: no animation, themed text, legend and tooltip. */
export function baseOption(t: ChartTheme): ChartOption {
  return {
    // Redraws follow toggles and run picks; animating them only delays the answer.
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: t.text, fontFamily: 'Inter, Segoe UI, system-ui, sans-serif' },
    grid: {
      left: 8,
      right: 18,
      top: 34,
      bottom: 6,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    legend: {
      top: 0,
      left: 'center',
      type: 'plain',
      textStyle: { color: t.muted },
      itemWidth: 14,
      itemHeight: 8,
    },
    tooltip: {
      // Drawn on the canvas: HTML tooltips carry inline style attributes, which the app's
      // Content-Security-Policy (style-src 'self') blocks, leaving them unstyled.
      renderMode: 'richText',
      backgroundColor: t.panel2,
      borderColor: t.line,
      textStyle: { color: t.text, fontSize: 12 },
      confine: true,
    },
  };
}

/** A value or category axis in the theme's colours, named at its middle. */
export function axis(t: ChartTheme, name: string, nameGap: number) {
  return {
    name,
    nameLocation: 'middle' as const,
    nameGap,
    nameTextStyle: { color: t.muted },
    axisLine: { lineStyle: { color: t.line } },
    axisTick: { lineStyle: { color: t.line } },
    axisLabel: { color: t.muted },
    splitLine: { lineStyle: { color: t.line, opacity: 0.6 } },
  };
}
