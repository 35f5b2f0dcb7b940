import { describe, expect, it } from 'vitest';
import { blobF64 } from '../store/db/blobs';
import { AUC_THRESHOLDS_MM, pck3dHit } from '../../core';
import { firstHit, jointErrorBlob, PckTally } from './pckTally';

const hitsOf = (errors: readonly number[]) => {
  const t = new PckTally();
  t.add(errors);
  return t.hits;
};

describe('stored joint errors', () => {
  it('are float32 when rounding moves no error across a threshold, and count the same hits', () => {
    const errors = [12.345678912345, 87.12345678901, 0.000001234, NaN, Infinity, 150, 35];
    const b = jointErrorBlob(errors);
    expect(b.byteLength).toBe(errors.length * 4 + 1);
    const back = Array.from(blobF64(b)!);
    back.forEach((e, i) => {
      const was = errors[i]!;
      if (Number.isFinite(was)) expect(Math.abs(e - was)).toBeLessThanOrEqual(was * 2 ** -24);
      else expect(e).toBe(was);
    });
    expect(hitsOf(back)).toEqual(hitsOf(errors));
  });

  it('stay float64 when float32 rounding would carry one onto a threshold', () => {
    // Just under 150 mm, this rounds to exactly 150 as float32: a hit (< 150) would become a miss.
    const under = 150 - 1e-9;
    expect(Math.fround(under)).toBe(150);
    const errors = [10.5, under];
    const b = jointErrorBlob(errors);
    expect(b.byteLength).toBe(16);
    expect(Array.from(blobF64(b)!)).toEqual(errors);
    // The same just under 5 mm, the curve's second threshold.
    expect(jointErrorBlob([5 - 1e-12]).byteLength).toBe(8);
  });
});

describe('the AUC tally', () => {
  // Every threshold asked directly, as mpii_compute_3d_pck.m does: error < threshold.
  const bruteHits = (errors: readonly number[]) =>
    AUC_THRESHOLDS_MM.map((t) => errors.filter((e) => !Number.isNaN(e) && e < t).length);

  it('counts each error at every threshold it is under, exact thresholds as misses', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 170 - 5;
    const errors = [
      ...AUC_THRESHOLDS_MM,
      ...AUC_THRESHOLDS_MM.map((t) => t - 1e-9),
      ...AUC_THRESHOLDS_MM.map((t) => t + 1e-9),
      NaN,
      Infinity,
      -Infinity,
      -0,
      ...Array.from({ length: 2000 }, rand),
    ];
    const t = new PckTally();
    t.add(errors.slice(0, 500));
    t.add(errors.slice(500));
    expect(t.hits).toEqual(bruteHits(errors));
    expect(t.total).toBe(errors.length - 1);
    expect(t.pck).toBeCloseTo((100 * bruteHits(errors)[30]!) / (errors.length - 1), 12);
    const picked = [3, 0, 40, 7];
    const u = new PckTally();
    u.add(errors, picked);
    expect(u.hits).toEqual(bruteHits(picked.map((j) => errors[j]!)));
    expect(u.withMisses(2).total).toBe(6);
    expect(u.withMisses(2).hits).toEqual(u.hits);
  });

  it('finds where an error starts to count by the same rule', () => {
    for (const e of [-1, 0, 0.1, 4.999, 5, 5.001, 149.9, 150, 151, NaN, Infinity])
      expect(firstHit(e)).toBe(
        AUC_THRESHOLDS_MM.findIndex((t) => pck3dHit(e, t)) === -1
          ? AUC_THRESHOLDS_MM.length
          : AUC_THRESHOLDS_MM.findIndex((t) => pck3dHit(e, t)),
      );
  });
});
