import {
  boxCentre,
  greedyMatchByDistance,
  poseRoot,
  poseRoot2d,
  type BBox,
  type Pose2D,
  type Pose3D,
  type Vec3,
} from '../../core';
import type { GtPerson } from './groundTruth';
import { toPose2, toPose3 } from './groundTruth';
import type { PredictionRecord } from './predictionFile';

export interface PredictedPerson {
  readonly record: PredictionRecord;
  /** Absolute camera-space pose (mm). */
  readonly cam?: Pose3D;
  readonly root?: Vec3;
  readonly img?: Pose2D;
  readonly score: number;
}

const near0 = (v: Vec3) => Math.hypot(v[0], v[1], v[2]) < 1;

/**
 * A prediction in absolute camera space. `joints_cam` are absolute as RootNet writes them;
 * when they are root-relative (root joint at the origin) and `root_cam` is given, the root is
 * added, as PoseNet's outputs are combined with RootNet's.
 */
export function predictedPerson(p: PredictionRecord, root: readonly number[]): PredictedPerson {
  let cam: Vec3[] | undefined = p.jointsCam ? toPose3(p.jointsCam) : undefined;
  const rel = cam ? poseRoot(cam, root) : undefined;
  if (cam && rel && p.rootCam && near0(rel)) {
    const [rx, ry, rz] = p.rootCam;
    cam = cam.map(([x, y, z]) => [x + rx, y + ry, z + rz] as const);
  }
  const r = p.rootCam ?? (cam ? poseRoot(cam, root) : undefined);
  return {
    record: p,
    cam,
    root: r && r.every(Number.isFinite) ? r : undefined,
    img: p.jointsImg ? toPose2(p.jointsImg) : undefined,
    score: p.score ?? 1,
  };
}

const root2 = (pose: Pose2D | undefined, root: readonly number[]): Vec3 | undefined => {
  if (!pose) return undefined;
  const [u, v] = poseRoot2d(pose, root);
  return [u, v, 0];
};

const centre = (b: BBox | undefined): Vec3 | undefined => {
  if (!b) return undefined;
  const [u, v] = boxCentre(b);
  return [u, v, 0];
};

const NOWHERE: Vec3 = [NaN, NaN, NaN];

/**
 * Pairs predicted and ground-truth people of one image by nearest root, greedily and one to
 * one: in camera space when every prediction and person has a 3D root, otherwise in pixels
 * (2D roots, or box centres). Returns each prediction's person index or −1.
 */
export function matchPeople(
  preds: readonly PredictedPerson[],
  gts: readonly GtPerson[],
  root: readonly number[],
): number[] {
  const in3d = preds.every((p) => p.root) && gts.every((g) => g.cam);
  if (in3d) {
    return greedyMatchByDistance(
      preds.map((p) => p.root!),
      gts.map((g) => poseRoot(g.cam!, root)),
    );
  }
  return greedyMatchByDistance(
    preds.map((p) => root2(p.img, root) ?? centre(p.record.bbox) ?? NOWHERE),
    gts.map((g) => root2(g.img, root) ?? centre(g.bbox) ?? NOWHERE),
  );
}
