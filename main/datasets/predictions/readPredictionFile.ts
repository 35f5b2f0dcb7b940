import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ImportReport } from '../../../contract';
import { forEachJsonValue } from '../json/jsonSplitter';
import { readPredictions, type PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { readCocoResults } from './cocoResults';
import type { JointOrder } from './jointOrder';
import { readMmposePredictions } from './mmposeResults';
import { NPY_MAGIC, ZIP_MAGIC, readPoseArrays } from './poseArrays';

/** The prediction formats PoseScope reads, each told apart by its content. */
export const PREDICTION_FORMATS = {
  rootnet: 'RootNet/PoseNet JSON (image_id, joints_cam, joints_img, root_cam)',
  'coco-results': 'COCO keypoint results (image_id, category_id, keypoints, score)',
  mmpose: 'MMPose inferencer predictions (keypoints, keypoint_scores, bbox, bbox_score)',
  arrays: '3D pose arrays (.npy/.npz, N×J×3 with image ids)',
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

/**
 * Which format a prediction file (or folder) holds, from its content: .npy/.npz magic bytes,
 * a folder of MMPose per-image files, else the first record of a JSON array (flat `keypoints` →
 * COCO results; nested `keypoints` or `keypoint_scores` → MMPose) or a JSON object's keys
 * (`instance_info`, `predictions` → MMPose). Anything else is read as RootNet's format, whose
 * reader says what is wrong with it.
 */
export function detectPredictionFormat(path: string): PredictionFormat {
  if (statSync(path).isDirectory()) return 'mmpose';
  const magic = head(path, 8);
  if (magic.startsWith(NPY_MAGIC) || magic.startsWith(ZIP_MAGIC)) return 'arrays';
  const { first, keys } = sniffJson(path);
  if (keys.includes('instance_info') || keys.includes('predictions')) return 'mmpose';
  if (has(first, 'keypoints')) {
    const kp = (first as { keypoints: unknown }).keypoints;
    const nested = Array.isArray(kp) && Array.isArray(kp[0]);
    return nested || has(first, 'keypoint_scores') ? 'mmpose' : 'coco-results';
  }
  if (has(first, 'frame_id') && has(first, 'instances')) return 'mmpose';
  return 'rootnet';
}

export interface PredictionRead {
  readonly format: PredictionFormat;
  /** Records kept (read and placed in the dataset's skeleton). */
  readonly records: number;
}

/**
 * Reads a prediction file (or an MMPose folder) of any format PoseScope knows, detected from
 * its content; each record is handed over in the dataset's skeleton (mapped by `order`).
 */
export function readPredictionFile(
  path: string,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  onBytes?: (n: number) => void,
): PredictionRead {
  const format = detectPredictionFormat(path);
  const records =
    format === 'coco-results'
      ? readCocoResults(path, order, issues, onRecord, onBytes)
      : format === 'mmpose'
        ? readMmposePredictions(path, statSync(path).isDirectory(), order, issues, onRecord)
        : format === 'arrays'
          ? readPoseArrays(path, order, issues, onRecord)
          : // PoseScope's own format is in the dataset's order unless a skeleton is named.
            readPredictions(path, order.named ? order : order.joints, issues, onRecord, onBytes);
  return { format, records };
}
