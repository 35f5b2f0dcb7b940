import {
  depthRankingMatrix,
  finiteMean,
  jointErrors,
  oks,
  pck2dCount,
  poseRoot,
  procrustesErrors,
  rootError,
  rankingAccuracy,
  rootRelativeErrors,
  type Skeleton,
} from '../../core';
import type { GtPerson } from './groundTruth';
import type { PredictedPerson } from './matchPeople';
import type { PersonResult } from './setMetrics';

/** One matched person's 3D errors: what is defined for what the prediction carries. */
export function personMetrics3d(
  pred: PredictedPerson,
  gt: GtPerson,
  skeleton: Skeleton,
  group: string,
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
    absErrors: jointErrors(pred.cam, gt.cam),
    root,
    rootZ,
    // DRPose3D's pairwise ordering accuracy (100 mm tolerance), as a percentage.
    rankingAcc:
      100 * rankingAccuracy(depthRankingMatrix(pred.cam), depthRankingMatrix(gt.cam)).accuracy,
  };
}

/** PCK@0.2 of the box's longer side: the 2D PCK PoseScope reports for COCO-style sets. */
export const PCK2D_ALPHA = 0.2;

export interface Person2d {
  readonly oks: number;
  readonly pck: { hits: number; total: number };
}

export function personMetrics2d(
  pred: PredictedPerson,
  gt: GtPerson,
  sigmas: readonly number[],
): Person2d | undefined {
  if (!pred.img || !gt.img || !gt.vis) return undefined;
  const vis = Array.from(gt.vis);
  const box = gt.bbox ?? [0, 0, 0, 0];
  return {
    oks: oks(pred.img, gt.img, vis, gt.area, sigmas),
    pck: pck2dCount(
      pred.img,
      gt.img,
      vis.map((v) => v > 0),
      { kind: 'bbox', bbox: box },
      PCK2D_ALPHA,
    ),
  };
}
