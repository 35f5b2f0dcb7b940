import type {
  BBox,
  DrmPerson,
  Intrinsics,
  Matrix,
  Pose2D,
  Pose3D,
  PoseRoi,
  Skeleton,
} from '../../core';
import type { Artifact } from '../store/runs/artifacts';
import type { FloatPool } from './floatPool';
import type { Cropper } from './graphCropper';
import type { DecodedImage } from './imageTensor';

// The shapes the stages pass between them, apart from the dispatcher (stages.ts) so the stage
// implementations (blazeposeStage.ts) and the float pool can use them without importing it.

/** One unit of inference work: a person's box (top-down) or a whole image (DRM). */
export interface Target {
  /** 'p<instance id>' or 'i<image id>': the resume key. */
  readonly key: string;
  readonly imageId: number;
  readonly imageSourceId: string;
  readonly file: string;
  readonly instanceId: number | null;
  /** The dataset's id of that person: the predictions made from their box are theirs. */
  readonly annId?: string;
  /** The person's box; the whole image when the dataset gives none. */
  readonly bbox?: BBox;
  readonly intrinsics?: Intrinsics;
  /** Ground-truth 2D joints, a lifter's input when no 2D stage runs before it. */
  readonly gt2d?: Pose2D;
  /**
   * The person's labels hold 3D, and `gt2d` is its projection: made here (Human3.6M, 3DPW, CMU
   * Panoptic) or the dataset's own (MuPoTS-3D, MPI-INF-3DHP). Such 2D is exact, where clicked
   * 2D-only labels (COCO, MPII) are a few pixels off; the root is placed accordingly (finalise.ts).
   */
  readonly gt2dExact?: boolean;
}

/** What the stages so far know about a target. */
export interface TargetState {
  readonly target: Target;
  readonly image: DecodedImage;
  readonly box: BBox;
  joints2d?: Pose2D;
  scores?: readonly number[];
  relativeDepth?: readonly number[];
  rootDepth?: number;
  /** The root-depth model's held-out spread (its card's `logDepthSd`), when it gives one. */
  rootDepthLogSd?: number;
  /** The same on exact 2D (its card's `exact2d.logDepthSd`). */
  rootDepthExactLogSd?: number;
  ranking?: Matrix;
  relative3d?: Pose3D;
  /** The lifter's held-out spread of a root fitted to its pose (its card's `rootFitLogSd`). */
  rootFitLogSd?: number;
  /** The lifter's figures for fitting the root on exact 2D (its card's `exact2d`). */
  rootFitExact?: { readonly logSd: number; readonly jointSdMm: readonly (number | null)[] };
  people?: readonly DrmPerson[];
  /** BlazePose: the square, possibly rotated crop the landmark model sees. */
  roi?: PoseRoi;
  /** BlazePose: the detector's confidence in this person. */
  detectionScore?: number;
  /** The person's confidence when a model gives one (else the mean joint score). */
  personScore?: number;
  readonly artifacts: Artifact[];
  /** Why this target produced nothing (it is still marked done, with no predictions). */
  error?: string;
}

/** The 2D joints the models read: a 2D stage's, else the dataset's (a lifter on ground truth). */
export const joints2dRead = (s: TargetState): Pose2D | undefined => s.joints2d ?? s.target.gt2d;

export interface StageContext {
  readonly skeleton: Skeleton;
  /** The image's camera, or a guess (focal length = the longer side) reported once. */
  readonly intrinsicsOf: (s: TargetState) => Intrinsics;
  /** Crops, resamples and normalises image inputs (an ONNX graph per input spec). */
  readonly cropper: Pick<Cropper, 'crop'>;
  /** Where image inputs get their floats; fresh arrays when absent. */
  readonly floats?: FloatPool;
  /**
   * Where person boxes come from for pipelines with a detector: `auto` (default) the
   * dataset's box where there is one, `gt` always the dataset's (the whole image without
   * one), `detector` always the detector's.
   */
  readonly boxes?: BoxSource;
}

export type BoxSource = 'auto' | 'gt' | 'detector';
