import { describe, expect, it } from 'vitest';
import { groupFilter, histogramFilter, scatterTarget } from './chartClicks';
import {
  depthRange,
  depthScatterOption,
  groupBarOption,
  pckCurveOption,
  tickDigits,
} from './chartOptions';
import { DEFAULT_THEME, readChartTheme } from './chartTheme';
import { dist, runDist } from './dashboardFixtures';
import { hasHistogram, histogramBins, histogramOption } from './histogram';

type Series = { type: string; name: string; data: unknown[]; z?: number };
const seriesOf = (o: { series?: unknown }) => o.series as Series[];

describe('error histogram', () => {
  const a = runDist(1, dist(1, [0, 3, 5, 1]), '#D55E00', true);
  const b = runDist(2, dist(2, [1, 2, 0, 0, 0, 4]), '#009E73');

  it('draws runs side by side, and always labels the last (open-ended) bin', () => {
    const many = runDist(
      3,
      dist(
        3,
        Array.from({ length: 40 }, (_, k) => (k < 30 ? 5 : 1)),
      ),
    );
    const bins = histogramBins([many, a], 'mpjpe');
    const o = histogramOption(DEFAULT_THEME, [many, a], 'mpjpe', bins) as {
      xAxis: { axisLabel: { interval: (k: number) => boolean } };
      series: { barGap: string }[];
    };
    expect(o.series.map((x) => x.barGap)).toEqual(['8%', '8%']);
    const shown = bins.map((_, k) => k).filter((k) => o.xAxis.axisLabel.interval(k));
    expect(shown.at(-1)).toBe(bins.length - 1);
    expect(shown.length).toBeLessThanOrEqual(14);
  });

  it('keeps the main side’s 5 mm bins up to the last bin any run has people in', () => {
    const bins = histogramBins([a, b], 'mpjpe');
    expect(bins.map((x) => [x.lo, x.hi])).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
      [15, 20],
      [20, 25],
      [25, 30],
    ]);
    expect(histogramBins([a], 'mpjpe')).toHaveLength(4);
    expect(histogramBins([a, b], 'pa_mpjpe')).toEqual([]);
    expect([hasHistogram(a, 'mpjpe'), hasHistogram(a, 'pa_mpjpe')]).toEqual([true, false]);
    expect(histogramBins([], 'mpjpe')).toEqual([]);
  });

  it('marks the last bin open-ended, as the main side counts everything past it there', () => {
    const counts = new Array<number>(60).fill(0);
    counts[59] = 2;
    const only = runDist(3, {
      ...dist(3, []),
      histograms: [{ metric: 'mpjpe', binWidth: 5, counts }],
    });
    const bins = histogramBins([only], 'mpjpe');
    expect(bins).toHaveLength(60);
    expect(bins[59]).toEqual({ lo: 295, hi: null, label: '≥295', from: 59, to: 60 });
    expect(bins[58]).toMatchObject({ lo: 290, hi: 295, label: '290' });
  });

  it('folds a sparse tail past twice the 95th percentile into one open-ended bin', () => {
    const counts = [0, 30, 50, 19];
    const tail = dist(4, counts);
    tail.histograms[0]!.counts[50] = 1;
    const r = runDist(4, tail);
    const bins = histogramBins([r], 'mpjpe');
    expect(bins.map((b) => b.label)).toEqual(['0', '5', '10', '15', '20', '25', '30', '35', '≥40']);
    expect(bins[8]).toEqual({ lo: 40, hi: null, label: '≥40', from: 8, to: 60 });
    const data = seriesOf(histogramOption(DEFAULT_THEME, [r], 'mpjpe', bins))[0]!.data;
    expect(data).toEqual([0, 30, 50, 19, 0, 0, 0, 0, 1]);
    expect(histogramFilter(bins, 'mpjpe', [4], { seriesIndex: 0, dataIndex: 8 })).toMatchObject({
      range: { metric: 'mpjpe', min: 40 },
    });
  });

  it('draws one overlaid bar series per run with its colour, the primary on top', () => {
    const bins = histogramBins([a, b], 'mpjpe');
    const o = histogramOption(DEFAULT_THEME, [a, b], 'mpjpe', bins);
    const s = seriesOf(o);
    expect(s.map((x) => [x.type, x.name])).toEqual([
      ['bar', 'run1'],
      ['bar', 'run2'],
    ]);
    expect(s[0]!.data).toEqual([0, 3, 5, 1, 0, 0]);
    expect(s[1]!.data).toEqual([1, 2, 0, 0, 0, 4]);
    expect(s[0]!.z).toBeGreaterThan(s[1]!.z!);
    expect((o.xAxis as { data: string[] }).data).toEqual(['0', '5', '10', '15', '20', '25']);
    expect(o.animation).toBe(false);
  });

  it('turns a click on a bar into that run’s frames whose worst person lies in the bin', () => {
    const bins = histogramBins([a, b], 'mpjpe');
    expect(histogramFilter(bins, 'mpjpe', [1, 2], { seriesIndex: 1, dataIndex: 2 })).toEqual({
      runId: 2,
      sort: 'mpjpe',
      descending: true,
      range: { metric: 'mpjpe', min: 10, max: 15 },
    });
    const open = [{ lo: 975, hi: null, label: '≥975', from: 39, to: 40 }];
    expect(histogramFilter(open, 'mrpe', [7], { seriesIndex: 0, dataIndex: 0 })).toEqual({
      runId: 7,
      sort: 'mrpe',
      descending: true,
      range: { metric: 'mrpe', min: 975 },
    });
    expect(histogramFilter(bins, 'mpjpe', [1, 2], { seriesIndex: 5, dataIndex: 0 })).toBeNull();
    expect(histogramFilter(bins, 'mpjpe', [1, 2], { seriesIndex: 0, dataIndex: 99 })).toBeNull();
  });
});

describe('3DPCK curve', () => {
  it('draws one line per run with a curve, over 0–150 mm and 0–100 %', () => {
    const none = runDist(3, { ...dist(3, [1]), pckCurve: null });
    const o = pckCurveOption(DEFAULT_THEME, [runDist(1, dist(1, [1])), none]);
    const s = seriesOf(o);
    expect(s).toHaveLength(1);
    expect(s[0]!.type).toBe('line');
    expect(s[0]!.data[0]).toEqual([0, 0]);
    expect(s[0]!.data[30]).toEqual([150, 100]);
    expect(o.xAxis).toMatchObject({ min: 0, max: 150 });
    expect(o.yAxis).toMatchObject({ min: 0, max: 100 });
  });
});

describe('root depth scatter', () => {
  const a = runDist(
    1,
    dist(
      1,
      [1],
      [
        [3000, 3200],
        [5500, 5100],
      ],
    ),
  );
  const b = runDist(2, dist(2, [1], [[2500, 6400]]), '#009E73');

  it('plots one series per run and a y = x line spanning every point on both axes', () => {
    const o = depthScatterOption(DEFAULT_THEME, [a, b]);
    const s = seriesOf(o);
    expect(s.map((x) => x.type)).toEqual(['scatter', 'scatter', 'line']);
    expect(s[0]!.data).toEqual([
      [3000, 3200, 100, 200],
      [5500, 5100, 101, 201],
    ]);
    const [[lo, lo2], [hi, hi2]] = s[2]!.data as [[number, number], [number, number]];
    expect(lo).toBe(lo2);
    expect(hi).toBe(hi2);
    expect(lo!).toBeLessThanOrEqual(2500);
    expect(hi!).toBeGreaterThanOrEqual(6400);
    expect(o.xAxis).toMatchObject({ min: lo, max: hi });
    expect(o.yAxis).toMatchObject({ min: lo, max: hi });
    expect(depthRange([a, b])).toEqual({ lo: 2000, hi: 7000, interval: 500 });
    // A narrow range rounds to 100 mm, not to a half-metre that would dwarf it.
    expect(depthRange([runDist(5, dist(5, [1], [[3000, 3100]]))])).toEqual({
      lo: 2900,
      hi: 3200,
      interval: 100,
    });
    expect(depthRange([runDist(3, dist(3, [1]))])).toBeNull();
  });

  it('opens the clicked point’s person', () => {
    expect(scatterTarget({ value: [3000, 3200, 100, 200] })).toEqual({
      imageId: 100,
      instanceId: 200,
    });
    expect(scatterTarget({ value: [0, 0] })).toBeNull();
    expect(scatterTarget({ value: 3 })).toBeNull();
  });
});

describe('per-group bars', () => {
  it('has one bar series per run over the groups, and a click filters to the group', () => {
    const o = groupBarOption(
      DEFAULT_THEME,
      ['TS1', 'TS2'],
      [
        { name: 'a', color: '#D55E00', cells: [40, 41, 40.5] },
        { name: 'b', color: '#009E73', cells: [null, 30, 30] },
      ],
      'MPJPE',
      'mm',
    );
    expect(seriesOf(o).map((s) => s.data)).toEqual([
      [40, 41],
      [null, 30],
    ]);
    expect(groupFilter({ name: 'TS2' })).toEqual({ group: 'TS2' });
    expect(groupFilter({ name: '(none)' })).toBeNull();
    expect(groupFilter({})).toBeNull();
  });
});

describe('chart theme', () => {
  it('draws tooltips on the canvas: HTML ones need inline styles the CSP blocks', () => {
    const r = runDist(1, dist(1, [1, 2], [[3000, 3100]]));
    const options = [
      histogramOption(DEFAULT_THEME, [r], 'mpjpe', histogramBins([r], 'mpjpe')),
      pckCurveOption(DEFAULT_THEME, [r]),
      depthScatterOption(DEFAULT_THEME, [r]),
      groupBarOption(
        DEFAULT_THEME,
        ['TS1'],
        [{ name: 'a', color: '#fff', cells: [1] }],
        'MPJPE',
        'mm',
      ),
    ];
    for (const o of options) {
      expect(o.tooltip).toMatchObject({ renderMode: 'richText' });
      expect(o.animation).toBe(false);
    }
  });

  it('reads the CSS variables and falls back to styles.css for missing ones', () => {
    const vars: Record<string, string> = { '--text': ' #ffffff', '--line': '#333' };
    expect(readChartTheme((n) => vars[n] ?? '')).toEqual({
      ...DEFAULT_THEME,
      text: '#ffffff',
      line: '#333',
    });
  });
});

describe('depth axes', () => {
  it('print ticks at the step’s precision: 250 mm steps read 5.25 m, metre steps 5 m', () => {
    expect([250, 100, 500, 1000, 2000, 200].map(tickDigits)).toEqual([2, 1, 1, 0, 0, 1]);
  });
});

describe('OKS distribution (2D sets)', () => {
  it('bins OKS in twentieths with labels at their step, no unit, the last bin open', () => {
    const counts = Array.from({ length: 20 }, (_, k) => (k >= 14 ? 3 : k === 2 ? 1 : 0));
    const r = runDist(1, dist(1, [1]), '#2CA02C', true);
    const withOks = {
      ...r,
      dist: { ...r.dist, histograms: [{ metric: 'oks', binWidth: 0.05, counts }] },
    };
    const bins = histogramBins([withOks], 'oks');
    expect(bins.map((b) => b.label).slice(0, 4)).toEqual(['0.00', '0.05', '0.10', '0.15']);
    expect(bins.at(-1)).toMatchObject({ label: '≥0.95', hi: null });
    expect(bins[3]).toMatchObject({ lo: 0.15, hi: 0.2 });
    const o = histogramOption(DEFAULT_THEME, [withOks], 'oks', bins) as {
      xAxis: { name: string };
    };
    expect(o.xAxis.name).toBe('OKS, worst person per frame on click');
  });
});
