import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HDNET_BINS,
  binCenterDepths,
  decodeDepth,
  depthToBinIndex,
  encodeDepth,
  softLabelFromIndex,
  softmax,
} from './depthBins';

describe('HDNet depth bins', () => {
  it('reproduces the paper worked example: N_B = 5, b = 2.4 → [0, 0, 0.6, 0.4, 0]', () => {
    const t = softLabelFromIndex(2.4, 5);
    [0, 0, 0.6, 0.4, 0].forEach((v, i) => expect(t[i]).toBeCloseTo(v, 12));
  });

  it('places d/f = 4 at bin 70·ln4/ln8 = 46.67 with α = 1, β = 8, N_B = 71', () => {
    expect(depthToBinIndex(4000, 1000)).toBeCloseTo((70 * 2) / 3, 10);
    const label = encodeDepth(4000, 1000);
    expect(label[46]).toBeCloseTo(1 / 3, 10);
    expect(label[47]).toBeCloseTo(2 / 3, 10);
    expect(label.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('bin centres span α·f to β·f in log space', () => {
    const c = binCenterDepths(1000);
    expect(c).toHaveLength(71);
    expect(c[0]).toBeCloseTo(1000, 9);
    expect(c[70]).toBeCloseTo(8000, 9);
    expect(c[35]).toBeCloseTo(1000 * Math.sqrt(8), 9);
  });

  it('encode → decode round-trips within 1e-6 relative (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.0, max: 8.0, noNaN: true }),
        fc.double({ min: 500, max: 2500, noNaN: true }),
        (ratio, f) => {
          const d = ratio * f;
          expect(Math.abs(decodeDepth(encodeDepth(d, f), f) - d) / d).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('clamps depths outside [α, β] to the end bins', () => {
    expect(encodeDepth(100, 1000)[0]).toBe(1);
    expect(encodeDepth(20000, 1000)[70]).toBe(1);
  });

  it('decodes logits through a softmax and rejects a wrong bin count', () => {
    const logits = new Array<number>(71).fill(-50);
    logits[10] = 50;
    expect(decodeDepth(softmax(logits), 1000)).toBeCloseTo(
      1000 * Math.exp((10 * Math.log(8)) / 70),
      6,
    );
    expect(() => decodeDepth([0.5, 0.5], 1000)).toThrow(/expected 71 bin probabilities, got 2/);
    expect(() => encodeDepth(1, 1, { ...HDNET_BINS, beta: 0.5 })).toThrow(/alpha < beta/);
  });
});
