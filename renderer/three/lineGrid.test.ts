import { Color } from 'three';
import { describe, expect, it } from 'vitest';
import { lineGridGeometry } from './lineGrid';

describe('lineGridGeometry', () => {
  const cell = new Color('#2b333c');
  const section = new Color('#47525e');
  const bg = new Color('#14191f');
  const g = lineGridGeometry('#2b333c', '#47525e', '#14191f');
  const pos = g.getAttribute('position');
  const col = g.getAttribute('color');
  const points = Array.from({ length: pos.count }, (_, i) => ({
    x: pos.getX(i),
    y: pos.getY(i),
    z: pos.getZ(i),
    rgb: [col.getX(i), col.getY(i), col.getZ(i)] as const,
  }));
  const near = (a: readonly number[], b: Color, tol = 1e-6) =>
    Math.max(Math.abs(a[0]! - b.r), Math.abs(a[1]! - b.g), Math.abs(a[2]! - b.b)) < tol;

  it('lies in its local XZ plane, as segments along the two axes', () => {
    expect(pos.count % 2).toBe(0);
    expect(points.every((p) => p.y === 0)).toBe(true);
    for (let i = 0; i < points.length; i += 2) {
      const [a, b] = [points[i]!, points[i + 1]!];
      // Each piece runs along x or along z.
      expect(a.x === b.x || a.z === b.z).toBe(true);
    }
  });

  it('draws section lines every metre to 12 m and fine lines between them to 5 m', () => {
    const lineAt = (v: number) => Number(v.toFixed(6));
    const xLines = new Set(points.filter((_, i) => i % 4 < 2).map((p) => lineAt(p.x)));
    expect(Math.min(...xLines)).toBe(-12);
    expect(Math.max(...xLines)).toBe(12);
    const fine = [...xLines].filter((v) => !Number.isInteger(v));
    expect(fine.every((v) => Math.abs(v) <= 5 && Number.isInteger(v * 4))).toBe(true);
    // 0.25 m steps within 5 m, less the 11 that section lines cover.
    expect(fine).toHaveLength(41 - 11);
  });

  it('fades from the line colour at the centre to the background at its reach', () => {
    const centre = points.filter((p) => p.x === 0 && p.z === 0);
    expect(centre.some((p) => near(p.rgb, section))).toBe(true);
    // The fine line nearest the centre, 0.25 m out, has faded by 1 % of the way.
    expect(points.some((p) => Math.hypot(p.x, p.z) < 0.3 && near(p.rgb, cell, 0.01))).toBe(true);
    const far = points.filter((p) => Math.hypot(p.x, p.z) >= 12);
    expect(far.length).toBeGreaterThan(0);
    expect(far.every((p) => near(p.rgb, bg))).toBe(true);
    // Along one section line, brightness falls as the distance grows.
    const line = points
      .filter((p) => p.x === 1)
      .sort((a, b) => Math.abs(a.z) - Math.abs(b.z))
      .map((p) => p.rgb[0]);
    for (let i = 1; i < line.length; i++) expect(line[i]!).toBeLessThanOrEqual(line[i - 1]! + 1e-9);
  });
});
