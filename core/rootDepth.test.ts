import { describe, expect, it } from 'vitest';
import { cameraToPixel } from './camera';
import { fitRootTranslation, fuseDepths } from './rootDepth';
import type { Vec2, Vec3 } from './types';

describe('root translation fit', () => {
  const K = { f: [1100, 1050] as Vec2, c: [500, 480] as Vec2 };
  const rel: Vec3[] = [
    [0, 0, 0],
    [150, 400, 30],
    [-150, 420, -20],
    [0, -500, 40],
    [300, -450, 100],
    [-280, -460, -90],
  ];
  /** Every joint weighted alike. */
  const fitAlike = (r: readonly Vec3[], img: readonly Vec2[]) =>
    fitRootTranslation(
      r,
      img,
      r.map(() => 1),
      K,
    );

  it('recovers the translation of a projected metric pose', () => {
    const T: Vec3 = [-300, 150, 4200];
    const img = rel.map((p) => cameraToPixel([p[0] + T[0], p[1] + T[1], p[2] + T[2]], K));
    const t = fitAlike(rel, img)!;
    t.forEach((v, i) => expect(v).toBeCloseTo(T[i]!, 6));
    expect(fitRootTranslation(rel, img, [1, 0, 0, 0, 0, 0], K)).toBeUndefined();
  });

  it('counts a joint of weight w as w copies of it, on 2D the pose does not fit exactly', () => {
    // 2D of another pose: the least-squares fit lands between the joints' answers.
    const img: Vec2[] = [
      [480, 500],
      [530, 610],
      [455, 600],
      [490, 350],
      [580, 360],
      [400, 365],
    ];
    const weights = [1, 3, 1, 2, 1, 2];
    const copies = <T>(a: readonly T[]): T[] => a.flatMap((p, j) => Array<T>(weights[j]!).fill(p));
    const weighted = fitRootTranslation(rel, img, weights, K)!;
    const repeated = fitAlike(copies(rel), copies(img))!;
    const alike = fitAlike(rel, img)!;
    weighted.forEach((v, i) => expect(v).toBeCloseTo(repeated[i]!, 6));
    expect(Math.abs(weighted[2] - alike[2])).toBeGreaterThan(1);
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
