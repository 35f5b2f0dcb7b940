import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jacobiSvd, solveLinear } from './dense';

const mulVec = (a: readonly (readonly number[])[], x: readonly number[]) =>
  a.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('jacobiSvd', () => {
  it('finds a hand-checked decomposition: diag(3, 1) under a 2×2 rotation of the columns', () => {
    // A = diag(3, 1)·Rᵀ with R the 30° rotation: singular values 3, 1; V = R's columns.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const { S, V } = jacobiSvd([
      [3 * c, 3 * s],
      [-s, c],
    ]);
    expect(S[0]).toBeCloseTo(3, 14);
    expect(S[1]).toBeCloseTo(1, 14);
    expect(Math.abs(dot(V[0]!, [c, s]))).toBeCloseTo(1, 14);
    expect(Math.abs(dot(V[1]!, [-s, c]))).toBeCloseTo(1, 14);
  });

  it('returns the exact null vector of a rank-deficient 6×4 matrix', () => {
    const z = [1, -2, 0.5, 3];
    // Rows orthogonal to z by construction.
    const rows = [
      [2, 1, 0, 0],
      [0, 0, 6, -1],
      [3, 0, 0, -1],
      [0, 1.5, 6, 0],
      [1, 1, 2, 0],
      [-3, 0, 0, 1],
    ];
    rows.forEach((r) => expect(dot(r, z)).toBe(0));
    const { S, V } = jacobiSvd(rows);
    expect(S[3]).toBeLessThan(1e-14 * S[0]!);
    const n = Math.hypot(...z);
    expect(Math.abs(dot(V[3]!, z) / n)).toBeCloseTo(1, 14);
  });

  it('gives orthonormal V with ‖A·v_k‖ = S_k, descending, for random tall matrices', () => {
    const entry = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    const matrix = fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc.array(fc.array(entry, { minLength: n, maxLength: n }), {
        minLength: n,
        maxLength: n + 4,
      }),
    );
    fc.assert(
      fc.property(matrix, (a) => {
        const { S, V } = jacobiSvd(a);
        const scale = Math.max(1, S[0]!);
        V.forEach((v, k) => {
          V.forEach((w, l) => expect(Math.abs(dot(v, w) - +(k === l))).toBeLessThan(1e-12));
          expect(Math.abs(Math.hypot(...mulVec(a, v)) - S[k]!)).toBeLessThan(1e-11 * scale);
          if (k > 0) expect(S[k]!).toBeLessThanOrEqual(S[k - 1]!);
        });
      }),
    );
  });

  it('refuses a wide matrix', () => {
    expect(() => jacobiSvd([[1, 2, 3]])).toThrow(/at least as many rows as columns, got 1×3/);
  });
});

describe('solveLinear', () => {
  it('solves a system that needs pivoting (zero leading entry)', () => {
    const x = solveLinear(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 0, 3],
      ],
      [5, 6, 13],
    );
    // x = (2, 1, 3): 0+2+3 = 5, 2+1+3 = 6, 4+0+9 = 13.
    expect(x).toEqual([2, 1, 3].map((v) => expect.closeTo(v, 13)));
  });

  it('returns undefined for a singular matrix', () => {
    expect(
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeUndefined();
  });

  it('refuses mismatched sizes', () => {
    expect(() => solveLinear([[1, 2]], [1])).toThrow(/n×n matrix/);
  });
});
