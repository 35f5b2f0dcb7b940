import { describe, expect, it } from 'vitest';
import type { TakeTimeline } from '../../contract';
import { takeFailure, takeFailureRule } from './useTakeStore';

const frames = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ imageId: 100 + i, frame: i, slot: i }));

function timeline(over: Partial<TakeTimeline['series']>, flagged: boolean[] = []): TakeTimeline {
  const n = 8;
  const none = Array.from({ length: n }, () => null);
  return {
    take: {
      key: 'T',
      sequence: 'T',
      camera: null,
      subject: null,
      action: null,
      frames: n,
      first: 0,
      last: n - 1,
      fps: 25,
    },
    frames: frames(n),
    runId: 1,
    series: { mpjpe: none, mrpe: none, oks: none, joint: null, missed: none, ...over },
    flagged: flagged.length ? flagged : Array.from({ length: n }, () => false),
  };
}

describe('failures along a take', () => {
  it('are frames past the shown curve’s threshold, with a missed person, or a flagged label', () => {
    const t = timeline(
      { mpjpe: [10, 151, 150, 20, null, 30, 40, 10], missed: [0, 0, 0, 0, 0, 1, 0, 0] },
      [false, false, false, false, false, false, false, true],
    );
    // 150 is not past "> 150 mm" (findFailure's rule: strictly worse than the threshold).
    expect(takeFailure(t, 'mpjpe', true, 0, 1)).toBe(1);
    expect(takeFailure(t, 'mpjpe', true, 1, 1)).toBe(5);
    expect(takeFailure(t, 'mpjpe', true, 5, 1)).toBe(7);
    expect(takeFailure(t, 'mpjpe', true, 7, 1)).toBeNull();
    expect(takeFailure(t, 'mpjpe', true, 5, -1)).toBe(1);
    expect(takeFailure(t, 'mpjpe', true, 1, -1)).toBeNull();
  });

  it('follow OKS downwards, and only flags without a run', () => {
    const t = timeline({ oks: [0.9, 0.5, 0.49, 0.9, 0.9, 0.9, 0.9, 0.9] });
    expect(takeFailure(t, 'oks', false, 0, 1)).toBe(2);
    const noRun = {
      ...t,
      runId: null,
      flagged: [false, false, false, true, false, false, false, false],
    };
    expect(takeFailure(noRun, 'oks', false, 0, 1)).toBe(3);
    expect(takeFailureRule(noRun, 'oks', false)).toBe('a flagged label');
    expect(takeFailureRule(t, 'oks', false)).toBe('oks < 0.5, a missed person or a flagged label');
    // A joint's error in pixels (2D sets) has no threshold: misses and flags only.
    expect(takeFailureRule(t, 'joint', false)).toBe('a missed person or a flagged label');
  });
});
