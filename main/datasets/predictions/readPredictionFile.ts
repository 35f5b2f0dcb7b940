import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportReport } from '../../../contract';
import { forEachJsonValue } from '../json/jsonSplitter';
import { readPredictions, type PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { readAlphaPose } from './alphapose';
import { readCocoResults } from './cocoResults';
import type { JointOrder } from './jointOrder';
import { readMmposePredictions } from './mmposeResults';
import { npzObjectMembers } from './npzObjects';
import { readOpenPose } from './openpose';
import { NPY_MAGIC, ZIP_MAGIC, readPoseArrays } from './poseArrays';
import { TAKE_MEMBERS, readTakeArrays } from './takeArrays';
import type { ImageRef } from './takeFrames';

/** The prediction formats PoseScope reads, each told apart by its content. */
export const PREDICTION_FORMATS = {
  rootnet: 'RootNet/PoseNet JSON (image_id, joints_cam, joints_img, root_cam)',
  'coco-results': 'COCO keypoint results (image_id, category_id, keypoints, score)',
  mmpose: 'MMPose inferencer predictions (keypoints, keypoint_scores, bbox, bbox_score)',
  arrays: '3D pose arrays (.npy/.npz, N×J×3 with image ids)',
  videopose3d:
    'VideoPose3D take-keyed arrays (.npz: positions_3d / positions_2d, subject → action → frames)',
  openpose: 'OpenPose per-frame JSON (people[].pose_keypoints_2d, BODY_25 or COCO-18)',
  alphapose: 'AlphaPose results (image_id, keypoints, score, box, idx)',
} as const satisfies Record<ImportReport['format'], string>;
export type PredictionFormat = keyof typeof PREDICTION_FORMATS;

const STOP = Symbol('stop');

/** The first bytes of a file, as latin1 text. */
function head(file: string, n: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** A JSON file's first array element, or its top-level keys, read no further than needed. */
function sniffJson(file: string): { first?: unknown; keys: string[] } {
  const keys: string[] = [];
  let first: unknown;
  try {
    forEachJsonValue(
      file,
      (p) => {
        if (p.length === 0) return 'descend';
        if (/^\d+$/.test(p[0]!)) return 'emit';
        keys.push(p[0]!);
        return 'skip';
      },
      (_, value) => {
        first = value;
        throw STOP;
      },
      { chunkSize: 1 << 16 },
    );
  } catch (err) {
    if (err !== STOP) throw err;
  }
  return { first, keys };
}

const has = (v: unknown, key: string) => typeof v === 'object' && v !== null && key in v;

/** OpenPose's top-level keys (`people`; AlphaPose's `cmu` form writes `bodies`). */
const isOpenPose = (keys: readonly string[]) => keys.includes('people') || keys.includes('bodies');

/** The first .json file of a folder (searched through subfolders), in name order. */
function firstJson(dir: string): string | undefined {
  const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort();
  return files[0] === undefined ? undefined : join(dir, files[0]);
}

/**
 * Whether an .npz holds take-keyed dicts: VideoPose3D's pickled `positions_3d` / `positions_2d`,
 * or pickled members only (a dict of takes under another name). An object array beside numeric
 * poses (`imgname` saved as objects) leaves it an arrays file, whose reader says how to save it.
 */
function holdsTakes(path: string): boolean {
  const { members, objects } = npzObjectMembers(readFileSync(path));
  return (
    objects.some((k) => TAKE_MEMBERS.includes(k)) ||
    (objects.length > 0 && objects.length === members.length)
  );
}

/** AlphaPose's own fields beside COCO's: `box` (not `bbox`), `idx`, or an image file name. */
const isAlphaPose = (first: unknown) =>
  has(first, 'box') ||
  has(first, 'idx') ||
  /\.(jpe?g|png|bmp)$/i.test(String((first as { image_id?: unknown }).image_id));

/**
 * Which format a prediction file (or folder) holds, from its content: .npy/.npz magic bytes (an
 * .npz with a pickled member → VideoPose3D's take-keyed dicts), a folder of OpenPose files
 * (`people` in its first) or else of MMPose per-image files, else the first record of a JSON
 * array (flat `keypoints` → COCO results, or AlphaPose with its `box`, `idx` or an image file
 * name as `image_id`; nested `keypoints` or `keypoint_scores` → MMPose) or a JSON object's keys
 * (`instance_info`, `predictions` → MMPose; `people` → OpenPose). Anything else is read as
 * RootNet's format, whose reader says what is wrong with it.
 */
export function detectPredictionFormat(path: string): PredictionFormat {
  if (statSync(path).isDirectory()) {
    const first = firstJson(path);
    return first && isOpenPose(sniffJson(first).keys) ? 'openpose' : 'mmpose';
  }
  const magic = head(path, 8);
  if (magic.startsWith(ZIP_MAGIC)) return holdsTakes(path) ? 'videopose3d' : 'arrays';
  if (magic.startsWith(NPY_MAGIC)) return 'arrays';
  const { first, keys } = sniffJson(path);
  if (keys.includes('instance_info') || keys.includes('predictions')) return 'mmpose';
  if (isOpenPose(keys)) return 'openpose';
  if (has(first, 'keypoints')) {
    const kp = (first as { keypoints: unknown }).keypoints;
    const nested = Array.isArray(kp) && Array.isArray(kp[0]);
    if (nested || has(first, 'keypoint_scores')) return 'mmpose';
    return isAlphaPose(first) ? 'alphapose' : 'coco-results';
  }
  if (has(first, 'frame_id') && has(first, 'instances')) return 'mmpose';
  return 'rootnet';
}

export interface PredictionRead {
  readonly format: PredictionFormat;
  /** Records kept (read and placed in the dataset's skeleton). */
  readonly records: number;
  /**
   * What the read did that is not a problem, said once: the layout a file's metadata named, a
   * unit scaled, frames of a take no image of the dataset shows (not used).
   */
  readonly notes: readonly string[];
}

/** What a read may know of the dataset beyond its skeleton. */
export interface PredictionContext {
  /**
   * The dataset's images: with them take-keyed files (VideoPose3D arrays, OpenPose frames of a
   * Human3.6M video) are paired with the images of their takes, a take of the wrong length is
   * refused, and frames no image shows are left out and counted once. Given as a function, they
   * are asked for only by the formats that use them (a million images are worth not reading).
   */
  readonly images?: readonly ImageRef[] | (() => readonly ImageRef[]);
}

/**
 * Reads a prediction file (or an MMPose or OpenPose folder) of any format PoseScope knows,
 * detected from its content; each record is handed over in the dataset's skeleton (mapped by
 * `order`).
 */
export function readPredictionFile(
  path: string,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  onBytes?: (n: number) => void,
  context: PredictionContext = {},
): PredictionRead {
  const format = detectPredictionFormat(path);
  const folder = statSync(path).isDirectory();
  const read = (records: number) => ({ format, records, notes: [] });
  const images = () => (typeof context.images === 'function' ? context.images() : context.images);
  switch (format) {
    case 'coco-results':
      return read(readCocoResults(path, order, issues, onRecord, onBytes));
    case 'mmpose':
      return read(readMmposePredictions(path, folder, order, issues, onRecord));
    case 'arrays':
      return read(readPoseArrays(path, order, issues, onRecord));
    case 'videopose3d':
      return { format, ...readTakeArrays(path, order, issues, onRecord, images()) };
    case 'openpose':
      return { format, ...readOpenPose(path, folder, order, issues, onRecord, images()) };
    case 'alphapose':
      return read(readAlphaPose(path, order, issues, onRecord, onBytes));
    case 'rootnet':
      // PoseScope's own format is in the dataset's order unless a skeleton is named.
      return read(
        readPredictions(path, order.named ? order : order.joints, issues, onRecord, onBytes),
      );
  }
}
