import * as ort from 'onnxruntime-node';
import {
  cropTransform,
  decodeDepthLogits,
  decodeDrm,
  decodeHeatmapJoints,
  decodeLifted,
  decodeRanking,
  decodeVolumetric,
  focalLength,
  inputToImage,
  normalizeJoints2d,
  processBbox,
  type CropTransform,
} from '../../core';
import { float32Artifact, quantisedMaps } from '../store/runs/artifacts';
import {
  decodeDetector,
  decodeLandmarkModel,
  detectorRunsOn,
  landmarkRoi,
  type Output,
} from './blazeposeStage';
import { boxSampleMap, roiSampleMap, type CropSpec, type SampleMap } from './cropGraph';
import type { CropJob } from './graphCropper';
import { letterboxTransform, type DecodedImage } from './imageTensor';
import type { ImageTensorInput, ModelCard, OutputMeaning } from './modelCard';
import type { ModelSession } from './modelSession';
import { joints2dRead, type StageContext, type TargetState } from './stageTypes';

export type { BoxSource, StageContext, Target, TargetState } from './stageTypes';

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Per-item values of an output and its per-item dims. */
function outputOf(card: ModelCard, fetches: Record<string, ort.Tensor>, meaning: OutputMeaning) {
  const spec = card.outputs.find((o) => o.meaning === meaning)!;
  const t = fetches[spec.name]!;
  const dims = t.dims.slice(1).map(Number);
  const n = size(dims);
  const data = t.data as Float32Array;
  return { dims, item: (b: number) => data.subarray(b * n, (b + 1) * n) };
}

/** A stage's inputs for a batch, built ahead so the next batch's crops overlap this run. */
export interface StageFeeds {
  readonly live: readonly TargetState[];
  readonly feeds: Record<string, ort.Tensor>;
  readonly crops: readonly CropTransform[];
  /** The image inputs' floats (from `ctx.floats`). */
  readonly images: readonly Float32Array[];
}

/** Builds one card's input tensors for the targets still without an error. */
export async function buildFeeds(
  stage: ModelSession,
  states: readonly TargetState[],
  ctx: StageContext,
): Promise<StageFeeds> {
  const { card } = stage.loaded;
  const live = states.filter(
    (s) =>
      s.error === undefined && (card.family !== 'blazepose-detector' || detectorRunsOn(s, ctx)),
  );
  const B = live.length;
  const J = ctx.skeleton.joints.length;
  const feeds: Record<string, ort.Tensor> = {};
  const crops: CropTransform[] = [];
  const images: Float32Array[] = [];

  for (const input of card.inputs) {
    if (input.source === 'crop' || input.source === 'image') {
      const [W, H] = input.size;
      const data = ctx.floats?.take(B * 3 * W * H) ?? new Float32Array(B * 3 * W * H);
      images.push(data);
      // BlazePose's landmark crop repeats the edge (MediaPipe's BORDER_REPLICATE); every other
      // crop reads the mean colour outside the image.
      const padding = card.family === 'blazepose' ? 'border' : 'zeros';
      const spec: CropSpec = { width: W, height: H, layout: input, padding };
      const jobs = new Map<DecodedImage, CropJob[]>();
      live.forEach((s, b) => {
        const map = sampleMapOf(card, input, s, { width: W, height: H }, (t) => (crops[b] = t));
        if (typeof map === 'string') s.error = map;
        else jobs.set(s.image, [...(jobs.get(s.image) ?? []), { map, offset: b * 3 * W * H }]);
      });
      await Promise.all([...jobs].map(([img, js]) => ctx.cropper.crop(img, spec, js, data)));
      const dims = input.layout === 'NCHW' ? [B, 3, H, W] : [B, H, W, 3];
      feeds[input.name] = new ort.Tensor('float32', data, dims);
    } else if (input.source === 'joints2d') {
      const data = new Float32Array(B * 2 * J);
      live.forEach((s, b) => {
        const joints = joints2dRead(s);
        if (!joints) {
          s.error = `no 2D joints for the ${card.name} lifter (no 2D stage ran and the dataset has none)`;
          return;
        }
        const root = ctx.skeleton.root[0] ?? 0;
        data.set(
          normalizeJoints2d(joints, input.normalize, {
            box: s.box,
            image: s.image,
            root,
            intrinsics: ctx.intrinsicsOf(s),
          }),
          b * 2 * J,
        );
      });
      feeds[input.name] = new ort.Tensor(
        'float32',
        data,
        stage.inputRank(input.name) === 3 ? [B, J, 2] : [B, 2 * J],
      );
    } else {
      const data = new Float32Array(B * J * J);
      live.forEach((s, b) => {
        if (!s.ranking)
          s.error = `no ranking matrix for ${card.name}: put a ranking model before it`;
        else data.set(s.ranking.flat(), b * J * J);
      });
      feeds[input.name] = new ort.Tensor(
        'float32',
        data,
        stage.inputRank(input.name) === 3 ? [B, J, J] : [B, J * J],
      );
    }
  }
  return { live, feeds, crops, images };
}

/**
 * Where a target's image input samples its image — a letterboxed whole image, BlazePose's
 * square ROI, or the padded person box — or why it cannot be cropped. `keep` receives the
 * box crop's transform, which decoding maps outputs back through.
 */
function sampleMapOf(
  card: ModelCard,
  input: ImageTensorInput,
  s: TargetState,
  size: { width: number; height: number },
  keep: (t: CropTransform) => void,
): SampleMap | string {
  const outside = `box [${s.box.join(', ')}] lies outside the ${s.image.width}×${s.image.height} image`;
  if (input.source === 'image') {
    const t = letterboxTransform(s.image, size);
    keep(t);
    return boxSampleMap(t);
  }
  if (card.family === 'blazepose') {
    const roi = landmarkRoi(s, input);
    if (!roi) return outside;
    if (!(roi.size > 0 && [...roi.centre, roi.rotation].every(Number.isFinite)))
      return `degenerate crop (side ${roi.size})`;
    return roiSampleMap(roi, size.width);
  }
  const box = processBbox(s.box, s.image, size, input.padding);
  if (!box) return outside;
  if (!(box[2] > 0 && box[3] > 0 && box.every(Number.isFinite)))
    return `degenerate box [${box.join(', ')}]`;
  const t = cropTransform(box, size);
  keep(t);
  return boxSampleMap(t);
}

/** Folds one card's outputs for the batch `built` was made for into its targets' states. */
export function decodeStage(
  stage: ModelSession,
  built: StageFeeds,
  fetches: Record<string, ort.Tensor>,
  ctx: StageContext,
): void {
  const { card } = stage.loaded;
  built.live.forEach((s, b) => {
    if (s.error !== undefined) return;
    try {
      decodeInto(card, fetches, b, s, built.crops[b], ctx);
    } catch (err) {
      s.error = `${card.name}: ${(err as Error).message}`;
    }
  });
}

/** An optional output: undefined when the card declares no output of that meaning. */
function maybeOutput(card: ModelCard, fetches: Record<string, ort.Tensor>): Output {
  return (meaning) =>
    card.outputs.some((o) => o.meaning === meaning) ? outputOf(card, fetches, meaning) : undefined;
}

function decodeInto(
  card: ModelCard,
  fetches: Record<string, ort.Tensor>,
  b: number,
  s: TargetState,
  crop: CropTransform | undefined,
  ctx: StageContext,
): void {
  const J = ctx.skeleton.joints.length;
  switch (card.family) {
    case 'heatmap2d': {
      const out = outputOf(card, fetches, 'heatmaps');
      const [joints = 0, height = 0, width = 0] = out.dims;
      if (joints !== J)
        throw new RangeError(`heatmaps have ${joints} channels, the skeleton ${J} joints`);
      const r = decodeHeatmapJoints(out.item(b), { joints, height, width }, crop!, card.params);
      s.joints2d = r.joints;
      s.scores = r.scores;
      s.artifacts.push(quantisedMaps('heatmaps', out.item(b), [joints, height, width]));
      return;
    }
    case 'volumetric3d': {
      const out = outputOf(card, fetches, 'volumes');
      const [height = 0, width = 0] = out.dims.slice(-2);
      const depth = card.params.depth;
      if (size(out.dims) !== J * depth * height * width)
        throw new RangeError(
          `volumes [${out.dims.join(', ')}] are not ${J} joints × ${depth} depth bins`,
        );
      const r = decodeVolumetric(
        out.item(b),
        { joints: J, depth, height, width },
        crop!,
        card.params,
      );
      s.joints2d = r.joints;
      s.scores = r.scores;
      s.relativeDepth = r.relativeDepth;
      s.artifacts.push(float32Artifact('depth_profiles', r.depthProfiles.flat(), [J, depth]));
      return;
    }
    case 'depthbins': {
      const out = outputOf(card, fetches, 'depth_logits');
      const r = decodeDepthLogits(out.item(b), focalLength(ctx.intrinsicsOf(s)), card.params);
      s.rootDepth = r.depth;
      s.rootDepthLogSd = card.params.logDepthSd;
      s.rootDepthExactLogSd = card.params.exact2d?.logDepthSd;
      s.artifacts.push(float32Artifact('depth_bins', r.distribution, [r.distribution.length]));
      return;
    }
    case 'ranking': {
      const out = outputOf(card, fetches, 'ranking');
      s.ranking = decodeRanking(out.item(b), J, card.params.logits);
      s.artifacts.push(float32Artifact('ranking', s.ranking.flat(), [J, J]));
      return;
    }
    case 'lifter': {
      const out = outputOf(card, fetches, 'joints3d');
      s.relative3d = decodeLifted(out.item(b), J, ctx.skeleton.root[0] ?? 0, card.params);
      s.rootFitLogSd = card.params.rootFitLogSd;
      const exact = card.params.exact2d;
      s.rootFitExact = exact && { logSd: exact.rootFitLogSd, jointSdMm: exact.jointSdMm };
      return;
    }
    case 'drm': {
      const get = (m: OutputMeaning) => outputOf(card, fetches, m);
      const center = get('drm_center');
      const [height = 0, width = 0] = center.dims.slice(-2);
      s.people = decodeDrm(
        {
          center: center.item(b),
          offsets: get('drm_offsets').item(b),
          rootDepth: get('drm_root_depth').item(b),
          relativeDepth: get('drm_relative_depth').item(b),
          joints: J,
          height,
          width,
        },
        { ...card.params, intrinsics: ctx.intrinsicsOf(s), toImage: (p) => inputToImage(crop!, p) },
      );
      s.artifacts.push(quantisedMaps('drm_center', center.item(b), [1, height, width]));
      return;
    }
    case 'blazepose-detector':
      decodeDetector(card, maybeOutput(card, fetches), b, s, crop!);
      return;
    case 'blazepose':
      decodeLandmarkModel(card, maybeOutput(card, fetches), b, s, ctx);
      return;
  }
}
