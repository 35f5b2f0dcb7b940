import { describe, expect, it } from 'vitest';
import {
  cameraToPixel,
  H36M_17,
  pixelToCamera,
  type Intrinsics,
  type Pose2D,
  type Vec3,
} from '../../core';
import { predictionsOf } from './finalise';
import type { TargetState } from './stageTypes';

const K: Intrinsics = { f: [1145, 1144], c: [512, 515] };
const J = H36M_17.joints.length;
const PELVIS = H36M_17.root[0]!;

/** A person standing off the image centre, their pelvis well away from their box's centre. */
function lifted(gt2d: Pose2D): TargetState {
  return {
    target: { key: 'p1', imageId: 1, imageSourceId: '7', file: 'a.jpg', instanceId: 1, gt2d },
    image: { file: 'a.jpg', width: 1000, height: 1002, data: new Uint8Array(0) },
    box: [300, 100, 200, 500],
    rootDepth: 5000,
    relative3d: Array.from({ length: J }, (_, j): Vec3 => [j, -j, 2 * j]),
    artifacts: [],
  };
}

describe('predictionsOf', () => {
  const gt2d: Pose2D = Array.from({ length: J }, (_, j) => [380 + j, 120 + 20 * j]);

  it("back-projects a lifter's root depth at the pelvis it read, not at its box's centre", () => {
    const [p] = predictionsOf(lifted(gt2d), H36M_17, K);
    const root = pixelToCamera(gt2d[PELVIS]!, 5000, K);
    expect(p!.root_cam).toEqual(root);
    expect(p!.joints_cam![3]).toEqual([root[0] + 3, root[1] - 3, root[2] + 6]);
  });

  it('falls back to the box centre when the pelvis is not labelled', () => {
    const missing = gt2d.map((uv, j): [number, number] => (j === PELVIS ? [NaN, NaN] : [...uv]));
    const [p] = predictionsOf(lifted(missing), H36M_17, K);
    expect(p!.root_cam).toEqual(pixelToCamera([400, 350], 5000, K));
  });

  describe("weighing the bins' root depth with a fit of the lifted pose", () => {
    // A pose whose pelvis stands at 5.5 m: its projection is what the lifter read.
    const rel: Vec3[] = Array.from({ length: J }, (_, j): Vec3 =>
      j === PELVIS ? [0, 0, 0] : [80 * Math.sin(j), 60 * j - 500, 40 * Math.cos(3 * j)],
    );
    const at: Vec3 = [-400, 120, 5500];
    const image = rel.map((p) => cameraToPixel([p[0] + at[0], p[1] + at[1], p[2] + at[2]], K));
    const state = (extra: Partial<TargetState>): TargetState => ({
      ...lifted(image),
      relative3d: rel,
      rootDepth: 5000,
      ...extra,
    });

    it('places the root at the inverse-variance weighted mean of the log depths', () => {
      const [p] = predictionsOf(state({ rootDepthLogSd: 0.04, rootFitLogSd: 0.02 }), H36M_17, K);
      const depth = Math.exp((Math.log(5000) + 4 * Math.log(5500)) / 5);
      const root = pixelToCamera(image[PELVIS]!, depth, K);
      p!.root_cam!.forEach((v, i) => expect(v).toBeCloseTo(root[i]!, 6));
    });

    it("keeps the bins' depth when either card gives no spread, or the 2D cannot be fitted", () => {
      for (const extra of [{ rootDepthLogSd: 0.04 }, { rootFitLogSd: 0.02 }]) {
        const [p] = predictionsOf(state(extra), H36M_17, K);
        expect(p!.root_cam![2]).toBe(5000);
      }
      const unlabelled = image.map((uv, j): [number, number] => (j === 3 ? [...uv] : [NaN, NaN]));
      const sds = { rootDepthLogSd: 0.04, rootFitLogSd: 0.02 };
      const [p] = predictionsOf(
        { ...state(sds), target: { ...lifted(unlabelled).target } },
        H36M_17,
        K,
      );
      expect(p!.root_cam![2]).toBe(5000);
    });
  });
});
