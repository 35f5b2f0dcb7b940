import {
  cocoOks,
  finiteMean,
  jointErrors,
  mupotsErrors,
  pck2dJoints,
  type MupotsJoints,
  poseRoot,
  poseRankingAccuracy,
  procrustesErrors,
  rootError,
  rootRelativeErrors,
  type Skeleton,
} from '../../core';
import type { GtPerson } from '../store/labels/groundTruth';
import { oksGroundTruth, type PredictedPerson } from './pairPeople';
import type { PersonResult } from './setMetrics';

/** One matched person's 3D errors: what is defined for what the prediction carries. */
export function personMetrics3d(
  pred: PredictedPerson,
  gt: GtPerson,
  skeleton: Skeleton,
  group: string,
  mupots?: MupotsJoints,
): PersonResult {
  if (!gt.cam) return { group };
  const gtRoot = poseRoot(gt.cam, skeleton.root);
  const root = pred.root ? rootError(pred.root, gtRoot) : undefined;
  const rootZ = pred.root ? { gt: gtRoot[2], pred: pred.root[2] } : undefined;
  if (!pred.cam) return { group, root, rootZ };
  const relErrors = rootRelativeErrors(pred.cam, gt.cam, skeleton.root);
  return {
    group,
    mpjpe: finiteMean(relErrors),
    paMpjpe: finiteMean(procrustesErrors(pred.cam, gt.cam)),
    relErrors,
    // Root-relative joints with no root have no absolute position to score.
    ...(pred.root ? { absErrors: jointErrors(pred.cam, gt.cam) } : {}),
    ...(mupots ? { mupots: mupotsErrors(pred.cam, gt.cam, mupots) } : {}),
    root,
    rootZ,
    // DRPose3D's pairwise ordering accuracy (100 mm tolerance), as a percentage.
    rankingAcc: 100 * poseRankingAccuracy(pred.cam, gt.cam).accuracy,
  };
}

/** PCK@0.2 of the box's longer side: the 2D PCK PoseScope reports (MMPose's PCKAccuracy). */
export const PCK2D_ALPHA = 0.2;
/** PCKh@0.5 (MPII). */
export const PCKH_ALPHA = 0.5;

export interface Person2d {
  /** cocoapi's OKS of the pair. */
  readonly oks: number;
  /** PCK@0.2·box per joint: hit, miss, or not scored (null, a joint not labelled). */
  readonly pck: readonly (boolean | null)[];
  /** PCKh@0.5 per joint, when the person has a head size. */
  readonly pckh?: readonly (boolean | null)[];
}

export function personMetrics2d(
  pred: PredictedPerson,
  gt: GtPerson,
  sigmas: readonly number[],
): Person2d | undefined {
  if (!pred.img || !gt.img || !gt.vis) return undefined;
  const labelled = Array.from(gt.vis, (v) => v > 0);
  const box = gt.bbox ?? [0, 0, 0, 0];
  return {
    oks: cocoOks(pred.img, oksGroundTruth(gt), sigmas),
    pck: pck2dJoints(pred.img, gt.img, labelled, { kind: 'bbox', bbox: box }, PCK2D_ALPHA),
    ...(gt.headSize === undefined
      ? {}
      : {
          pckh: pck2dJoints(
            pred.img,
            gt.img,
            labelled,
            { kind: 'head', headSize: gt.headSize },
            PCKH_ALPHA,
          ),
        }),
  };
}

/** Hits over scored joints (%), null when none was scored: one person's PCK. */
export function pckPercent(joints: readonly (boolean | null)[]): number | null {
  const scored = joints.filter((h) => h !== null);
  return scored.length === 0 ? null : (100 * scored.filter((h) => h).length) / scored.length;
}
