import { describe, expect, it } from 'vitest';
import type { Artifacts } from '../data/useArtifacts';
import { panelRunId } from './panelRegistry';

const withKinds = (...kinds: string[]): Artifacts =>
  ({
    byKind: new Map(kinds.map((k) => [k, { shape: [1], values: new Float32Array(1) }])),
    note: null,
    crop: null,
    pipeline: [],
  }) as unknown as Artifacts;

describe('the run a person panel shows', () => {
  const runs = [1, 2, 3];
  // Run 1 (BlazePose) stored nothing; run 2 (keypoints-3d) depth bins; run 3 heatmaps and bins.
  const byRun = new Map<number, Artifacts | null>([
    [1, withKinds()],
    [2, withKinds('depth_bins')],
    [3, withKinds('heatmaps', 'depth_bins')],
  ]);

  it('a panel of a model output opens on the first run that has it, the primary run first', () => {
    expect(panelRunId({ needs: 'depth_bins' }, runs, 1, undefined, byRun)).toBe(2);
    expect(panelRunId({ needs: 'depth_bins' }, runs, 3, undefined, byRun)).toBe(3);
    expect(panelRunId({ needs: 'heatmaps' }, runs, 1, undefined, byRun)).toBe(3);
  });

  it('stays on the primary run when no run has it, or the panel needs none', () => {
    expect(panelRunId({ needs: 'depth_profiles' }, runs, 1, undefined, byRun)).toBe(1);
    expect(panelRunId({}, runs, 2, undefined, byRun)).toBe(2);
    expect(panelRunId({ needs: 'heatmaps' }, [], null, undefined, new Map())).toBeNull();
  });

  it('the user’s pick wins while that run exists', () => {
    expect(panelRunId({ needs: 'depth_bins' }, runs, 1, 1, byRun)).toBe(1);
    expect(panelRunId({ needs: 'depth_bins' }, runs, 1, 9, byRun)).toBe(2);
  });
});
