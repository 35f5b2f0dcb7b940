import { describe, expect, it } from 'vitest';
import { blobF64 } from '../store/db/blobs';
import { jointErrorBlob, PckTally } from './pckTally';

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
