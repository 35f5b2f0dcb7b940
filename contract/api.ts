import { z } from 'zod';
import * as s from './schemas';
import * as inf from './inference';
import * as tk from './takes';
import * as vw from './views';

/** The most frames one `getFrames` call reads: two seconds of a 50 fps take, and some. */
export const MAX_FRAMES_PER_READ = 120;

const id = z.number().int().nonnegative();
const none = z.object({}).strict().default({});
const datasetRef = z.object({ datasetId: z.number().int().nonnegative() }).strict();

/**
 * Every call the renderer can make on the main side: its argument and result schemas. The
 * channel names, the preload bridge, the HTTP routes and the typed client are all derived from
 * this one table.
 */
export const CALLS = {
  appInfo: { args: none, result: s.appInfo },
  inferenceStatus: { args: none, result: s.inferenceStatus },
  recentDatasets: { args: none, result: z.array(s.recentDataset) },
  openDataset: {
    args: z.object({ path: z.string().min(1), format: s.datasetFormat.optional() }).strict(),
    result: s.datasetInfo,
  },
  datasetInfo: { args: datasetRef, result: s.datasetInfo },
  listFrames: { args: s.frameQuery.strict(), result: s.framePage },
  getFrame: {
    args: z.object({ datasetId: z.number().int(), imageId: z.number().int() }).strict(),
    result: s.frame,
  },
  /** Several frames in one round trip (playback reads a take's next second at once). */
  getFrames: {
    args: z
      .object({
        datasetId: z.number().int(),
        imageIds: z.array(z.number().int()).min(1).max(MAX_FRAMES_PER_READ),
      })
      .strict(),
    result: z.array(s.frame),
  },
  listGroups: { args: datasetRef, result: z.array(s.groupInfo) },
  listFacets: { args: datasetRef, result: s.frameFacets },
  findFailure: { args: s.failureQuery.strict(), result: s.failureHit },
  listPeople: { args: s.peopleQuery.strict(), result: s.peoplePage },
  runDistributions: {
    args: z.object({ datasetId: z.number().int(), runId: z.number().int() }).strict(),
    result: s.runDistributions,
  },
  getArtifacts: {
    args: z
      .object({
        datasetId: z.number().int(),
        runId: z.number().int(),
        instanceId: z.number().int(),
      })
      .strict(),
    result: s.personArtifacts,
  },
  editPerson: { args: s.editRequest.strict(), result: s.editOutcome },
  addPerson: { args: s.addPersonRequest.strict(), result: s.editOutcome },
  deletePerson: {
    args: z.object({ datasetId: id, instanceId: id }).strict(),
    result: s.editOutcome,
  },
  undoEdit: { args: datasetRef, result: s.editOutcome },
  redoEdit: { args: datasetRef, result: s.editOutcome },
  editState: { args: datasetRef, result: s.editState },
  setReview: {
    args: z.object({ datasetId: id, imageId: id, status: s.reviewStatus }).strict(),
    result: z.object({ imageId: id, status: s.reviewStatus }),
  },
  personBones: {
    args: z.object({ datasetId: id, instanceId: id }).strict(),
    result: z.object({ medianMm: z.array(z.number().nullable()), frames: z.number() }),
  },
  exportDataset: { args: s.exportRequest.strict(), result: s.exportResult },
  exportTarget: {
    args: z.object({ datasetId: z.number().int(), out: z.string() }).strict(),
    result: s.exportTarget,
  },
  importPredictions: {
    args: z
      .object({
        datasetId: z.number().int(),
        file: z.string().min(1),
        name: z.string().optional(),
        /** The skeleton of the file's joints when not the dataset's (mapped by anatomy). */
        predSkeleton: s.skeletonId.optional(),
      })
      .strict(),
    /** The run, with what the import read. */
    result: s.runInfo.extend({ read: s.importReport }),
  },
  listModels: {
    /** With a dataset, each card and pipeline says whether it fits its skeleton. */
    args: z.object({ datasetId: id.optional() }).strict(),
    result: inf.modelCatalog,
  },
  /** Reads an ONNX file's tensors and proposes a card for it. */
  inspectModel: { args: z.object({ onnx: z.string().min(1) }).strict(), result: inf.modelProposal },
  /** Checks a card against the model schema and the ONNX file's tensors; saves nothing. */
  checkModelCard: {
    args: z.object({ onnx: z.string().min(1), card: z.record(z.string(), z.unknown()) }).strict(),
    result: inf.cardCheck,
  },
  /** Copies the ONNX file into the user's model folder beside its card, once the card checks. */
  saveModelCard: {
    args: z.object({ onnx: z.string().min(1), card: z.record(z.string(), z.unknown()) }).strict(),
    result: inf.modelEntry,
  },
  /** Removes a card (and its model) from the user's model folder; other folders are refused. */
  removeModelCard: {
    args: z.object({ file: z.string().min(1) }).strict(),
    result: z.object({ removed: z.string() }),
  },
  /** Queues an inference run; progress arrives as `inferenceJob` events. */
  startInference: { args: inf.inferenceRequest, result: inf.inferenceJob },
  /** Stops a job after the batch in flight; the run stays resumable. */
  stopInference: { args: z.object({ jobId: id }).strict(), result: inf.inferenceJob },
  /** Resumes a stopped or crashed inference run as it was asked for, or starts it over (`rerun`). */
  resumeRun: {
    args: z.object({ datasetId: id, runId: id, rerun: z.boolean().default(false) }).strict(),
    result: inf.inferenceJob,
  },
  /** Jobs queued, running and finished since the app started. */
  inferenceJobs: { args: none, result: z.array(inf.inferenceJob) },
  renameRun: { args: inf.runRename.strict(), result: s.runInfo },
  /** Deletes a run with its predictions, metrics and artifacts; nothing else. */
  deleteRun: {
    args: z.object({ datasetId: id, runId: id }).strict(),
    result: z.object({ deleted: id }),
  },
  /** The dataset's takes (sequences per camera) in natural order. */
  listTakes: { args: datasetRef, result: z.array(tk.take) },
  /** The take a frame belongs to (null when it has none), with a run's figures along it. */
  takeTimeline: {
    args: z
      .object({
        datasetId: id,
        imageId: id,
        runId: id.nullable().default(null),
        joint: z.number().int().nonnegative().nullable().default(null),
      })
      .strict(),
    result: tk.takeTimeline.nullable(),
  },
  /** The calibrated views of a frame's moment (null when it has fewer than two). */
  momentViews: {
    args: z.object({ datasetId: id, imageId: id }).strict(),
    result: vw.moment.nullable(),
  },
  /**
   * Triangulates a joint placed in two or more views of a moment and writes the world joint as
   * one edit (one undo step) into every view of the moment that holds the person.
   */
  correctFromViews: { args: vw.viewsCorrection.strict(), result: vw.viewsCorrectionOutcome },
} as const;

/** Events the main side pushes to every connected renderer. */
export const EVENTS = {
  indexProgress: s.indexProgress,
  /** An inference job was queued, progressed, stopped, finished or failed. */
  inferenceJob: inf.inferenceJob,
  datasetChanged: z.object({ datasetId: z.number().int() }),
  /** The desktop shell's menu or a second launch asks the UI to act. */
  shellCommand: z.object({
    command: z.enum(['chooseDataset', 'openPath', 'showShortcuts']),
    path: z.string().optional(),
  }),
} as const;

export type CallName = keyof typeof CALLS;
export type EventName = keyof typeof EVENTS;
export type CallArgs<K extends CallName> = z.input<(typeof CALLS)[K]['args']>;
export type ParsedArgs<K extends CallName> = z.output<(typeof CALLS)[K]['args']>;
export type CallResult<K extends CallName> = z.output<(typeof CALLS)[K]['result']>;
export type EventPayload<K extends EventName> = z.output<(typeof EVENTS)[K]>;

/** What the renderer sees: one async method per call. */
export type PoseScopeApi = {
  [K in CallName]: (args?: CallArgs<K>) => Promise<CallResult<K>>;
};

/** What the main side implements: the same calls, arguments already validated. */
export type PoseScopeService = {
  [K in CallName]: (args: ParsedArgs<K>) => CallResult<K> | Promise<CallResult<K>>;
};

export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** IPC channel (Electron) and HTTP route segment (browser mode) of a call or event. */
export const callChannel = (name: CallName): string => `posescope:call:${name}`;
export const eventChannel = (name: EventName): string => `posescope:event:${name}`;

/** IPC channels of the desktop-only platform services (file dialogs, reveal in folder). */
export const PLATFORM_CHANNELS = {
  pickFolder: 'posescope:platform:pickFolder',
  pickFile: 'posescope:platform:pickFile',
  revealInFolder: 'posescope:platform:revealInFolder',
} as const;

/**
 * Why a dataset format's files cannot take a new person, or null when they can: the main side
 * refuses with it, the UI says it beside the disabled button. Human3.6M's 3D lives in a joint
 * file with one world pose per frame, shared by the frame's four camera views.
 */
export function cannotAddPeople(format: z.infer<typeof s.datasetFormat>): string | null {
  if (format === 'h36m')
    return 'Human3.6M frames hold one subject whose world joints are shared by the four camera views; its files have no place for another person';
  if (format === 'images') return 'an image folder has no annotation file to add people to';
  if (format === 'mpi3dhp')
    return 'MPI-INF-3DHP test frames hold one subject, a row of their sequence’s annot_data.mat; the file has no place for another person';
  if (format === 'mpii')
    return 'an MPII list record is one person with the centre and scale MPII’s annotators gave; PoseScope has none to give a new person';
  if (format === 'panoptic')
    return 'CMU Panoptic people are world poses in the frame’s body3DScene file, shared by every camera view; a person added in one view would have no place in the others';
  if (format === '3dpw')
    return '3DPW people are the SMPL actors of a sequence file, one row of every per-actor array; the file has no place for another person';
  return null;
}

/** What a dataset whose own layout PoseScope does not write can still be exported as. */
const PATCH_OR_COCO =
  'export the corrections as a patch (posescope export --patch <file>) or the labels as COCO keypoints (--format coco-keypoints)';

/**
 * Why a dataset format cannot be written back in its own layout, or null when it can: export
 * refuses with it, the UI offers COCO keypoints only.
 */
export function cannotExportOwnLayout(format: z.infer<typeof s.datasetFormat>): string | null {
  if (format === 'images') return 'an image folder has no annotations to export';
  if (format === 'mpi3dhp')
    return `MPI-INF-3DHP’s annot_data.mat files are MATLAB v7.3 (HDF5), which PoseScope reads but does not write; ${PATCH_OR_COCO}`;
  if (format === 'panoptic')
    return `PoseScope reads CMU Panoptic’s body3DScene files but does not write them; ${PATCH_OR_COCO}`;
  if (format === '3dpw')
    return `PoseScope reads 3DPW’s sequence .pkl files (Python pickles) but does not write them; ${PATCH_OR_COCO}`;
  return null;
}

/** Metrics whose worst value is the highest (errors); for the others (PCK, OKS, ranking) it is the lowest. */
const HIGH_IS_BAD: ReadonlySet<string> = new Set(['mpjpe', 'pa_mpjpe', 'mrpe', 'mrpe_z', 'joint']);
export const worstIsHighest = (metric: string): boolean => HIGH_IS_BAD.has(metric);

/**
 * Where "next failure" stops by default, per metric (mm for errors, % for PCK and ranking):
 * past these a person's pose is visibly wrong in the inspector.
 */
export const FAILURE_THRESHOLDS: Readonly<Record<s.FrameMetric, number>> = {
  mpjpe: 150,
  pa_mpjpe: 100,
  mrpe: 300,
  mrpe_z: 250,
  pck_rel: 60,
  ranking_acc: 80,
  oks: 0.5,
  pck_2d: 60,
};

/** The per-frame figures of a run (sorting by them needs a primary run). */
export const FRAME_METRICS: readonly s.FrameMetric[] = s.frameMetric.options;

/** A dataset format a folder can be read as (`openDataset`'s `format`). */
export type DatasetFormat = z.infer<typeof s.datasetFormat>;
/** Every dataset format, in the contract enum's order: the open dialog's "Read as" list. */
export const DATASET_FORMATS: readonly DatasetFormat[] = s.datasetFormat.options;

/** 3D sets are scored in millimetres; the rest by OKS and 2D PCK (an image folder has no labels). */
export type DatasetKind = '3d' | '2d';
const FORMATS_3D: ReadonlySet<DatasetFormat> = new Set([
  'h36m',
  'mupots',
  'mpi3dhp',
  'panoptic',
  '3dpw',
]);
/** Whether a format's labels are 3D: the one list the scorer, the CLI and the dashboard share. */
export const datasetKind = (format: DatasetFormat): DatasetKind =>
  FORMATS_3D.has(format) ? '3d' : '2d';

/** The per-frame figures a dataset's runs get: millimetres and depth order for 3D, OKS and PCK for 2D. */
export const FRAME_METRICS_BY_KIND: Readonly<Record<DatasetKind, readonly s.FrameMetric[]>> = {
  '3d': ['mpjpe', 'pa_mpjpe', 'mrpe', 'mrpe_z', 'pck_rel', 'ranking_acc'],
  '2d': ['oks', 'pck_2d'],
};

/** What a dataset's frames and people are ranked by when a run is chosen: its kind's headline error. */
export const rankMetric = (format: DatasetFormat): s.FrameMetric =>
  datasetKind(format) === '3d' ? 'mpjpe' : 'oks';

export const isCallName = (name: string): name is CallName =>
  Object.prototype.hasOwnProperty.call(CALLS, name);
