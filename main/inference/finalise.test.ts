import { describe, expect, it } from 'vitest';
import {
  cameraToPixel,
  fitRootTranslation,
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

    describe('on exact 2D (labels projected from 3D)', () => {
      // The lifter got one wrist 300 mm wrong; the 2D is the true pose's projection.
      const WRIST = H36M_17.joints.findIndex((j) => j.name === 'R_Wrist');
      const wrong = rel.map((p, j): Vec3 => (j === WRIST ? [p[0] + 300, p[1], p[2]] : p));
      const sds = {
        rootDepthLogSd: 0.04,
        rootFitLogSd: 0.02,
        rootDepthExactLogSd: 0.03,
        rootFitExact: {
          logSd: 0.01,
          jointSdMm: wrong.map((_, j) => (j === WRIST ? 1e6 : 20)),
        },
      };
      const exact = (extra: Partial<TargetState>): TargetState => {
        const s = state({ ...sds, relative3d: wrong, ...extra });
        return { ...s, target: { ...s.target, gt2dExact: true } };
      };
      const fused = (bins: number, binsSd: number, fit: number, fitSd: number) =>
        Math.exp(
          (Math.log(bins) / binsSd ** 2 + Math.log(fit) / fitSd ** 2) /
            (1 / binsSd ** 2 + 1 / fitSd ** 2),
        );
      const equalFit = fitRootTranslation(
        wrong,
        image,
        image.map(() => 1),
        K,
      )![2];

      it('weighs each joint by its spread and both readings by their spreads on exact 2D', () => {
        expect(Math.abs(equalFit - 5500)).toBeGreaterThan(20);
        const [p] = predictionsOf(exact({}), H36M_17, K);
        // The wrist all but left out, the rest of the pose fits its true 5.5 m.
        expect(p!.root_cam![2]).toBeCloseTo(fused(5000, 0.03, 5500, 0.01), 3);
      });

      it('weighs joints alike, with the spreads on noisy 2D, where the 2D has errors of its own', () => {
        const noisy = fused(5000, 0.04, equalFit, 0.02);
        const clicked = exact({});
        const cases: TargetState[] = [
          // Clicked 2D-only labels (COCO, MPII): no 3D for them to be the projection of.
          { ...clicked, target: { ...clicked.target, gt2dExact: false } },
          // A 2D stage's joints, whatever the dataset's labels are.
          exact({ joints2d: image }),
          // A model of one's own whose cards give no exact-2D figures.
          exact({ rootFitExact: undefined }),
          exact({ rootDepthExactLogSd: undefined }),
        ];
        for (const s of cases) {
          const [p] = predictionsOf(s, H36M_17, K);
          expect(p!.root_cam![2]).toBeCloseTo(noisy, 6);
        }
      });
    });
  });
});
