import { describe, expect, it } from 'vitest';
import { useLegendStore, withHiddenRuns } from './useLegendStore';

describe('legends shared by the dashboard’s charts', () => {
  it('a run hidden in one legend is off in every chart’s option, and shown again', () => {
    const option = { legend: { top: 0 }, series: [] };
    expect(withHiddenRuns(option, useLegendStore.getState().hidden)).toBe(option);
    useLegendStore.getState().setShown('baseline', false);
    expect(withHiddenRuns(option, useLegendStore.getState().hidden)).toEqual({
      legend: { top: 0, selected: { baseline: false } },
      series: [],
    });
    useLegendStore.getState().setShown('baseline', true);
    expect(useLegendStore.getState().hidden.size).toBe(0);
  });
});
