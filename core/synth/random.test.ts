import { describe, expect, it } from 'vitest';
import { createRng } from './random';

const draw = (seed: number, n = 5) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('seeded random numbers', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('is Mulberry32: the first outputs for seed 1 match the reference implementation', () => {
    // Tommy Ettinger's published JavaScript version gives 2693262067, then 11749833.
    const r = createRng(1);
    expect([r.next(), r.next()].map((v) => v * 4294967296)).toEqual([2693262067, 11749833]);
  });

  it('forks independent named streams that do not depend on draws from the parent', () => {
    const a = createRng(7);
    const b = createRng(7);
    b.next();
    b.next();
    const fa = a.fork('people');
    const fb = b.fork('people');
    expect([fa.next(), fa.next()]).toEqual([fb.next(), fb.next()]);
    expect(a.fork('people').next()).not.toBe(a.fork('noise').next());
  });

  it('draws uniforms in [0, 1), integers in their inclusive range and unit Gaussians', () => {
    const r = createRng(2024);
    const n = 20000;
    const u = Array.from({ length: n }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const ints = new Set(Array.from({ length: 2000 }, () => r.int(3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    const g = Array.from({ length: n }, () => r.normal(10, 2));
    const mean = g.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(g.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });
});
