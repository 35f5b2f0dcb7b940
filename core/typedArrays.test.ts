import { describe, expect, it } from 'vitest';
import { grownTo } from './typedArrays';

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
