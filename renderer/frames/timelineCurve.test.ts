import { describe, expect, it } from 'vitest';
import { CURVE_H, CURVE_W, curvePath } from './timelineCurve';

/** The path's points as [command, x, y]. */
const points = (d: string) =>
  [...d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)].map(
    (m) => [m[1]!, Number(m[2]), Number(m[3])] as const,
  );

/** Frames 0..n-1 with consecutive slots, except where `gapsAfter` leaves one out. */
function take(n: number, gapsAfter: readonly number[] = []) {
  let slot = 0;
  return Array.from({ length: n }, (_, i) => ({
    slot: (slot += i > 0 && gapsAfter.includes(i - 1) ? 2 : i > 0 ? 1 : 0),
  }));
}

/** Random walk with a few spikes, seeded. */
function series(n: number, seed = 7): number[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let v = 80;
  return Array.from({ length: n }, (_, i) => {
    v = Math.max(0, v + (rnd() - 0.5) * 10);
    return i % 997 === 500 ? v + 400 : v;
  });
}

describe('curvePath', () => {
  it('draws every frame of a short take, breaking at missing values and gaps', () => {
    const frames = take(6, [3]);
    const values = [10, 20, null, 40, 50, 30];
    const { d, hi } = curvePath(frames, values);
    expect(hi).toBe(50);
    const p = points(d);
    // Frame 2 has no value (a break); frames 3 and 4 are two slots apart (a gap).
    expect(p.map((q) => q[0]).join('')).toBe('MLMML');
    const span = frames[5]!.slot;
    expect(p.map((q) => q[1])).toEqual(
      [0, 1, 3, 4, 5].map((i) => Number(((frames[i]!.slot / span) * CURVE_W).toFixed(1))),
    );
    // Highest value at the top margin, zero at the bottom one.
    expect(p[3]![2]).toBe(4);
    expect(points(curvePath(take(2), [0, 5]).d)[0]![2]).toBe(CURVE_H - 4);
  });

  it('draws a long take through each unit of width’s lowest and highest point', () => {
    const n = 5000;
    const frames = take(n);
    const values = series(n);
    const { d, hi } = curvePath(frames, values);
    const p = points(d);
    expect(hi).toBe(Math.max(...values));
    expect(p.length).toBeLessThanOrEqual(2 * CURVE_W + 2);
    expect(p.length).toBeGreaterThan(CURVE_W);
    // Every unit's extremes are on the path, at their own frame's x.
    const y = (v: number) => Number((CURVE_H - 4 - (v / hi) * (CURVE_H - 8)).toFixed(1));
    const byUnit = new Map<number, number[]>();
    values.forEach((_, i) => {
      const u = Math.floor((i / (n - 1)) * CURVE_W);
      byUnit.set(u, [...(byUnit.get(u) ?? []), i]);
    });
    const drawn = new Set(p.map((q) => `${q[1]},${q[2]}`));
    for (const idx of byUnit.values()) {
      const lo = idx.reduce((a, b) => (values[b]! < values[a]! ? b : a));
      const top = idx.reduce((a, b) => (values[b]! > values[a]! ? b : a));
      for (const i of [lo, top]) {
        const x = Number(((i / (n - 1)) * CURVE_W).toFixed(1));
        expect(drawn.has(`${x},${y(values[i]!)}`)).toBe(true);
      }
    }
    // Left to right, and one unbroken line.
    expect(p.every((q, i) => i === 0 || q[1] >= p[i - 1]![1])).toBe(true);
    expect(p.filter((q) => q[0] === 'M')).toHaveLength(1);
  });

  it('keeps a long take’s breaks', () => {
    const n = 4000;
    const values: (number | null)[] = series(n);
    values[1000] = null;
    const { d } = curvePath(take(n, [2500]), values);
    expect(points(d).filter((q) => q[0] === 'M')).toHaveLength(3);
  });
});
