import { describe, expect, it } from 'vitest';
import { HDNET_BINS, binCenterDepths, binIndexToDepth, decodeDepth, encodeDepth } from '../../core';
import { binChartGeometry, niceTicks } from './binAxis';
import { peakedProbs } from './panelFixtures';

const focal = Math.sqrt(702.4 * 700.9);
const probs = peakedProbs(52.6, 3);
const geo = (extra: { gtDepthMm?: number; predDepthMm?: number } = {}) =>
  binChartGeometry({ probs, focal, width: 560, height: 230, ...extra });

describe('depth-bin chart axis', () => {
  it('puts each bin at core’s Eq. 7 depth × focal / 1000 m, spanning its half-bin edges', () => {
    const g = geo();
    const centres = binCenterDepths(focal);
    expect(g.bars).toHaveLength(HDNET_BINS.bins);
    g.bars.forEach((b, k) => {
      expect(Math.abs(b.centerM - (binIndexToDepth(k, 1) * focal) / 1000)).toBeLessThan(1e-9);
      expect(Math.abs(b.centerM - centres[k]! / 1000)).toBeLessThan(1e-9);
      expect(Math.abs(b.loM - (binIndexToDepth(k - 0.5, 1) * focal) / 1000)).toBeLessThan(1e-9);
      expect(Math.abs(b.hiM - (binIndexToDepth(k + 0.5, 1) * focal) / 1000)).toBeLessThan(1e-9);
      expect(b.centerMm).toBe(binIndexToDepth(k, focal));
      // Log-spaced bins on a linear metre axis: contiguous, each wider than the one before.
      if (k > 0) {
        expect(b.x0).toBeCloseTo(g.bars[k - 1]!.x1, 9);
        expect(b.x1 - b.x0).toBeGreaterThan(g.bars[k - 1]!.x1 - g.bars[k - 1]!.x0);
      }
    });
  });

  it('maps metres to pixels linearly over the outer bin edges', () => {
    const g = geo();
    const { left, right } = g.plot;
    const x = (m: number) =>
      left + ((m - g.domainM[0]) / (g.domainM[1] - g.domainM[0])) * (right - left);
    expect(g.bars[0]!.x0).toBeCloseTo(left, 9);
    expect(g.bars[70]!.x1).toBeCloseTo(right, 9);
    for (const t of g.xTicks) expect(t.x).toBeCloseTo(x(t.m), 9);
    expect(g.xTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('puts the soft-argmax marker at core’s Eq. 7 depth unless the run gives its own', () => {
    const g = geo();
    const mm = decodeDepth(probs, focal);
    expect(g.pred.mm).toBe(mm);
    expect(g.pred.computed).toBe(true);
    const { left, right } = g.plot;
    const at = left + ((mm / 1000 - g.domainM[0]) / (g.domainM[1] - g.domainM[0])) * (right - left);
    expect(Math.abs(g.pred.x - at)).toBeLessThan(1e-9);
    expect(geo({ predDepthMm: 4200 }).pred).toMatchObject({ mm: 4200, computed: false });
  });

  it("names the bins' own depth only where the run placed the root elsewhere", () => {
    const mm = decodeDepth(probs, focal);
    expect(geo().binsOnlyMm).toBeNull();
    expect(geo({ predDepthMm: mm * 1.004 }).binsOnlyMm).toBeNull();
    expect(geo({ predDepthMm: mm * 1.02 }).binsOnlyMm).toBe(mm);
  });

  it('marks the two bins of the ground truth’s two-bin label (HDNet Eq. 6)', () => {
    const gtDepthMm = binIndexToDepth(40.3, focal);
    const g = geo({ gtDepthMm });
    expect(g.gtLabel.map((b) => b.index)).toEqual([40, 41]);
    expect(g.gtLabel[0]!.weight).toBeCloseTo(0.7, 9);
    expect(g.gtLabel[1]!.weight).toBeCloseTo(0.3, 9);
    const target = encodeDepth(gtDepthMm, focal);
    for (const b of g.gtLabel) expect(b.weight).toBe(target[b.index]);
    expect(g.gt!.index).toBeCloseTo(40.3, 9);
    expect(g.gt!.x).toBeGreaterThan(g.bars[40]!.x0);
    expect(g.gt!.x).toBeLessThan(g.bars[41]!.x1);
    // Beyond β·f the label clamps to the last bin and the marker to the right edge.
    const far = geo({ gtDepthMm: 9 * focal });
    expect(far.gtLabel.map((b) => b.index)).toEqual([70]);
    expect(far.gt).toMatchObject({ clamped: true, x: far.plot.right });
  });

  it('picks round ticks', () => {
    expect(niceTicks(0.69, 5.7, 7)).toEqual([1, 2, 3, 4, 5]);
    expect(niceTicks(0, 0.3, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(2.1, 3.2, 5)).toEqual([2.25, 2.5, 2.75, 3]);
  });
});
