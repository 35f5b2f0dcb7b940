import { z } from 'zod';

/**
 * Card `params` of the two BlazePose families, as the converter (main/inference/convert) writes them from MediaPipe's
 * graphs (pose_detection_cpu.pbtxt, pose_detection_to_roi.pbtxt,
 * tensors_to_pose_landmarks_and_segmentation.pbtxt; the same options are in the package's own
 * compiled graph). `inputRange` and `outputs` are documentation the converter adds.
 */

const positive = z.number().positive();
const docs = {
  inputRange: z.tuple([z.number(), z.number()]).optional(),
  outputs: z.record(z.string(), z.string()).optional(),
};

export const blazeposeDetectorParams = z.strictObject({
  anchors: z.strictObject({
    numLayers: z.number().int().positive(),
    minScale: positive,
    maxScale: positive,
    strides: z.array(z.number().int().positive()).min(1),
    offset: z.tuple([z.number(), z.number()]),
    aspectRatios: z.array(positive).min(1),
    fixedAnchorSize: z.boolean(),
    interpolatedScaleAspectRatio: z.number().min(0).default(1),
  }),
  numBoxes: z.number().int().positive(),
  numKeypoints: z.number().int().min(2),
  /** Raw box values are in input pixels (224). */
  scale: positive,
  scoreClip: positive.default(100),
  minScore: z.number().min(0).max(1).default(0.5),
  nms: z
    .strictObject({
      algorithm: z.enum(['weighted', 'default']).default('weighted'),
      minSuppressionThreshold: z.number().min(0).max(1).default(0.3),
    })
    .prefault({}),
  /** AlignmentPointsRectsCalculator + RectTransformationCalculator for the landmark crop. */
  roi: z
    .strictObject({
      startKeypoint: z.number().int().min(0).default(0),
      endKeypoint: z.number().int().min(0).default(1),
      targetAngleDegrees: z.number().default(90),
      scale: positive.default(1.25),
    })
    .prefault({}),
  ...docs,
});

export const blazeposeParams = z.strictObject({
  /** Landmarks returned (33); rows past them in the raw output are auxiliary. */
  landmarks: z.number().int().positive().default(33),
  auxiliaryLandmarks: z.number().int().min(0).default(6),
  valuesPerLandmark: z.number().int().min(2).default(5),
  heatmapStride: positive.default(4),
  /** RefineLandmarksFromHeatmapCalculator kernel_size; 0 turns refinement off. */
  heatmapRefineKernel: z.number().int().min(0).default(7),
  heatmapMinConfidence: z.number().min(0).max(1).default(0.5),
  /** The pose flag below which a crop counts as holding no person. */
  presenceThreshold: z.number().min(0).max(1).default(0.5),
  visibilityActivation: z.enum(['sigmoid', 'none']).default('sigmoid'),
  /** How the converter describes the crop (documentation only). */
  crop: z.string().optional(),
  ...docs,
});

export type BlazeposeDetectorParams = z.infer<typeof blazeposeDetectorParams>;
export type BlazeposeParams = z.infer<typeof blazeposeParams>;
