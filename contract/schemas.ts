import { z } from 'zod';
import { EDIT_TOOLS, REVIEW_STATUSES } from '../core/edit/record';
import { SKELETON_IDS } from '../core/skeletons/types';
import { runSummary } from './runSummary';

/**
 * Payloads that cross the renderer ↔ main boundary. Arguments are parsed with these schemas on
 * the main side before any service sees them; results are typed by them on both sides.
 */

const id = z.number().int().nonnegative();
const finite = z.number();
export const vec2 = z.tuple([finite, finite]);
export const vec3 = z.tuple([finite, finite, finite]);
/** Non-finite coordinates (NaN labels) cross as null. */
const maybe2 = z.tuple([finite, finite]).nullable();
const maybe3 = z.tuple([finite, finite, finite]).nullable();

export const datasetFormat = z.enum([
  'h36m',
  'mupots',
  'mpi3dhp',
  'panoptic',
  '3dpw',
  'coco',
  'mpii',
  'images',
]);
/** A built-in skeleton's id, from core's one list. */
export const skeletonId = z.enum(SKELETON_IDS);
/** A dataset's skeleton: a built-in one, or one its own file defines (`file-` and a hash). */
export const datasetSkeletonId = z.union([
  skeletonId,
  z.templateLiteral(['file-', z.string().regex(/^[0-9a-f]{8}$/)]),
]);
/** What a file-defined skeleton is made from (core's FileSkeletonSpec). */
export const fileSkeletonSpec = z.object({
  label: z.string(),
  joints: z.array(z.string()).min(1),
  bones: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
  source: z.string(),
});
/** A frame's review status, from core's one list (the index's CHECK is tested against it). */
export const reviewStatus = z.enum(REVIEW_STATUSES);

export const providerCheck = z.object({
  name: z.string(),
  bundled: z.boolean(),
  available: z.boolean(),
  error: z.string().optional(),
});

export const appInfo = z.object({
  version: z.string(),
  /** How the UI is being served: the desktop window or a browser on `posescope serve`. */
  shell: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** The sample dataset bundled with the app, when it is installed. */
  sampleDataset: z.string().nullable(),
  /** The folder opened last (or given on the command line), opened on start. */
  startDataset: z.string().nullable(),
});

export const inferenceStatus = z.object({
  onnxruntime: z.string(),
  cpuCores: z.number(),
  providers: z.array(providerCheck),
  /** The provider a run with `--provider auto` uses. */
  chosen: z.string().nullable(),
});

export const recentDataset = z.object({
  path: z.string(),
  name: z.string(),
  format: z.string().nullable(),
  openedAt: z.string(),
});

export const runInfo = z.object({
  id,
  name: z.string(),
  kind: z.enum(['import', 'inference']),
  status: z.string().nullable(),
  source: z.string().nullable(),
  createdAt: z.string(),
  predictions: z.number(),
  /** The run's set figures (`posescope eval --json` keys), when scored. */
  summary: runSummary.nullable(),
  /** Frames an inference run was asked to cover; null for the whole dataset (and imports). */
  frames: z.number().nullable().default(null),
  /** An inference run that kept what it was asked for: it can be resumed or started over. */
  resumable: z.boolean().default(false),
});

export const issueSummary = z.object({
  kind: z.string(),
  count: z.number(),
  examples: z.array(z.string()),
});

/** The prediction file formats an import tells apart by their content. */
export const PREDICTION_FORMAT_IDS = [
  'rootnet',
  'coco-results',
  'mmpose',
  'arrays',
  'videopose3d',
  'openpose',
  'alphapose',
] as const;

/** What an import of predictions read, said whatever it scored. */
export const importReport = z.object({
  format: z.enum(PREDICTION_FORMAT_IDS),
  /** The format in words, with the fields it is read by. */
  formatName: z.string(),
  /** Records read and placed in the dataset's skeleton. */
  records: z.number(),
  /** Predictions paired with a labelled person, and those on the dataset's images paired with nobody. */
  paired: z.number(),
  unpaired: z.number(),
  /** Predictions naming no image of the dataset: how many, and the first ids or names. */
  unknownImages: z.object({ count: z.number(), first: z.array(z.string()) }),
  /** How the file's joints were mapped onto the dataset's skeleton; null when taken as they were. */
  joints: z.string().nullable(),
  /** The unit check's finding. */
  units: z.string(),
  /** Records refused or doubted, per kind of problem, with the first places (as `eval` prints them). */
  problems: z.array(issueSummary),
  /** What the reader says about how it read the file (layout taken, units scaled, frames left out). */
  notes: z.array(z.string()).default([]),
});

export const datasetInfo = z.object({
  id,
  root: z.string(),
  name: z.string(),
  format: datasetFormat,
  skeleton: datasetSkeletonId,
  /** The definition of a skeleton the dataset's file defines; null for a built-in one. */
  skeletonSpec: fileSkeletonSpec.nullable(),
  images: z.number(),
  people: z.number(),
  cameras: z.number(),
  flagged: z.number(),
  missingImages: z.number(),
  runs: z.array(runInfo),
  /** Per-kind problems met while indexing. */
  issues: z.array(issueSummary),
  failed: z.array(z.object({ unit: z.string(), error: z.string() })),
  /**
   * Still being indexed: what is listed is what has been committed so far, and a
   * `datasetChanged` event follows when the rest is in.
   */
  indexing: z.boolean().default(false),
});

/** Per-frame figures of a run a frame list can be ranked or filtered by (worst person's). */
export const frameMetric = z.enum([
  'mpjpe',
  'pa_mpjpe',
  'mrpe',
  'mrpe_z',
  'pck_rel',
  'ranking_acc',
  'oks',
  'pck_2d',
]);
export const frameSortKey = z.enum(['file', 'people', ...frameMetric.options]);

export const frameQuery = z.object({
  datasetId: id,
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(500),
  sort: frameSortKey.default('file'),
  /** Worst first for error metrics; the run metrics are read from. */
  descending: z.boolean().default(false),
  runId: id.nullable().default(null),
  filter: z
    .object({
      group: z.string().optional(),
      subject: z.string().optional(),
      camera: z.string().optional(),
      flaggedOnly: z.boolean().optional(),
      minPeople: z.number().int().optional(),
      maxPeople: z.number().int().optional(),
      /** Only frames whose value of a metric (in the chosen run) lies in [min, max]. */
      range: z
        .object({ metric: frameMetric, min: z.number().optional(), max: z.number().optional() })
        .optional(),
      /** Only frames the run missed someone in. */
      missedOnly: z.boolean().optional(),
      /** Only frames with a corrected person. */
      editedOnly: z.boolean().optional(),
      review: reviewStatus.optional(),
      /** Frames whose file name holds this text (any case), or whose dataset image id it is. */
      search: z.string().min(1).max(500).optional(),
    })
    .default({}),
});

export const frameRow = z.object({
  imageId: id,
  file: z.string(),
  group: z.string().nullable(),
  people: z.number(),
  flagged: z.number(),
  missing: z.boolean(),
  review: reviewStatus.default('unreviewed'),
  /** People of the frame corrected in PoseScope. */
  edited: z.number().default(0),
  /** The sort metric's worst value over the frame's people in the chosen run, if any. */
  value: z.number().nullable(),
  /** People of the frame the chosen run matched and missed. */
  matched: z.number().nullable(),
  missed: z.number().nullable(),
  /** Image size and each labelled person's 2D joints (pixels), for the thumbnail's skeletons. */
  width: z.number().nullable(),
  height: z.number().nullable(),
  skeletons: z.array(z.array(maybe2)),
});

export const framePage = z.object({
  total: z.number(),
  offset: z.number(),
  rows: z.array(frameRow),
});

export const personLabel = z.object({
  instanceId: id,
  person: z.number(),
  bbox: z.tuple([finite, finite, finite, finite]).nullable(),
  joints2d: z.array(maybe2).nullable(),
  /** Camera space, millimetres (Human3.6M world labels are turned into each image's camera). */
  joints3d: z.array(maybe3).nullable(),
  visibility: z.array(z.number()).nullable(),
  flags: z.number(),
  valid: z.boolean(),
  /** Corrected in PoseScope (an applied edit in the log). */
  edited: z.boolean().default(false),
  /** Raised by every write of the person's labels; an edit sends back the one it saw. */
  version: z.number().int().optional(),
});

export const personPrediction = z.object({
  runId: id,
  instanceId: id.nullable(),
  score: z.number().nullable(),
  joints2d: z.array(maybe2).nullable(),
  joints3d: z.array(maybe3).nullable(),
  root: maybe3,
  mpjpe: z.number().nullable(),
  /** cocoapi's OKS of the pair (2D sets). */
  oks: z.number().nullable().default(null),
  /** The model's confidence per joint (COCO results' third value, MMPose's keypoint_scores). */
  jointScores: z.array(z.number().nullable()).nullable().default(null),
});

export const frame = z.object({
  datasetId: id,
  imageId: id,
  file: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  missing: z.boolean(),
  subject: z.string().nullable(),
  action: z.string().nullable(),
  sequence: z.string().nullable(),
  camera: z.string().nullable(),
  intrinsics: z.object({ f: vec2, c: vec2 }).nullable(),
  skeleton: datasetSkeletonId,
  people: z.array(personLabel),
  predictions: z.array(personPrediction),
  review: reviewStatus.default('unreviewed'),
});

export const groupInfo = z.object({ group: z.string(), frames: z.number(), people: z.number() });

/** One value of a frame attribute the grid filters on, with how many frames have it. */
export const facetValue = z.object({ value: z.string(), frames: z.number() });
export const frameFacets = z.object({
  subject: z.array(facetValue),
  camera: z.array(facetValue),
  /** People per frame: "0", "1", … */
  people: z.array(facetValue),
});

export const failureQuery = frameQuery.omit({ offset: true, limit: true }).extend({
  /** Search after (direction 1) or before (−1) this position of the order. */
  from: z.number().int(),
  direction: z.union([z.literal(1), z.literal(-1)]),
  /** A metric past this value (on its bad side) makes a failure; flags and misses always do. */
  threshold: z.object({ metric: frameMetric, value: z.number() }).nullable().default(null),
});
export const editTool = z.enum(EDIT_TOOLS);

/** A correction of one person: their joints after it, camera space mm and pixels. */
export const editRequest = z.object({
  datasetId: id,
  instanceId: id,
  tool: editTool,
  /** The joint acted on; null for whole-person tools. */
  joint: z.number().int().nonnegative().nullable(),
  /** A channel left out is unchanged; a joint given as null is missing. */
  joints3d: z.array(maybe3).optional(),
  joints2d: z.array(maybe2).optional(),
  /** Per joint, COCO semantics: 0 absent, 1 occluded, 2 visible. */
  visibility: z.array(z.number().int().min(0).max(2)).optional(),
  /** [x, y, width, height] in pixels, null to remove the box. */
  bbox: z
    .tuple([finite, finite, z.number().nonnegative(), z.number().nonnegative()])
    .nullable()
    .optional(),
  /**
   * The person's `version` as the view the edit was made in showed it: when the person has
   * changed since (another window or annotator), the edit is refused, never written over it.
   */
  version: z.number().int().nonnegative().optional(),
});

/**
 * `editRequest` against the dataset's skeleton: every channel given holds one entry per joint
 * and the joint acted on is one of them. The service checks it before any edit code runs (the
 * skeleton is the dataset's, which the bare schema cannot know).
 */
export const editRequestFor = (skeleton: string, joints: number) =>
  editRequest.superRefine((r, ctx) => {
    for (const key of ['joints3d', 'joints2d', 'visibility'] as const) {
      const n = r[key]?.length;
      if (n !== undefined && n !== joints)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${n} joints, the dataset's ${skeleton} skeleton has ${joints}`,
        });
    }
    if (r.joint !== null && r.joint >= joints)
      ctx.addIssue({
        code: 'custom',
        path: ['joint'],
        message: `joint ${r.joint} does not exist: ${skeleton} has joints 0…${joints - 1}`,
      });
  });

/** A new person for a frame: their joints as placed (a template fitted to a box, or a run's). */
export const addPersonRequest = z.object({
  datasetId: id,
  imageId: id,
  /** Camera space mm; required where the dataset labels 3D (MuPoTS-3D). */
  joints3d: z.array(maybe3).optional(),
  /** Pixels; projected from 3D when left out. */
  joints2d: z.array(maybe2).optional(),
  visibility: z.array(z.number().int().min(0).max(2)).optional(),
  bbox: z.tuple([finite, finite, z.number().nonnegative(), z.number().nonnegative()]).optional(),
});

export const editState = z.object({
  /** Edits that can be undone and redone now. */
  undo: z.number(),
  redo: z.number(),
  annotator: z.string(),
});

export const editOutcome = z.object({
  /** The edit (log row) applied, undone or redone; null when nothing changed. */
  editId: z.number().nullable(),
  imageId: id.nullable(),
  instanceId: id.nullable(),
  state: editState,
});

/** What the app's Export writes into one folder. */
export const exportRequest = z.object({
  datasetId: id,
  /** A folder outside the dataset; created if missing. */
  out: z.string().min(1),
  /** The dataset's own layout, or one COCO person-keypoints file from any dataset. */
  layout: z.enum(['own', 'coco-keypoints']).default('own'),
  /** Only images with a corrected person. */
  onlyEdited: z.boolean().default(false),
  /** Hard-link (or copy) the images too, so the folder opens as a whole dataset. */
  images: z.boolean().default(true),
  /** Also write corrections.patch.json and the before/after metrics report (JSON and CSV). */
  patch: z.boolean().default(true),
  report: z.boolean().default(true),
  /** Write over a folder that already holds files (an earlier export); refused without it. */
  replace: z.boolean().default(false),
});

/** Where an export would go, checked before anything is written. */
export const exportTarget = z.object({
  /** The folder, absolute; null when none was given. */
  out: z.string().nullable(),
  /** The folder the last export went to's parent, with this dataset's name: null the first time. */
  suggested: z.string().nullable(),
  /** What the folder already holds, in words (an earlier export: its dataset, date, files); null when empty or missing. */
  holds: z.string().nullable(),
  /** Why the folder cannot be used (inside the dataset, a file), or null. */
  problem: z.string().nullable(),
});

export const exportResult = z.object({
  out: z.string(),
  files: z.array(z.object({ path: z.string(), bytes: z.number() })),
  images: z.number(),
  people: z.number(),
  linkedImages: z.number(),
  missingImages: z.number(),
  patchEdits: z.number().nullable(),
});

export const failureHit = z.object({
  position: z.number().nullable(),
  imageId: z.number().nullable(),
});

export const personSortKey = z.enum(['file', ...frameMetric.options, 'joint']);

export const peopleQuery = z.object({
  datasetId: id,
  runId: id.nullable().default(null),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(500),
  sort: personSortKey.default('file'),
  descending: z.boolean().default(false),
  /** With sort 'joint' (or always, for the column): this joint's root-relative error. */
  joint: z.number().int().nonnegative().optional(),
  filter: z
    .object({
      group: z.string().optional(),
      flaggedOnly: z.boolean().optional(),
      range: z
        .object({ metric: frameMetric, min: z.number().optional(), max: z.number().optional() })
        .optional(),
    })
    .default({}),
});

const metricValue = z.number().nullable();
export const personRow = z.object({
  instanceId: id,
  imageId: id,
  file: z.string(),
  group: z.string().nullable(),
  person: z.number(),
  flags: z.number(),
  mpjpe: metricValue,
  pa_mpjpe: metricValue,
  mrpe: metricValue,
  mrpe_z: metricValue,
  pck_rel: metricValue,
  ranking_acc: metricValue,
  oks: metricValue,
  pck_2d: metricValue,
  /** The chosen joint's root-relative error (mm), when a joint was asked for. */
  joint: metricValue,
});

export const peoplePage = z.object({
  total: z.number(),
  offset: z.number(),
  rows: z.array(personRow),
});

export const histogram = z.object({
  metric: z.string(),
  binWidth: z.number(),
  /** counts[k] people with value in [k·binWidth, (k+1)·binWidth); the last bin is open-ended. */
  counts: z.array(z.number()),
});

export const runDistributions = z.object({
  runId: id,
  people: z.number(),
  histograms: z.array(histogram),
  /** 3DPCK (root-relative, % of joints) at each threshold (mm), as the AUC integrates. */
  pckCurve: z.object({ thresholds: z.array(z.number()), pck: z.array(z.number()) }).nullable(),
  /** Predicted against true root depth (mm) per matched person (DRM's Fig. 4); sampled past 5,000. */
  depth: z
    .object({
      instanceId: z.array(z.number()),
      imageId: z.array(z.number()),
      gt: z.array(z.number()),
      pred: z.array(z.number()),
    })
    .nullable(),
});

export const artifactItem = z.object({
  kind: z.enum(['heatmaps', 'depth_profiles', 'depth_bins', 'ranking', 'drm_center']),
  shape: z.array(z.number()),
  /** float32 little-endian values, base64. */
  data: z.string(),
});

export const personArtifacts = z.object({
  runId: id,
  instanceId: id,
  /** The run's pipeline: card names and families, in order. */
  pipeline: z.array(
    z.object({
      name: z.string(),
      family: z.string(),
      /** Volumetric models: the root-relative depth (mm) their depth bins span, centred on 0. */
      depthRangeMm: z.number().optional(),
      /**
       * Root-depth bin models: the bins' d/f range (HDNet's α, β) and count. Runs made before
       * it was stored used HDNet's 1–8.
       */
      depthBins: z.object({ alpha: z.number(), beta: z.number(), bins: z.number() }).optional(),
    }),
  ),
  /** Why there is nothing to show, when there is nothing. */
  note: z.string().nullable(),
  items: z.array(artifactItem),
  /** The top-down crop the maps were computed in (image pixels), from the person's box. */
  crop: z.tuple([finite, finite, finite, finite]).nullable(),
});

export const indexProgress = z.object({
  path: z.string(),
  done: z.number(),
  total: z.number(),
  phase: z.enum(['indexing', 'done', 'failed']),
  error: z.string().optional(),
});

export type AppInfo = z.infer<typeof appInfo>;
export type InferenceStatus = z.infer<typeof inferenceStatus>;
export type RecentDataset = z.infer<typeof recentDataset>;
export type RunInfo = z.infer<typeof runInfo>;
export type ImportReport = z.infer<typeof importReport>;
export type DatasetInfo = z.infer<typeof datasetInfo>;
export type FrameFacets = z.infer<typeof frameFacets>;
export type ReviewStatus = z.infer<typeof reviewStatus>;
export type EditRequestArgs = z.infer<typeof editRequest>;
export type FrameQuery = z.input<typeof frameQuery>;
export type FrameSortKey = z.infer<typeof frameSortKey>;
export type FrameMetric = z.infer<typeof frameMetric>;
export type FrameRow = z.infer<typeof frameRow>;
export type FramePage = z.infer<typeof framePage>;
export type PersonLabel = z.infer<typeof personLabel>;
export type PersonPrediction = z.infer<typeof personPrediction>;
export type Frame = z.infer<typeof frame>;
export type IndexProgress = z.infer<typeof indexProgress>;
export type GroupInfo = z.infer<typeof groupInfo>;
export type PeopleQuery = z.input<typeof peopleQuery>;
export type PersonRow = z.infer<typeof personRow>;
export type PeoplePage = z.infer<typeof peoplePage>;
export type Histogram = z.infer<typeof histogram>;
export type RunDistributions = z.infer<typeof runDistributions>;
export type ArtifactItem = z.infer<typeof artifactItem>;
export type PersonArtifacts = z.infer<typeof personArtifacts>;
export type EditState = z.infer<typeof editState>;
export type EditOutcome = z.infer<typeof editOutcome>;
export type EditToolName = z.infer<typeof editTool>;
export type ExportResult = z.infer<typeof exportResult>;
