import { z } from 'zod';
import { frameQuery, providerCheck } from './schemas';

/**
 * What the app shows and asks about models and inference runs: the installed cards and named
 * pipelines, a card proposed for a new ONNX file, and the inference jobs the main side runs.
 */

/** The model families a card can declare (main/inference/modelCard.ts validates each one). */
export const MODEL_FAMILIES = [
  'heatmap2d',
  'volumetric3d',
  'depthbins',
  'ranking',
  'lifter',
  'drm',
  'blazepose',
  'blazepose-detector',
] as const;

/** What a card's output can mean: which decoder reads it. */
export const OUTPUT_MEANINGS = [
  'heatmaps',
  'volumes',
  'depth_logits',
  'ranking',
  'joints3d',
  'drm_center',
  'drm_offsets',
  'drm_root_depth',
  'drm_relative_depth',
  'landmarks',
  'world_landmarks',
  'presence',
  'segmentation',
  'detection_boxes',
  'detection_scores',
] as const;

/** Where a model folder comes from: the app's own, the user's (settings folder), or POSESCOPE_MODELS. */
export const modelOrigin = z.enum(['app', 'user', 'env']);

/** Whether a card or pipeline can run on the open dataset, and why not. */
export const modelFit = z.object({ ok: z.boolean(), reason: z.string().nullable() });

const tensorInfo = z.object({
  name: z.string(),
  /** Element type as onnxruntime names it (float32, int64, …); null for non-tensors. */
  type: z.string().nullable(),
  /** Dims as the model declares them: numbers, or names for free dims. */
  shape: z.array(z.union([z.number(), z.string()])),
});

export const modelEntry = z.object({
  file: z.string(),
  origin: modelOrigin,
  /** Cards in the user's model folder can be removed from the app; others cannot. */
  removable: z.boolean(),
  name: z.string().nullable(),
  family: z.string().nullable(),
  skeleton: z.string().nullable(),
  /** The image input's [width, height] in pixels; null for pose-only models. */
  inputSize: z.tuple([z.number(), z.number()]).nullable(),
  inputs: z.array(z.object({ name: z.string(), source: z.string() })),
  outputs: z.array(z.object({ name: z.string(), meaning: z.string() })),
  license: z.string().nullable(),
  provenance: z.string().nullable(),
  description: z.string().nullable(),
  accuracy: z.array(z.object({ dataset: z.string(), metric: z.string(), value: z.number() })),
  /** The card validates, its model opens and its tensors match the card. */
  loads: z.boolean(),
  /** Why it does not (the card's first bad field, or the model's load error). */
  error: z.string().nullable(),
  /** Whether it fits the dataset named in the request; null when none was named. */
  fit: modelFit.nullable(),
});

export const pipelineEntry = z.object({
  name: z.string(),
  file: z.string(),
  origin: modelOrigin,
  description: z.string().nullable(),
  /** Skeleton id → card names, in pipeline order. */
  cards: z.record(z.string(), z.array(z.string())),
  error: z.string().nullable(),
  fit: modelFit.nullable(),
});

export const modelCatalog = z.object({
  folders: z.array(z.object({ path: z.string(), origin: modelOrigin })),
  /** Where Add model saves cards (the user's settings folder, not the app's). */
  userFolder: z.string(),
  models: z.array(modelEntry),
  pipelines: z.array(pipelineEntry),
  providers: z.array(providerCheck),
  /** The provider `auto` picks here. */
  chosen: z.string().nullable(),
  /**
   * Inference servers named in the settings file (their URLs only: credentials stay on the
   * main side), and why that section could not be read, if it could not.
   */
  servers: z.object({ urls: z.array(z.string()), error: z.string().nullable() }),
});

/** A JSON value: a card as its file holds it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(json),
    z.record(z.string(), json),
  ]),
);

/** A card PoseScope proposes for an ONNX file, with what a person must confirm. */
export const modelProposal = z.object({
  onnx: z.string(),
  inputs: z.array(tensorInfo),
  outputs: z.array(tensorInfo),
  /** The family guessed from the tensor shapes, and why; null when nothing fits. */
  family: z.string().nullable(),
  reason: z.string(),
  /** The proposed card (JSON, as `posescope models` reads it). */
  card: z.record(z.string(), json),
  /** Fields (dotted paths) a person must check before saving: guessed, not read. */
  confirm: z.array(z.string()),
});

/** A card's problems, each named by its field; empty when it validates and matches its model. */
export const cardCheck = z.object({
  ok: z.boolean(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const boxSource = z.enum(['gt', 'detector', 'auto']);

/** Which frames a run covers: all, the frames a frame-list query shows, or listed frames. */
export const runFrames = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('filter'),
      filter: frameQuery.shape.filter,
      /** The run the filter's metric range and "missed" read (the frame list's primary run). */
      runId: z.number().int().nonnegative().nullable().default(null),
    })
    .strict(),
  z
    .object({
      kind: z.literal('images'),
      imageIds: z.array(z.number().int().nonnegative()).min(1).max(100_000),
    })
    .strict(),
]);

/** How many servers a run may name, and batches in flight per server (the dialog says so too). */
export const REMOTE_LIMITS = { servers: 32, inflight: 16 } as const;

/** Inference servers a run's models go to instead of this machine's providers. */
export const remoteRun = z
  .object({
    servers: z
      .array(z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }))
      .min(1)
      .max(REMOTE_LIMITS.servers),
    /** Batches in flight per server. */
    inflight: z.number().int().min(1).max(REMOTE_LIMITS.inflight).optional(),
  })
  .strict();

export const inferenceRequest = z
  .object({
    datasetId: z.number().int().nonnegative(),
    /** A named pipeline, or card names in pipeline order. */
    pipeline: z.string().min(1).optional(),
    cards: z.array(z.string().min(1)).min(1).optional(),
    boxes: boxSource.default('auto'),
    provider: z.string().default('auto'),
    batchSize: z.number().int().min(1).max(256).optional(),
    runName: z
      .string()
      .regex(/^[^\n\r]{1,80}$/, 'one line of at most 80 characters')
      .optional(),
    frames: runFrames.default({ kind: 'all' }),
    /** Start the run of that name over (drops its results). */
    rerun: z.boolean().default(false),
    remote: remoteRun.optional(),
  })
  .refine((r) => (r.pipeline === undefined) !== (r.cards === undefined), {
    message: 'name a pipeline or a list of cards, not both',
    path: ['pipeline'],
  });

export const jobState = z.enum(['queued', 'running', 'stopping', 'stopped', 'done', 'failed']);

/** One inference job, as its progress events and the job list report it. */
export const inferenceJob = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  /** The run it writes. */
  runName: z.string(),
  /** The run's id once it is opened. */
  runId: z.number().int().nullable(),
  state: jobState,
  /** What it is doing: loading models, inferring, scoring. */
  stage: z.string(),
  done: z.number(),
  total: z.number(),
  perSecond: z.number(),
  etaSeconds: z.number().nullable(),
  /** Per card: the provider in use and any it fell back from (with the reason). */
  providers: z.array(
    z.object({
      card: z.string(),
      provider: z.string(),
      fellBack: z.array(z.object({ provider: z.string(), error: z.string() })),
    }),
  ),
  /** Frames it covers; null for the whole dataset. */
  frames: z.number().nullable(),
  error: z.string().nullable(),
  /** Problems met (images not readable, cameras assumed), per kind. */
  issues: z.array(z.object({ kind: z.string(), count: z.number(), examples: z.array(z.string()) })),
  startedAt: z.string(),
});

export const runRename = z.object({
  datasetId: z.number().int().nonnegative(),
  runId: z.number().int().nonnegative(),
  name: z.string().regex(/^[^\n\r]{1,80}$/, 'one line of at most 80 characters'),
});

export type ModelOrigin = z.infer<typeof modelOrigin>;
export type ModelFit = z.infer<typeof modelFit>;
export type ModelEntry = z.infer<typeof modelEntry>;
export type PipelineEntry = z.infer<typeof pipelineEntry>;
export type ModelCatalog = z.infer<typeof modelCatalog>;
export type ModelProposal = z.infer<typeof modelProposal>;
export type CardCheck = z.infer<typeof cardCheck>;
export type RunFrames = z.infer<typeof runFrames>;
export type RemoteRun = z.infer<typeof remoteRun>;
export type InferenceRequestArgs = z.input<typeof inferenceRequest>;
export type InferenceRequest = z.output<typeof inferenceRequest>;
export type JobState = z.infer<typeof jobState>;
export type InferenceJob = z.infer<typeof inferenceJob>;
