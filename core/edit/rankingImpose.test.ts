import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraArb, personArb } from '../../test/helpers/poseArbitraries';
import { cameraToPixel } from '../camera';
import { depthRankingMatrix } from '../ranking';
import type { Vec3 } from '../types';
import { imposeDepthOrder, imposeRankingCell, type DepthOrder } from './rankingImpose';

const holds = (zi: number, zj: number, order: DepthOrder, m: number, eps = 1e-9) =>
  order === 'front'
    ? zi <= zj - m + eps
    : order === 'behind'
      ? zi >= zj + m - eps
      : Math.abs(zi - zj) <= m + eps;

/**
 * Smallest |Δz_i| + |Δz_j| over a 10 mm grid of moves up to 7 m each that satisfy the order;
 * exact when the depths and margin are multiples of 10 mm, since a cheapest move then lies on it.
 */
function bruteForceCost(zi: number, zj: number, order: DepthOrder, m: number): number {
  let best = Infinity;
  for (let di = -7000; di <= 7000; di += 10) {
    for (let dj = -7000; dj <= 7000; dj += 10) {
      if (holds(zi + di, zj + dj, order, m)) best = Math.min(best, Math.abs(di) + Math.abs(dj));
    }
  }
  return best;
}

const pair = fc
  .tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 16 }))
  .filter(([i, j]) => i !== j);
const order = fc.constantFrom<DepthOrder>('front', 'behind', 'level');

const marginArb = fc.integer({ min: 0, max: 20 }).map((m) => 10 * m);

describe('impose a depth order', () => {
  it('yields the order, keeps 2D and the other joints, and moves nothing when it holds', () => {
    fc.assert(
      fc.property(personArb, cameraArb, pair, order, marginArb, (pose, cam, [i, j], o, m) => {
        const out = imposeDepthOrder(pose, i, j, o, m);
        expect(holds(out[i]![2], out[j]![2], o, m)).toBe(true);
        if (holds(pose[i]![2], pose[j]![2], o, m, 0)) expect(out).toBe(pose);
        for (const k of [i, j]) {
          const [a, b] = [cameraToPixel(pose[k]!, cam), cameraToPixel(out[k]!, cam)];
          expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(1e-6);
        }
        out.forEach((p, k) => k === i || k === j || expect(p).toBe(pose[k]));
      }),
    );
  });

  it('changes depths no more than a brute-force search over all moves', () => {
    // Depths and margins on a 10 mm grid, so a cheapest move lies on the searched grid.
    const depth = fc.integer({ min: 150, max: 800 }).map((d) => 10 * d);
    fc.assert(
      fc.property(depth, depth, order, marginArb, (zi, zj, o, m) => {
        const out = imposeDepthOrder(
          [
            [0, 0, zi],
            [0, 0, zj],
          ],
          0,
          1,
          o,
          m,
        );
        const cost = Math.abs(out[0]![2] - zi) + Math.abs(out[1]![2] - zj);
        expect(cost).toBeCloseTo(bruteForceCost(zi, zj, o, m), 9);
      }),
      { numRuns: 40 },
    );
  });

  it('splits the shortfall evenly: 3000 vs 3100, i behind j by 100 → 3100 and 3000', () => {
    const pose: Vec3[] = [
      [0, 0, 3000],
      [0, 0, 3100],
    ];
    const out = imposeDepthOrder(pose, 0, 1, 'behind', 100);
    expect(out.map((p) => p[2])).toEqual([3100, 3000]);
    expect(imposeDepthOrder(pose, 0, 1, 'level', 40).map((p) => p[2])).toEqual([3030, 3070]);
    expect(imposeDepthOrder(pose, 0, 1, 'front', 50)).toBe(pose);
  });

  it('stops the nearer joint at the minimum depth and moves the other the rest of the way', () => {
    const out = imposeDepthOrder(
      [
        [0, 0, 40],
        [0, 0, 20],
      ],
      0,
      1,
      'behind',
      100,
      10,
    );
    expect(out.map((p) => p[2])).toEqual([110, 10]);
  });

  it('makes the ranking matrix show the clicked cell value', () => {
    fc.assert(
      fc.property(personArb, pair, fc.constantFrom<-1 | 0 | 1>(-1, 0, 1), (pose, [i, j], v) => {
        const out = imposeRankingCell(pose, i, j, v, 100);
        expect(depthRankingMatrix(out, 100)[i]![j]).toBe(v);
        expect(depthRankingMatrix(out, 100)[j]![i]).toBe(-v || 0);
      }),
    );
  });
});
