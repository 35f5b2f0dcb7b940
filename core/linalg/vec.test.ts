import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../types';
import {
  angleBetween,
  det3,
  dist3,
  mulMat3,
  mulMat3Vec3,
  norm3,
  rotationBetween,
  transpose3,
} from './vec';

const component = fc.double({ min: -1000, max: 1000, noNaN: true });
const vector = fc
  .tuple(component, component, component)
  .filter((v) => norm3(v) > 1e-3) as fc.Arbitrary<Vec3>;

const expectRotationTaking = (a: Vec3, b: Vec3) => {
  const R = rotationBetween(a, b);
  const rtr = mulMat3(transpose3(R), R);
  rtr.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 12)));
  expect(det3(R)).toBeCloseTo(1, 12);
  const ra = mulMat3Vec3(R, a);
  const scale = norm3(a) / norm3(b);
  ra.forEach((v, i) => expect(Math.abs(v - b[i]! * scale)).toBeLessThan(1e-9 * norm3(a)));
};

describe('vec', () => {
  it('measures angles between vectors, accurately near 0 and π', () => {
    expect(angleBetween([1, 0, 0], [0, 2, 0])).toBeCloseTo(Math.PI / 2, 14);
    expect(angleBetween([1, 0, 0], [1, 1e-9, 0])).toBeCloseTo(1e-9, 20);
    expect(angleBetween([1, 0, 0], [-3, 0, 0])).toBeCloseTo(Math.PI, 14);
  });

  it('rotationBetween is a proper rotation taking a onto b’s direction', () => {
    fc.assert(fc.property(vector, vector, (a, b) => expectRotationTaking(a, b)));
  });

  it('rotationBetween handles equal and opposite directions and zero vectors', () => {
    expect(rotationBetween([0, 0, 2], [0, 0, 5])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expectRotationTaking([0, 0, 2], [0, 0, -5]);
    expectRotationTaking([1, 2, 3], [-1, -2, -3]);
    expect(rotationBetween([0, 0, 0], [1, 0, 0])[0]).toEqual([1, 0, 0]);
  });

  it('rotationBetween turns a limb without spinning it: the axis a×b stays fixed', () => {
    const R = rotationBetween([1, 0, 0], [0, 1, 0]);
    const axis = mulMat3Vec3(R, [0, 0, 1]);
    axis.forEach((v, i) => expect(v).toBeCloseTo([0, 0, 1][i]!, 14));
  });
});

describe('lengths', () => {
  it('are √(x² + y² + z²) as the evaluation scripts compute them, to the last bit', () => {
    for (let i = 0; i < 1000; i++) {
      const a: Vec3 = [Math.sin(i) * 300, Math.cos(i * 1.7) * 900, 4000 + i];
      const b: Vec3 = [i % 7, -(i % 13), 3990];
      const [x, y, z] = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
      expect(dist3(a, b)).toBe(Math.sqrt(x * x + y * y + z * z));
      expect(norm3(a)).toBe(Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]));
    }
    expect(dist3([3, 4, 0], [0, 0, 0])).toBe(5);
  });

  it('keep an infinite coordinate an infinite length, and a lone NaN a NaN', () => {
    expect(norm3([Infinity, 0, 0])).toBe(Infinity);
    expect(norm3([Infinity, NaN, 0])).toBe(Infinity);
    expect(norm3([NaN, 1, 0])).toBeNaN();
    expect(norm3([1e200, 1e200, 0])).toBeCloseTo(Math.SQRT2 * 1e200, -190);
  });
});
