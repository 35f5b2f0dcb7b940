import type { OutputSpec } from './convertTflite';

/** The values an input takes: [0, 1] for the landmark models, [−1, 1] for the detector. */
export type ValueRange = readonly [number, number];

/**
 * The four BlazePose GHUM models of `@mediapipe/pose`, what their TFLite outputs are (mapped by
 * the tensor names and shapes the models declare, and MediaPipe's own post-processing graphs:
 * mediapipe/modules/pose_landmark/tensors_to_pose_landmarks_and_segmentation.pbtxt and
 * pose_detection/pose_detection_cpu.pbtxt), and how MediaPipe feeds them.
 */

/** The image input's name in every converted model (NHWC, as TFLite takes it). */
export const MODEL_INPUT = 'image';

export interface BlazePoseModel {
  /** Card name and file stem under models/blazepose/. */
  readonly name: string;
  /** The TFLite file in the package; `packed` ones sit inside pose_solution_packed_assets.data. */
  readonly source: string;
  readonly packed: boolean;
  readonly family: 'blazepose' | 'blazepose-detector';
  /** Square input side in pixels. */
  readonly size: number;
  /** Pixel values 0…255 map linearly onto this range (MediaPipe's output_tensor_float_range). */
  readonly range: ValueRange;
  readonly outputs: readonly (OutputSpec & { meaning: string; about: string })[];
  readonly description: string;
  readonly params: Record<string, unknown>;
}

const LANDMARK_OUTPUTS: BlazePoseModel['outputs'] = [
  {
    tflite: 'Identity',
    shape: [1, 195],
    name: 'landmarks',
    layout: 'native',
    meaning: 'landmarks',
    about:
      '39 landmarks × (x, y, z, visibility, presence): x, y in input pixels (0…256), z in the ' +
      'same scale relative to the hips, visibility and presence as logits (MediaPipe applies a ' +
      'sigmoid); 0–32 are the BlazePose landmarks, 33–38 auxiliary (33, 34: ROI centre and scale)',
  },
  {
    tflite: 'Identity_1',
    shape: [1, 1],
    name: 'presence',
    layout: 'native',
    meaning: 'presence',
    about: 'pose flag: probability that a pose is in the crop (sigmoid inside the graph); 0.5 cuts',
  },
  {
    tflite: 'Identity_2',
    shape: [1, 256, 256, 1],
    name: 'segmentation',
    layout: 'nchw',
    meaning: 'segmentation',
    about: 'person mask logits over the 256×256 crop, NCHW [N, 1, 256, 256]; sigmoid → [0, 1]',
  },
  {
    tflite: 'Identity_3',
    shape: [1, 64, 64, 39],
    name: 'heatmaps',
    layout: 'nchw',
    meaning: 'heatmaps',
    about:
      'per-landmark heatmap logits, NCHW [N, 39, 64, 64] (TFLite gives NHWC), stride 4; ' +
      'MediaPipe refines landmarks with a 7×7 window of their sigmoid',
  },
  {
    tflite: 'Identity_4',
    shape: [1, 117],
    name: 'world_landmarks',
    layout: 'native',
    meaning: 'world_landmarks',
    about: '39 landmarks × (x, y, z) in metres, origin between the hips (GHUM metric 3D)',
  },
];

const landmarkModel = (variant: 'lite' | 'full' | 'heavy'): BlazePoseModel => ({
  name: `blazepose-landmark-${variant}`,
  source: `pose_landmark_${variant}.tflite`,
  packed: false,
  family: 'blazepose',
  size: 256,
  range: [0, 1],
  outputs: LANDMARK_OUTPUTS,
  description:
    `BlazePose GHUM 3D landmark model (${variant}) from MediaPipe Pose: a 256×256 RGB crop ` +
    `around one person → 33 landmarks (+6 auxiliary) in crop pixels, metric world landmarks, ` +
    `per-landmark heatmaps, a person mask and a pose flag.`,
  params: {
    landmarks: 33,
    auxiliaryLandmarks: 6,
    valuesPerLandmark: 5,
    heatmapStride: 4,
    heatmapRefineKernel: 7,
    presenceThreshold: 0.5,
    visibilityActivation: 'sigmoid',
    crop: 'rotated square ROI: detector keypoints 0 (hip centre) and 1 (scale/rotation), ×1.25',
  },
});

export const BLAZEPOSE_MODELS: readonly BlazePoseModel[] = [
  {
    name: 'blazepose-detector',
    source: 'pose_detection.tflite',
    packed: true,
    family: 'blazepose-detector',
    size: 224,
    range: [-1, 1],
    outputs: [
      {
        tflite: 'Identity',
        shape: [1, 2254, 12],
        name: 'detection_boxes',
        layout: 'native',
        meaning: 'detection_boxes',
        about:
          'per anchor: box centre dx, dy, width, height, then 4 keypoints × (x, y), in 224-pixel ' +
          'units relative to the anchor centre (keypoint 0 hip centre, 1 full-body size and ' +
          'rotation point, 2 shoulder centre, 3 upper-body point)',
      },
      {
        tflite: 'Identity_1',
        shape: [1, 2254, 1],
        name: 'detection_scores',
        layout: 'native',
        meaning: 'detection_scores',
        about: 'per-anchor person score logits (sigmoid after clipping to ±100)',
      },
    ],
    description:
      'BlazePose person detector from MediaPipe Pose: the whole image letterboxed to 224×224 → ' +
      'SSD-style boxes and 4 alignment keypoints over 2254 anchors.',
    params: {
      anchors: {
        numLayers: 5,
        minScale: 0.1484375,
        maxScale: 0.75,
        strides: [8, 16, 32, 32, 32],
        offset: [0.5, 0.5],
        aspectRatios: [1],
        fixedAnchorSize: true,
      },
      numBoxes: 2254,
      numKeypoints: 4,
      scale: 224,
      scoreClip: 100,
      // The package's own compiled graph (pose_solution_*_wasm_bin.wasm, PoseDetectionGpu)
      // sets min_score_thresh 0.5; older pose_detection_cpu.pbtxt revisions had 0.2.
      minScore: 0.5,
      nms: { algorithm: 'weighted', minSuppressionThreshold: 0.3 },
      // PoseDetectionToRoi in the same graph: keypoints 0 → 1 at 90°, scale 1.25, square_long.
      roi: { startKeypoint: 0, endKeypoint: 1, targetAngleDegrees: 90, scale: 1.25 },
    },
  },
  landmarkModel('lite'),
  landmarkModel('full'),
  landmarkModel('heavy'),
];

export function blazePoseModel(name: string): BlazePoseModel {
  const m = BLAZEPOSE_MODELS.find((x) => x.name === name);
  if (!m) throw new Error(`no BlazePose model named ${name}`);
  return m;
}
