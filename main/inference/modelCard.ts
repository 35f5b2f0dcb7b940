import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { MODEL_FAMILIES } from '../../contract/inference';
import { OUTPUT_MEANINGS } from '../../contract/inference';
import { SKELETONS, type Skeleton } from '../../core';
import { blazeposeDetectorParams, blazeposeParams } from './blazeposeParams';

/**
 * A model card: the JSON beside an `.onnx` file that says what the network eats, what it
 * returns and how to decode it. Everything PoseScope needs to run a model comes from here, so
 * a card is checked field by field and against the model's own tensors before any input runs.
 */

const triple = z.tuple([z.number(), z.number(), z.number()]);
const positive = z.number().positive();
const dim = z.union([z.number().int().positive(), z.string()]);

const imageInput = z.strictObject({
  name: z.string().min(1),
  /** `crop`: one person's box (top-down); `image`: the whole image, letterboxed. */
  source: z.enum(['crop', 'image']),
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
  /** Network input [width, height] in pixels. */
  size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  channels: z.enum(['RGB', 'BGR']).default('RGB'),
  scale: positive.default(255),
  mean: triple.default([0.485, 0.456, 0.406]),
  std: z.tuple([positive, positive, positive]).default([0.229, 0.224, 0.225]),
  /** RootNet's box policy: grow to the input's aspect ratio, then by this factor. */
  padding: z.number().min(1).default(1.25),
});

const poseInput = z.strictObject({
  name: z.string().min(1),
  /** 2D joints from an earlier stage (or the dataset's ground truth when none ran). */
  source: z.literal('joints2d'),
  /**
   * `crop`: x, y in the person's box scaled to [−1, 1]; `screen`: VideoPose3D's
   * normalize_screen_coordinates; `root`: minus the root joint, divided by the pose's largest
   * root distance (scale-free, as in "simple baseline" variants); `pixels`: minus the box
   * centre, in pixels (keeps the person's pixel size, which root depth from keypoints needs);
   * `camera`: the normalised image plane ((x − cx)/fx, (y − cy)/fy, the dataset's camera or
   * the focal-length guess), so a lifter knows where the person is relative to the optical axis.
   */
  normalize: z.enum(['crop', 'screen', 'root', 'pixels', 'camera']).default('crop'),
});

const rankingInput = z.strictObject({
  name: z.string().min(1),
  /** A J×J ranking matrix from a `ranking` stage, flattened (DPNet's second input). */
  source: z.literal('ranking'),
});

export const tensorInputSchema = z.discriminatedUnion('source', [
  imageInput,
  poseInput,
  rankingInput,
]);

export { OUTPUT_MEANINGS };
export type OutputMeaning = (typeof OUTPUT_MEANINGS)[number];

const tensorOutput = z.strictObject({
  name: z.string().min(1),
  meaning: z.enum(OUTPUT_MEANINGS),
  /** Dims after the batch dim, when the card wants them checked against the model. */
  shape: z.array(dim).optional(),
});

const heatmap2dParams = z.strictObject({
  decode: z.enum(['argmax', 'soft-argmax']).default('argmax'),
  /** HRNet / Simple Baselines' quarter-pixel shift towards the higher neighbour (argmax only). */
  quarterOffset: z.boolean().default(true),
  /** Soft-argmax sharpness. */
  beta: positive.default(1),
});
const volumetricParams = z.strictObject({
  /** Depth bins per joint (the D of J·D channels). */
  depth: z.number().int().positive(),
  /** Depth span of the volume in mm (Sun et al.'s bbox_3d_shape: 2000). */
  depthRangeMm: positive.default(2000),
  beta: positive.default(1),
});
/** A root-depth estimate's spread on held-out data: the SD of log(estimate / truth). */
const logSd = positive.optional();
const depthBinsParams = z.strictObject({
  alpha: positive.default(1),
  beta: positive.default(8),
  bins: z.number().int().min(2).default(71),
  /** The bins' own root depth's spread; with a lifter's `rootFitLogSd`, see rootDepth.ts. */
  logDepthSd: logSd,
  /** The same where the 2D is exact: labels projected from 3D labels (finalise.ts). */
  exact2d: z.strictObject({ logDepthSd: positive }).optional(),
});
const rankingParams = z.strictObject({
  /** Pairs closer in depth than this count as ties (DRPose3D). */
  toleranceMm: positive.default(100),
  /** Outputs are logits (sigmoid applied here) rather than probabilities. */
  logits: z.boolean().default(false),
});
const lifterParams = z.strictObject({
  /** Output units per millimetre: 1 for mm, 0.001 for metres. */
  unitsPerMm: positive.default(1),
  /** The output omits the root joint (J−1 joints, root at the origin). */
  rootOmitted: z.boolean().default(false),
  /** The spread of the root depth that reprojecting its output onto the 2D gives. */
  rootFitLogSd: logSd,
  /**
   * Where the 2D is exact (labels projected from 3D labels): each joint's held-out spread in
   * mm (null for a joint the model gives no 3D for), which the root fit weighs joints by, and
   * the spread of that fit's root depth (finalise.ts).
   */
  exact2d: z
    .strictObject({ rootFitLogSd: positive, jointSdMm: z.array(positive.nullable()).min(1) })
    .optional(),
});
const drmParams = z.strictObject({
  stride: positive,
  threshold: z.number().min(0).max(1).default(0.3),
  maxPeople: z.number().int().min(1).max(20).default(20),
  nmsKernel: z.number().int().positive().default(3),
  rootDepthIsNormalized: z.boolean().default(false),
});

const provenance = {
  license: z.string().min(1),
  provenance: z.string().min(1),
  description: z.string().optional(),
  accuracy: z
    .array(z.strictObject({ dataset: z.string(), metric: z.string(), value: z.number() }))
    .default([]),
};

const common = {
  name: z.string().regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-" only'),
  /** The ONNX file, relative to the card. */
  model: z.string().min(1),
  skeleton: z.string().refine((s) => s in SKELETONS, {
    message: `one of ${Object.keys(SKELETONS).join(', ')}`,
  }),
  inputs: z.array(tensorInputSchema).min(1),
  outputs: z.array(tensorOutput).min(1),
  ...provenance,
};

export const modelCardSchema = z.discriminatedUnion('family', [
  z.strictObject({
    family: z.literal('heatmap2d'),
    ...common,
    params: heatmap2dParams.prefault({}),
  }),
  z.strictObject({ family: z.literal('volumetric3d'), ...common, params: volumetricParams }),
  z.strictObject({
    family: z.literal('depthbins'),
    ...common,
    params: depthBinsParams.prefault({}),
  }),
  z.strictObject({ family: z.literal('ranking'), ...common, params: rankingParams.prefault({}) }),
  z.strictObject({ family: z.literal('lifter'), ...common, params: lifterParams.prefault({}) }),
  z.strictObject({ family: z.literal('drm'), ...common, params: drmParams }),
  z.strictObject({
    family: z.literal('blazepose'),
    ...common,
    params: blazeposeParams.prefault({}),
  }),
  z.strictObject({
    family: z.literal('blazepose-detector'),
    ...common,
    params: blazeposeDetectorParams,
  }),
]);

export type ModelCard = z.infer<typeof modelCardSchema>;
export type ModelFamily = ModelCard['family'];
/** Fails to compile while the contract's family list (the Add model form's) and the schema differ. */
type Listed = (typeof MODEL_FAMILIES)[number];
const familiesAgree: [Exclude<ModelFamily, Listed> | Exclude<Listed, ModelFamily>] extends [never]
  ? true
  : never = true;
void familiesAgree;
export type TensorInput = z.infer<typeof tensorInputSchema>;
export type ImageTensorInput = z.infer<typeof imageInput>;

/** Which output meanings each family reads; a card missing one is refused. */
export const FAMILY_OUTPUTS: Readonly<Record<ModelFamily, readonly OutputMeaning[]>> = {
  heatmap2d: ['heatmaps'],
  volumetric3d: ['volumes'],
  depthbins: ['depth_logits'],
  ranking: ['ranking'],
  lifter: ['joints3d'],
  drm: ['drm_center', 'drm_offsets', 'drm_root_depth', 'drm_relative_depth'],
  blazepose: ['landmarks', 'world_landmarks'],
  'blazepose-detector': ['detection_boxes', 'detection_scores'],
};

/** Outputs a family may declare without needing them (read when present, or left unread). */
const FAMILY_OPTIONAL_OUTPUTS: Readonly<Partial<Record<ModelFamily, readonly OutputMeaning[]>>> = {
  blazepose: ['heatmaps', 'presence', 'segmentation'],
};

/** Families whose cards name their own skeleton and map it onto the dataset's (core/skeletons). */
export const MAPPING_FAMILIES: ReadonlySet<ModelFamily> = new Set([
  'blazepose',
  'blazepose-detector',
]);

/** Families that take the whole image rather than a person crop. */
const IMAGE_FAMILIES: ReadonlySet<ModelFamily> = new Set(['drm', 'blazepose-detector']);

export class ModelCardError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field}: ${message}`);
    this.name = 'ModelCardError';
  }
}

/** A validated card with its file and the absolute path of its model. */
export interface LoadedCard {
  readonly file: string;
  readonly modelFile: string;
  readonly card: ModelCard;
}

/** A card field that is wrong, and why. */
export interface CardProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * What the schema alone cannot say about a card that validates: the outputs its family reads,
 * and whether its images are person crops or whole images. Every problem, in field order.
 */
export function familyProblems(card: ModelCard): CardProblem[] {
  const problems: CardProblem[] = [];
  const needed = FAMILY_OUTPUTS[card.family];
  const allowed = [...needed, ...(FAMILY_OPTIONAL_OUTPUTS[card.family] ?? [])];
  for (const m of needed) {
    if (!card.outputs.some((o) => o.meaning === m))
      problems.push({ field: 'outputs', message: `a ${card.family} model needs a "${m}" output` });
  }
  card.outputs.forEach((o, i) => {
    if (!allowed.includes(o.meaning))
      problems.push({
        field: `outputs.${i}.meaning`,
        message: `"${o.meaning}" is not read by the ${card.family} family (it reads ${allowed.join(', ')})`,
      });
  });
  const images = card.inputs.filter((i) => i.source === 'crop' || i.source === 'image');
  const whole = IMAGE_FAMILIES.has(card.family);
  if (whole && images.some((i) => i.source !== 'image'))
    problems.push({
      field: 'inputs',
      message: `a ${card.family} model takes the whole image (source "image")`,
    });
  if (!whole && images.some((i) => i.source === 'image'))
    problems.push({ field: 'inputs', message: `a ${card.family} model works on person crops` });
  const joints = (SKELETONS as Readonly<Record<string, Skeleton>>)[card.skeleton]?.joints.length;
  const spreads = card.family === 'lifter' ? card.params.exact2d?.jointSdMm : undefined;
  if (spreads && joints !== undefined && spreads.length !== joints)
    problems.push({
      field: 'params.exact2d.jointSdMm',
      message: `${spreads.length} spreads for the ${joints} joints of ${card.skeleton}`,
    });
  return problems;
}

/** Validates a parsed card; errors name the card file and the first bad field. */
export function parseCard(file: string, value: unknown): LoadedCard {
  const r = modelCardSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : '(card)';
    throw new ModelCardError(file, field, issue.message);
  }
  const card = r.data;
  const problem = familyProblems(card)[0];
  if (problem) throw new ModelCardError(file, problem.field, problem.message);
  return { file, modelFile: resolve(dirname(file), card.model), card };
}

export function loadCard(file: string): LoadedCard {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ModelCardError(file, '(file)', `cannot read: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ModelCardError(file, '(file)', `not JSON: ${(err as Error).message}`);
  }
  return parseCard(file, value);
}
