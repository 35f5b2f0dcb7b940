import { describe, expect, it } from 'vitest';
import { ROOT_AP_THRESHOLDS_MM, createRng, rootApAr, type ScoredRoot, type Vec3 } from '../../core';
import { RootApTally } from './rootApTally';

describe('RootApTally', () => {
  it('gives rootApAr’s figures to the bit, image by image', () => {
    const rand = createRng(7);
    const r = () => rand.next();
    const at = (): Vec3 => [r() * 2000, r() * 1000, 3000 + r() * 3000];
    const images: { preds: ScoredRoot[]; gts: Vec3[] }[] = [];
    for (let i = 0; i < 400; i++) {
      const gts = Array.from({ length: Math.floor(r() * 4) }, at);
      const near = gts.map((g): ScoredRoot => ({
        root: [g[0] + r() * 300 - 150, g[1], g[2] + r() * 300 - 150],
        // Ties across images: rootApAr's sort keeps them in image order.
        score: Math.round(r() * 20) / 20,
      }));
      const astray = Array.from({ length: Math.floor(r() * 2) }, () => ({
        root: at(),
        score: r(),
      }));
      images.push({ preds: [...near, ...astray], gts });
    }
    const tally = new RootApTally();
    for (const im of images) tally.add(im.preds, im.gts);
    for (const t of ROOT_AP_THRESHOLDS_MM) expect(tally.at(t)).toEqual(rootApAr(images, t));
  });

  it('has no figure without a person to find', () => {
    const tally = new RootApTally();
    tally.add([{ root: [0, 0, 0], score: 1 }], []);
    expect(tally.at(250)).toEqual(
      rootApAr([{ preds: [{ root: [0, 0, 0], score: 1 }], gts: [] }], 250),
    );
  });
});
