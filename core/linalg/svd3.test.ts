import fc from 'fast-check';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import type { Mat3 } from '../types';
import { svd3 } from './svd3';
import { det3, mulMat3, transpose3 } from './vec';

const anyEntry = fc.double({ min: -1000, max: 1000, noNaN: true });
// ml-matrix's SVD loses accuracy on subnormal entries, so the cross-check uses centi-units.
const centiEntry = fc.integer({ min: -100_000, max: 100_000 }).map((v) => v / 100);
const mat3Of = (entry: fc.Arbitrary<number>) =>
  fc
    .tuple(
      fc.tuple(entry, entry, entry),
      fc.tuple(entry, entry, entry),
      fc.tuple(entry, entry, entry),
    )
    .map((m) => m as unknown as Mat3);

const diag = (s: readonly number[]): Mat3 => [
  [s[0]!, 0, 0],
  [0, s[1]!, 0],
  [0, 0, s[2]!],
];

function expectClose(a: Mat3, b: Mat3, tol: number) {
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) expect(Math.abs(a[i]![j]! - b[i]![j]!)).toBeLessThanOrEqual(tol);
}

describe('svd3', () => {
  it('decomposes a hand-checked matrix: diag(3, −2, 1) has singular values 3, 2, 1', () => {
    const { U, S, V } = svd3(diag([3, -2, 1]));
    expect(S[0]).toBeCloseTo(3, 12);
    expect(S[1]).toBeCloseTo(2, 12);
    expect(S[2]).toBeCloseTo(1, 12);
    expectClose(mulMat3(mulMat3(U, diag(S)), transpose3(V)), diag([3, -2, 1]), 1e-12);
  });

  it('reconstructs A = U·S·Vᵀ with orthonormal U, V, singular values descending', () => {
    fc.assert(
      fc.property(mat3Of(anyEntry), (a) => {
        const { U, S, V } = svd3(a);
        const scale = Math.max(1, ...a.flat().map(Math.abs));
        expectClose(mulMat3(mulMat3(U, diag(S)), transpose3(V)), a, 1e-9 * scale);
        expectClose(mulMat3(transpose3(U), U), diag([1, 1, 1]), 1e-9);
        expectClose(mulMat3(transpose3(V), V), diag([1, 1, 1]), 1e-9);
        expect(S[0]).toBeGreaterThanOrEqual(S[1]);
        expect(S[1]).toBeGreaterThanOrEqual(S[2]);
      }),
    );
  });

  it('keeps U and V orthonormal for subnormal entries (their squares underflow to 0)', () => {
    const tiny = 1.00000000006e-313;
    const a: Mat3 = [
      [0, 0, 0],
      [tiny, 0, tiny],
      [0, 0, 0],
    ];
    const { U, S, V } = svd3(a);
    expectClose(mulMat3(transpose3(U), U), diag([1, 1, 1]), 1e-9);
    expectClose(mulMat3(transpose3(V), V), diag([1, 1, 1]), 1e-9);
    expect(S[0] / tiny).toBeCloseTo(Math.SQRT2, 9);
    expectClose(mulMat3(mulMat3(U, diag(S)), transpose3(V)), a, 1e-320);
  });

  it('agrees with ml-matrix on the singular values', () => {
    fc.assert(
      fc.property(mat3Of(centiEntry), (a) => {
        const { S } = svd3(a);
        const ref = new SingularValueDecomposition(new Matrix(a.map((r) => [...r])));
        ref.diagonal.forEach((s, i) =>
          expect(Math.abs(S[i]! - s)).toBeLessThanOrEqual(1e-9 * (1 + s)),
        );
      }),
    );
  });

  it('completes U to a rotation-or-reflection basis for rank-deficient input', () => {
    const rank1: Mat3 = [
      [1, 2, 3],
      [2, 4, 6],
      [3, 6, 9],
    ];
    const { U, S, V } = svd3(rank1);
    expect(S[1]).toBeLessThan(1e-10);
    expect(Math.abs(det3(U))).toBeCloseTo(1, 10);
    expectClose(mulMat3(mulMat3(U, diag(S)), transpose3(V)), rank1, 1e-9);
    const zero = svd3(diag([0, 0, 0]));
    expect(zero.S).toEqual([0, 0, 0]);
    expect(Math.abs(det3(zero.U))).toBeCloseTo(1, 12);
  });
});
