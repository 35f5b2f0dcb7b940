import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySimilarity, procrustesAlign, rootAlign, umeyama } from './align';
import { det3 } from './linalg/vec';
import type { Mat3, Pose3D } from './types';

const rotZ = (a: number): Mat3 => [
  [Math.cos(a), -Math.sin(a), 0],
  [Math.sin(a), Math.cos(a), 0],
  [0, 0, 1],
];

const tetra: Pose3D = [
  [0, 0, 0],
  [100, 0, 0],
  [0, 200, 0],
  [0, 0, 300],
  [50, 60, 70],
];

describe('alignment', () => {
  it('root alignment moves the root joint to the origin', () => {
    const out = rootAlign(tetra, [1]);
    expect(out[1]).toEqual([0, 0, 0]);
    expect(out[0]).toEqual([-100, 0, 0]);
    // A root defined as the mean of two joints (COCO mid-hip).
    expect(rootAlign(tetra, [0, 1])[0]).toEqual([-50, 0, 0]);
  });

  it('Umeyama recovers a known similarity transform exactly', () => {
    const truth = { R: rotZ(Math.PI / 2), s: 2, t: [10, 20, 30] as const };
    // Hand-checked: (100, 0, 0) rotated 90° about z is (0, 100, 0); ×2 + t = (10, 220, 30).
    const moved = applySimilarity(tetra, truth);
    expect(moved[1]![0]).toBeCloseTo(10, 10);
    expect(moved[1]![1]).toBeCloseTo(220, 10);
    const est = umeyama(tetra, moved);
    expect(est.s).toBeCloseTo(2, 10);
    est.t.forEach((v, i) => expect(v).toBeCloseTo(truth.t[i]!, 8));
    est.R.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(truth.R[i]![j]!, 10)));
  });

  it('guards against reflections: a mirrored pose is fit by a proper rotation', () => {
    const mirrored = tetra.map(([x, y, z]) => [-x, y, z] as const);
    const { R } = umeyama(tetra, mirrored);
    expect(det3(R)).toBeCloseTo(1, 10);
    const aligned = procrustesAlign(tetra, mirrored);
    const err = aligned.reduce(
      (e, p, i) => e + Math.hypot(...p.map((v, k) => v - mirrored[i]![k]!)),
      0,
    );
    expect(err).toBeGreaterThan(1);
  });

  it('ignores joints that are missing in either pose', () => {
    const withNaN: Pose3D = [...tetra, [NaN, 0, 0]];
    const moved = [
      ...applySimilarity(tetra, { R: rotZ(0.3), s: 1.5, t: [1, 2, 3] }),
      [5, 5, 5] as const,
    ];
    const est = umeyama(withNaN, moved);
    expect(est.s).toBeCloseTo(1.5, 10);
  });

  it('rigid mode keeps the scale at 1', () => {
    const moved = applySimilarity(tetra, { R: rotZ(0.4), s: 3, t: [0, 0, 0] });
    expect(umeyama(tetra, moved, false).s).toBe(1);
  });

  it('is exact for random similarity transforms (property)', () => {
    const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
    fc.assert(
      fc.property(angle, fc.double({ min: 0.2, max: 5, noNaN: true }), (a, s) => {
        const out = procrustesAlign(
          applySimilarity(tetra, { R: rotZ(a), s, t: [5, -7, 900] }),
          tetra,
        );
        out.forEach((p, i) => p.forEach((v, k) => expect(v).toBeCloseTo(tetra[i]![k]!, 6)));
      }),
    );
  });
});
