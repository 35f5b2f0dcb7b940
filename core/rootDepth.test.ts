import { describe, expect, it } from 'vitest';
import { cameraToPixel } from './camera';
import { fitRootTranslation, fuseDepths } from './rootDepth';
import type { Vec2, Vec3 } from './types';

describe('root translation fit', () => {
  it('recovers the translation of a projected metric pose', () => {
    const K = { f: [1100, 1050] as Vec2, c: [500, 480] as Vec2 };
    const rel: Vec3[] = [
      [0, 0, 0],
      [150, 400, 30],
      [-150, 420, -20],
      [0, -500, 40],
      [300, -450, 100],
      [-280, -460, -90],
    ];
    const T: Vec3 = [-300, 150, 4200];
    const img = rel.map((p) => cameraToPixel([p[0] + T[0], p[1] + T[1], p[2] + T[2]], K));
    const t = fitRootTranslation(
      rel,
      img,
      rel.map(() => 1),
      K,
    )!;
    t.forEach((v, i) => expect(v).toBeCloseTo(T[i]!, 6));
    expect(fitRootTranslation(rel, img, [1, 0, 0, 0, 0, 0], K)).toBeUndefined();
  });
});

describe('fuseDepths', () => {
  it('weighs log depths by inverse variance', () => {
    // Equal spreads: the geometric mean.
    expect(
      fuseDepths([
        { depth: 4000, logSd: 0.04 },
        { depth: 6250, logSd: 0.04 },
      ]),
    ).toBeCloseTo(5000, 9);
    // Spread 0.02 against 0.04: weights 4 : 1 on the logarithms.
    const d = fuseDepths([
      { depth: 4000, logSd: 0.02 },
      { depth: 6000, logSd: 0.04 },
    ])!;
    expect(Math.log(d)).toBeCloseTo((4 * Math.log(4000) + Math.log(6000)) / 5, 12);
  });

  it('leaves out estimates that are not positive and finite, and gives undefined for none', () => {
    expect(
      fuseDepths([
        { depth: 5000, logSd: 0.05 },
        { depth: NaN, logSd: 0.01 },
        { depth: -3, logSd: 0.01 },
        { depth: 9000, logSd: 0 },
      ]),
    ).toBeCloseTo(5000, 9);
    expect(fuseDepths([{ depth: Infinity, logSd: 0.1 }])).toBeUndefined();
    expect(fuseDepths([])).toBeUndefined();
  });
});
