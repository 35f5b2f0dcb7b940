import {
  applyJointMapping,
  BLAZEPOSE_33,
  buildJointMapping,
  decodeBlazeLandmarks,
  decodeDetections,
  decodeWorldLandmarks,
  fitRootTranslation,
  imageToRoi,
  inputToImage,
  iou,
  nonMaxSuppression,
  poseRoot,
  processBbox,
  roiFromAlignment,
  roiFromBox,
  sigmoid,
  ssdAnchors,
  type Anchor,
  type CropTransform,
  type JointMapping,
  type Pose2D,
  type Pose3D,
  type PoseDetection,
  type PoseRoi,
  type Skeleton,
  type Vec2,
} from '../../core';
import { quantisedMaps } from '../store/runs/artifacts';
import type { BlazeposeDetectorParams, BlazeposeParams } from './blazeposeParams';
import type { ImageTensorInput, ModelCard } from './modelCard';
import type { StageContext, TargetState } from './stageTypes';

/**
 * The BlazePose families' part of a pipeline: the detector (whole image → the person's
 * rotated ROI) and the landmark model (ROI crop → 2D landmarks in image pixels with
 * visibility, world landmarks as root-relative 3D, heatmaps), both mapped from BlazePose's 33
 * landmarks onto the dataset's skeleton through core/skeletons.
 */

/** A declared output's per-item dims and values, or undefined when the card has none. */
export type Output = (
  meaning: ModelCard['outputs'][number]['meaning'],
) => { dims: number[]; item: (b: number) => Float32Array } | undefined;

const isImage = (i: ModelCard['inputs'][number]): i is ImageTensorInput =>
  i.source === 'crop' || i.source === 'image';

/** Whether the detector runs for a target: always with `--boxes detector`, else only without a box. */
export const detectorRunsOn = (s: TargetState, ctx: StageContext): boolean =>
  ctx.boxes === 'detector' || (ctx.boxes !== 'gt' && !s.target.bbox);

/**
 * The ROI the landmark model crops: the detector's, or the target's box as RootNet's
 * top-down crop makes it (clipped, squared, × padding), upright. The box path is the same
 * square the inspector derives from the box, so the stored heatmaps line up there.
 */
export function landmarkRoi(s: TargetState, input: ImageTensorInput): PoseRoi | undefined {
  if (s.roi) return s.roi;
  const [S] = input.size;
  const box = processBbox(s.box, s.image, { width: S, height: S }, input.padding);
  if (!box) return undefined;
  s.roi = roiFromBox(box);
  return s.roi;
}

const anchorCache = new WeakMap<object, Anchor[]>();
function anchorsOf(p: BlazeposeDetectorParams, size: readonly [number, number]): Anchor[] {
  let a = anchorCache.get(p);
  if (!a) {
    a = ssdAnchors(p.anchors, { width: size[0], height: size[1] });
    if (a.length !== p.numBoxes)
      throw new RangeError(
        `the anchor options make ${a.length} anchors, the card says ${p.numBoxes}`,
      );
    anchorCache.set(p, a);
  }
  return a;
}

const mappings = new Map<string, JointMapping>();
function mappingTo(skeleton: Skeleton): JointMapping {
  let m = mappings.get(skeleton.id);
  if (!m) {
    m = buildJointMapping(BLAZEPOSE_33, skeleton);
    mappings.set(skeleton.id, m);
  }
  return m;
}

/** Detector input (letterboxed, continuous 0…1) → image pixels, through the letterbox crop. */
function toImage(crop: CropTransform, p: Vec2): Vec2 {
  const [x, y] = inputToImage(crop, [
    p[0] * crop.input.width - 0.5,
    p[1] * crop.input.height - 0.5,
  ]);
  return [x + 0.5, y + 0.5];
}

/** The square around the body that the alignment keypoints describe, unscaled, as a box. */
function bodyBox(d: PoseDetection, p: BlazeposeDetectorParams): [number, number, number, number] {
  const c = d.keypoints[p.roi.startKeypoint]!;
  const e = d.keypoints[p.roi.endKeypoint]!;
  const r = Math.hypot(e[0] - c[0], e[1] - c[1]);
  return [c[0] - r, c[1] - r, 2 * r, 2 * r];
}

/** Below this overlap with the target's box, no detection is taken to be that person. */
const MIN_BOX_IOU = 0.2;

export function decodeDetector(
  card: Extract<ModelCard, { family: 'blazepose-detector' }>,
  output: Output,
  b: number,
  s: TargetState,
  crop: CropTransform,
): void {
  const p = card.params;
  const input = card.inputs.find(isImage)!;
  const boxes = output('detection_boxes')!;
  const scores = output('detection_scores')!;
  const found = nonMaxSuppression(
    decodeDetections(boxes.item(b), scores.item(b), anchorsOf(p, input.size), p),
    p.nms.minSuppressionThreshold,
    p.nms.algorithm,
  ).map((d) => ({ ...d, keypoints: d.keypoints.map((k) => toImage(crop, k)) }));
  const bbox = s.target.bbox;
  // With a box to find (a dataset's person), the detection whose body square overlaps it
  // most is that person's; with none (a bare image), the most confident one, as MediaPipe.
  const ranked = bbox
    ? found
        .map((d) => ({ d, o: iou(bodyBox(d, p), bbox) }))
        .filter((x) => x.o >= MIN_BOX_IOU)
        .sort((x, y) => y.o - x.o)
        .map((x) => x.d)
    : found;
  const best = ranked[0];
  if (!best) {
    s.error = bbox
      ? `the detector found no person at box [${bbox.map((v) => v.toFixed(0)).join(', ')}] (${found.length} elsewhere)`
      : 'the detector found no person';
    return;
  }
  s.detectionScore = best.score;
  s.roi = roiFromAlignment(
    best.keypoints[p.roi.startKeypoint]!,
    best.keypoints[p.roi.endKeypoint]!,
    p.roi,
  );
}

export function decodeLandmarkModel(
  card: Extract<ModelCard, { family: 'blazepose' }>,
  output: Output,
  b: number,
  s: TargetState,
  ctx: StageContext,
): void {
  const p: BlazeposeParams = card.params;
  const roi = s.roi!;
  const [S] = card.inputs.find(isImage)!.size;
  const raw = output('landmarks')!;
  const heat = output('heatmaps');
  const [channels = 0, height = 0, width = 0] = heat?.dims ?? [];
  const maps = heat && { data: heat.item(b), channels, height, width };
  const L = p.landmarks;
  if (L !== BLAZEPOSE_33.joints.length)
    throw new RangeError(`${L} landmarks, but the blazepose33 skeleton has 33`);
  const rows = raw.dims.reduce((x, y) => x * y, 1) / p.valuesPerLandmark;
  if (!Number.isInteger(rows) || rows < L)
    throw new RangeError(
      `output "landmarks" [${raw.dims.join(', ')}] is not ≥ ${L} rows of ${p.valuesPerLandmark} values`,
    );
  if (maps && channels < L)
    throw new RangeError(`output "heatmaps" has ${channels} channels, fewer than ${L} landmarks`);
  const lm = decodeBlazeLandmarks(
    raw.item(b),
    roi,
    {
      landmarks: L,
      valuesPerLandmark: p.valuesPerLandmark,
      inputSize: S,
      refineKernel: p.heatmapRefineKernel,
      refineMinConfidence: p.heatmapMinConfidence,
      sigmoid: p.visibilityActivation === 'sigmoid',
    },
    maps,
  );
  const mapping = mappingTo(ctx.skeleton);
  s.joints2d = applyJointMapping(lm.joints, mapping) as unknown as Pose2D;
  // A joint the skeleton lacks (NaN) is scored as missing; its confidence is 0.
  s.scores = applyJointMapping(
    lm.visibility.map((v) => [v]),
    mapping,
  ).map(([v]) => (Number.isFinite(v) ? v! : 0));
  const presence = output('presence')?.item(b)[0] ?? 1;
  s.personScore = presence * (s.detectionScore ?? 1);

  const world = output('world_landmarks')!;
  if (world.dims.reduce((x, y) => x * y, 1) < 3 * L)
    throw new RangeError(`output "world_landmarks" [${world.dims.join(', ')}] is not ≥ ${L} × 3`);
  const world33 = decodeWorldLandmarks(world.item(b), L, roi.rotation);
  const mapped = applyJointMapping(world33, mapping) as unknown as Pose3D;
  const root = poseRoot(mapped, ctx.skeleton.root);
  s.relative3d = mapped.map(([x, y, z]) => [x - root[0], y - root[1], z - root[2]]);
  const t = fitRootTranslation(world33, lm.joints, lm.visibility, ctx.intrinsicsOf(s));
  if (t) s.rootDepth = t[2];

  if (maps) s.artifacts.push(heatmapArtifact(maps, roi, S, mapping, s));
}

/**
 * The landmark heatmaps as the inspector draws them: sigmoid confidences, one channel per
 * skeleton joint (a derived joint's map is the same blend of its sources, a missing joint's
 * map is empty), over the crop the inspector derives from the person's box. A detector ROI is
 * rotated and sized differently, so its maps are resampled (bilinear) into that crop.
 */
function heatmapArtifact(
  maps: { data: Float32Array; channels: number; height: number; width: number },
  roi: PoseRoi,
  S: number,
  mapping: JointMapping,
  s: TargetState,
) {
  const { height: H, width: W } = maps;
  const J = mapping.entries.length;
  const out = new Float32Array(J * H * W);
  const target = s.target.bbox && processBbox(s.target.bbox, s.image, { width: W, height: H });
  const resample = target && (roi.rotation !== 0 || !sameSquare(target, roi));
  // Cell (i, j) of the stored crop reads position (x, y) of the ROI's own maps.
  const at = new Float32Array(2 * H * W);
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const q = resample
        ? imageToRoi(roi, S, [target[0] + (i * target[2]) / W, target[1] + (j * target[3]) / H])
        : ([(i * S) / W, (j * S) / H] as const);
      at[2 * (j * W + i)] = (q[0] * W) / S;
      at[2 * (j * W + i) + 1] = (q[1] * H) / S;
    }
  const conf = new Map<number, Float32Array>();
  const confidence = (src: number) => {
    let c = conf.get(src);
    if (!c) {
      c = new Float32Array(H * W);
      // Background logits sit far below zero, where the sigmoid is 0 to float precision.
      for (let k = 0, at0 = src * H * W; k < H * W; k++) {
        const v = maps.data[at0 + k]!;
        c[k] = v < -17 ? 0 : sigmoid(v);
      }
      conf.set(src, c);
    }
    return c;
  };
  mapping.entries.forEach((e, c) => {
    if (e.kind === 'missing') return;
    const weights = e.kind === 'direct' ? ([[e.source, 1]] as const) : e.weights;
    for (const [src, w] of weights) {
      const plane = confidence(src);
      for (let k = 0; k < H * W; k++)
        out[c * H * W + k]! += w * bilinear(plane, W, H, at[2 * k]!, at[2 * k + 1]!);
    }
  });
  return quantisedMaps('heatmaps', out, [J, H, W]);
}

const sameSquare = (box: readonly number[], roi: PoseRoi) =>
  Math.abs(box[2]! - roi.size) < 1e-6 &&
  Math.abs(box[0]! + box[2]! / 2 - roi.centre[0]) < 1e-6 &&
  Math.abs(box[1]! + box[3]! / 2 - roi.centre[1]) < 1e-6;

/** Bilinear sample of a W×H plane at (x, y); 0 outside it. */
function bilinear(plane: Float32Array, W: number, H: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  let v = 0;
  if (y0 >= 0 && y0 < H) {
    if (x0 >= 0 && x0 < W) v += (1 - fx) * (1 - fy) * plane[y0 * W + x0]!;
    if (fx > 0 && x0 + 1 >= 0 && x0 + 1 < W) v += fx * (1 - fy) * plane[y0 * W + x0 + 1]!;
  }
  if (fy > 0 && y0 + 1 >= 0 && y0 + 1 < H) {
    if (x0 >= 0 && x0 < W) v += (1 - fx) * fy * plane[(y0 + 1) * W + x0]!;
    if (fx > 0 && x0 + 1 >= 0 && x0 + 1 < W) v += fx * fy * plane[(y0 + 1) * W + x0 + 1]!;
  }
  return v;
}
