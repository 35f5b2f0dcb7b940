import { describe, expect, it } from 'vitest';
import { Matrix4, Vector3 } from 'three';
import { cameraToWorld, worldToCamera, type Extrinsics, type Vec3 } from '../../core';
import { toScene } from './sceneMath';
import { rigCentre, rigMatrix } from './rigMath';

const rot = (ax: number, ay: number): Extrinsics['R'] => {
  const [cx, sx, cy, sy] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay)];
  // R = Rx(ax)·Ry(ay)
  return [
    [cy, 0, sy],
    [sx * sy, cx, -sx * cy],
    [-cx * sy, sx, cx * cy],
  ];
};

describe('a rig camera in the inspected camera’s scene', () => {
  const a: Extrinsics = { R: rot(0.1, -0.3), t: [120, -800, 4000] };
  const b: Extrinsics = { R: rot(-0.2, 0.9), t: [-900, 300, 5200] };

  it('carries a point of the other camera’s space to where the inspected camera sees it', () => {
    const m = new Matrix4().fromArray(rigMatrix(a, b));
    for (const world of [
      [0, 0, 0],
      [500, -1200, 300],
      [-2000, 100, 1500],
    ] as Vec3[]) {
      const inB = worldToCamera(world, b);
      const expected = toScene(worldToCamera(cameraToWorld(inB, b), a));
      const got = new Vector3(...toScene(inB)).applyMatrix4(m);
      expect(got.x).toBeCloseTo(expected[0], 9);
      expect(got.y).toBeCloseTo(expected[1], 9);
      expect(got.z).toBeCloseTo(expected[2], 9);
    }
  });

  it('puts the inspected camera itself at the origin, unrotated', () => {
    const m = rigMatrix(a, a);
    [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1].forEach((v, i) =>
      expect(m[i]).toBeCloseTo(v, 12),
    );
    expect(rigCentre(a, b)).toEqual([
      rigMatrix(a, b)[12],
      rigMatrix(a, b)[13],
      rigMatrix(a, b)[14],
    ]);
  });
});
