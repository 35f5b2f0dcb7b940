import { describe, expect, it } from 'vitest';
import { f64Array, grownTo } from './typedArrays';

describe('grownTo', () => {
  it('keeps an array long enough, and copies into one twice as long (or as asked) otherwise', () => {
    const a = Float64Array.from([1, 2, 3]);
    expect(grownTo(a, 3)).toBe(a);
    const b = grownTo(a, 4);
    expect(b).toBeInstanceOf(Float64Array);
    expect(Array.from(b)).toEqual([1, 2, 3, 0, 0, 0]);
    const c = grownTo(Uint8Array.from([7]), 5);
    expect(c).toBeInstanceOf(Uint8Array);
    expect(Array.from(c)).toEqual([7, 0, 0, 0, 0]);
  });
});

describe('f64Array', () => {
  it('gives zeroed arrays of the asked length that share no values, across slabs', () => {
    const arrays = Array.from({ length: 500 }, (_, i) => f64Array(1 + (i % 60)));
    arrays.forEach((a, i) => {
      expect(a).toBeInstanceOf(Float64Array);
      expect(a.length).toBe(1 + (i % 60));
      expect(a.every((v) => v === 0)).toBe(true);
      a.fill(i);
    });
    arrays.forEach((a, i) => expect(a.every((v) => v === i)).toBe(true));
    // A large one is an array of its own.
    expect(f64Array(5000).byteOffset).toBe(0);
    expect(f64Array(5000).buffer.byteLength).toBe(40000);
  });
});
