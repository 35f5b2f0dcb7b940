import {
  boxCentre,
  cameraToPixel,
  fitRootTranslation,
  fuseDepths,
  pixelToCamera,
  placeAtRoot,
  poseRoot2d,
  type BBox,
  type Intrinsics,
  type Pose2D,
  type Skeleton,
  type Vec2,
  type Vec3,
} from '../../core';
import { joints2dRead, type TargetState } from './stageTypes';

/** A prediction in the prediction file's own format, as inference_results stores it. */
export interface PredictionJson {
  image_id: string;
  /** The labelled person whose box the prediction was made from. */
  ann_id?: string;
  bbox?: readonly number[];
  score?: number;
  root_cam?: readonly number[];
  joints_cam?: readonly (readonly number[])[];
  joints_img?: readonly (readonly number[])[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The 2D root the root depth is back-projected at; the box centre when the root joint (or,
 * for a skeleton rooted between two joints, either of them) is not labelled. */
function rootPixel(joints: Pose2D | undefined, skeleton: Skeleton, box: BBox): Vec2 {
  const root = joints && poseRoot2d(joints, skeleton.root);
  return root && root.every(Number.isFinite) ? root : boxCentre(box);
}

/** How a target's two root-depth readings are made and weighed (rootDepthOf). */
interface Readings {
  /** Each joint's weight in the fit of the lifted pose. */
  readonly weights: readonly number[];
  readonly binsLogSd: number;
  readonly fitLogSd: number;
}

/**
 * On exact 2D (labels projected from 3D, no 2D stage), what is left in the fit's equations is
 * the lifted pose's own error, so each joint counts by the inverse square of its spread, and
 * both readings by their spreads on clean 2D: on held-out subject 006 the root lands 82 mm off
 * instead of 95. On 2D with errors of its own (a 2D model's, clicked labels) a few wrong
 * pixels on the steady joints would then pull hardest (137 → 147 mm at σ 5 px), so every joint
 * counts alike there (or by the 2D stage's scores), with the spreads at σ 5 px.
 */
function readingsOf(s: TargetState, joints2d: Pose2D): Readings | undefined {
  const exact = s.rootFitExact;
  if (
    s.joints2d === undefined &&
    s.target.gt2dExact === true &&
    exact &&
    s.rootDepthExactLogSd !== undefined
  )
    return {
      weights: exact.jointSdMm.map((sd) => (sd === null ? 0 : 1 / (sd * sd))),
      binsLogSd: s.rootDepthExactLogSd,
      fitLogSd: exact.logSd,
    };
  if (s.rootDepthLogSd === undefined || s.rootFitLogSd === undefined) return undefined;
  return {
    weights: s.scores ?? joints2d.map(() => 1),
    binsLogSd: s.rootDepthLogSd,
    fitLogSd: s.rootFitLogSd,
  };
}

/**
 * The root depth a target's predictions are placed at: the root-depth model's, weighed with
 * the depth at which the lifted pose best reprojects onto the 2D when both models' cards give
 * their held-out spreads (two readings of the body's size against the image: the bins from the
 * 2D alone, the fit through the lifter's 3D). The depth-bins artifact keeps the bins' own.
 */
function rootDepthOf(
  s: TargetState,
  joints2d: Pose2D | undefined,
  intrinsics: Intrinsics,
): number | undefined {
  const bins = s.rootDepth;
  if (bins === undefined || !s.relative3d || !joints2d) return bins;
  const how = readingsOf(s, joints2d);
  if (!how) return bins;
  const fit = fitRootTranslation(s.relative3d, joints2d, how.weights, intrinsics);
  if (!fit) return bins;
  return (
    fuseDepths([
      { depth: bins, logSd: how.binsLogSd },
      { depth: fit[2], logSd: how.fitLogSd },
    ]) ?? bins
  );
}

/**
 * What a target's stages add up to, as predictions: 2D joints from a heatmap or volumetric
 * stage; the root in camera space from a root depth (rootDepthOf), back-projected at the 2D
 * root (or the box centre); 3D joints from a lifter placed at that root, or from volumetric relative depths
 * back-projected joint by joint (RootNet + PoseNet). A DRM image gives one per person found.
 * With no 2D stage (a lifter on ground-truth 2D), `joints_img` is the absolute 3D projected
 * back into the image, so 2D-only datasets (COCO) score what the 3D pipeline predicted.
 */
export function predictionsOf(
  s: TargetState,
  skeleton: Skeleton,
  intrinsics: Intrinsics,
): PredictionJson[] {
  const image_id = s.target.imageSourceId;
  if (s.error !== undefined) return [];
  if (s.people)
    return s.people.map((p) => ({
      image_id,
      score: p.score,
      root_cam: pixelToCamera(rootPixel(p.joints2d, skeleton, s.box), p.rootDepth, intrinsics),
      joints_cam: p.joints3d,
      joints_img: p.joints2d,
    }));
  const score = s.personScore ?? (s.scores ? mean(s.scores) : undefined);
  const joints2d = joints2dRead(s);
  const depth = rootDepthOf(s, joints2d, intrinsics);
  let rootCam: Vec3 | undefined;
  if (depth !== undefined)
    rootCam = pixelToCamera(rootPixel(joints2d, skeleton, s.box), depth, intrinsics);
  let jointsCam: readonly Vec3[] | undefined;
  if (s.relative3d) jointsCam = rootCam ? placeAtRoot(s.relative3d, rootCam) : s.relative3d;
  else if (s.relativeDepth && s.joints2d && s.rootDepth !== undefined) {
    const root = s.rootDepth;
    jointsCam = s.joints2d.map((uv, j) =>
      pixelToCamera(uv, root + s.relativeDepth![j]!, intrinsics),
    );
  }
  return [
    {
      image_id,
      ...(s.target.annId === undefined ? {} : { ann_id: s.target.annId }),
      ...(s.target.bbox ? { bbox: s.target.bbox } : {}),
      ...(score !== undefined ? { score } : {}),
      ...(rootCam ? { root_cam: rootCam } : {}),
      ...(jointsCam ? { joints_cam: jointsCam } : {}),
      ...(s.joints2d
        ? { joints_img: s.joints2d }
        : jointsCam && rootCam
          ? { joints_img: jointsCam.map((p) => cameraToPixel(p, intrinsics)) }
          : {}),
    },
  ];
}
