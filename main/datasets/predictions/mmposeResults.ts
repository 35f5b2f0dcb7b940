import { readdirSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../adapters/common';
import { readJsonFile } from '../json/jsonSplitter';
import type { PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { wrongCount, type JointOrder } from './jointOrder';

const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/**
 * One instance as MMPose's `split_instances` writes it (`MMPoseInferencer` with `pred_out_dir`,
 * the demo scripts' `--save-predictions`): `keypoints` K×2 pixels, `keypoint_scores` K, and for
 * top-down models `bbox` [[x1, y1, x2, y2]] (a one-box list) with `bbox_score`.
 */
const instanceSchema = z.looseObject({
  keypoints: z.array(z.array(z.number().nullable())),
  keypoint_scores: z.array(z.number().nullable()).optional(),
  bbox: z.union([z.tuple([box]), box]).optional(),
  bbox_score: z.union([z.number(), z.tuple([z.number()])]).optional(),
});

/** MMPose's `CocoMetric` keypoint score threshold for its 'bbox_keypoint' rescoring. */
const KEYPOINT_SCORE_THR = 0.2;

/**
 * An instance's score as MMPose's `CocoMetric` (score_mode 'bbox_keypoint') computes it: the box
 * score times the mean of the keypoint scores above 0.2 (0 when none is).
 */
export function mmposeScore(keypointScores: readonly number[], bboxScore = 1): number {
  const kept = keypointScores.filter((s) => s > KEYPOINT_SCORE_THR);
  const mean = kept.length > 0 ? kept.reduce((a, b) => a + b, 0) / kept.length : 0;
  return bboxScore * mean;
}

/** Where an MMPose file's image is named: its path without extension (`results_` taken off). */
const imageNameOf = (rel: string, demo: boolean) => {
  const noExt = rel
    .slice(0, rel.length - extname(rel).length)
    .split(sep)
    .join('/');
  const stem = basename(noExt);
  return demo && stem.startsWith('results_')
    ? noExt.slice(0, noExt.length - stem.length) + stem.slice('results_'.length)
    : noExt;
};

/**
 * The instances of one image from an MMPose prediction file: a per-image file of
 * `MMPoseInferencer`'s `pred_out_dir` (a list of instances), a demo script's
 * `{meta_info, instance_info}` for an image, or the inferencer's `{predictions: [[…]]}` result for
 * one image. Video files (`frame_id` per frame) name no image and are refused.
 */
function instancesOf(file: string, doc: unknown): { list: unknown[]; demo: boolean } {
  const video = (x: unknown) =>
    Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] && 'frame_id' in x[0];
  const refuse = (what: string) => {
    throw new Error(
      `${file}: ${what}; PoseScope needs one file per image (MMPoseInferencer's pred_out_dir), named after the image`,
    );
  };
  if (Array.isArray(doc)) {
    if (video(doc)) refuse('MMPose video predictions (frame_id per frame) name no image');
    return { list: doc, demo: false };
  }
  if (doc && typeof doc === 'object') {
    if ('instance_info' in doc) {
      const info = (doc as { instance_info: unknown }).instance_info;
      if (video(info)) refuse('MMPose video predictions (frame_id per frame) name no image');
      if (Array.isArray(info)) return { list: info, demo: true };
    }
    if ('predictions' in doc) {
      const p = (doc as { predictions: unknown }).predictions;
      if (Array.isArray(p) && p.length === 1 && Array.isArray(p[0]))
        return { list: p[0] as unknown[], demo: false };
      if (Array.isArray(p))
        refuse(`MMPoseInferencer predictions for ${p.length} images without their image names`);
    }
  }
  return refuse('not an MMPose prediction file (a list of instances with keypoints)');
}

/**
 * Reads MMPose inferencer predictions: one file, or a folder of per-image files (searched
 * through subfolders). Each file's image is named by its path without extension, relative to
 * the folder; the caller matches it to the dataset's image files (`imageName`). Keypoints are
 * mapped into the dataset's skeleton by `order`, `keypoint_scores` kept per joint, the box turned
 * into [x, y, w, h] and the score computed as MMPose's `CocoMetric` does. Returns the records kept.
 */
export function readMmposePredictions(
  path: string,
  folder: boolean,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
): number {
  const files = folder
    ? (readdirSync(path, { recursive: true, encoding: 'utf8' }) as string[])
        .filter((f) => f.toLowerCase().endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (folder && files.length === 0) throw new Error(`${path}: no .json prediction file in it`);
  let index = 0;
  let n = 0;
  for (const file of files) {
    let doc: unknown;
    let list: unknown[];
    let demo: boolean;
    try {
      doc = readJsonFile(file);
      ({ list, demo } = instancesOf(file, doc));
    } catch (err) {
      // In a folder one bad file is reported, not fatal; a single file fails whole.
      if (!folder) throw err;
      issues.report('not a prediction file', err instanceof Error ? err.message : String(err));
      continue;
    }
    const name = imageNameOf(folder ? relative(path, file) : basename(file), demo);
    list.forEach((value, k) => {
      const at = `${file} [${k}]`;
      const r = toRecord(value, at, name, index++, order, issues);
      if (!r) return;
      n++;
      onRecord(r);
    });
  }
  return n;
}

function toRecord(
  value: unknown,
  at: string,
  imageName: string,
  index: number,
  order: JointOrder,
  issues: IssueLog,
): PredictionRecord | undefined {
  const r = instanceSchema.safeParse(value);
  if (!r.success) {
    issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
    return undefined;
  }
  const v = r.data;
  const K = v.keypoints.length;
  const dims = v.keypoints[0]?.length ?? 2;
  if (dims !== 2 || v.keypoints.some((p) => p.length !== 2)) {
    issues.report(
      'invalid record',
      `${at}: keypoints with ${dims} coordinates; PoseScope reads MMPose's 2D (x, y) pixels (3D inferencer output is not in camera space)`,
    );
    return undefined;
  }
  const xy = new Float64Array(2 * K);
  let finite = true;
  v.keypoints.forEach(([x, y], j) => {
    xy[2 * j] = x ?? NaN;
    xy[2 * j + 1] = y ?? NaN;
    if (x === null || y === null) finite = false;
  });
  if (!finite) issues.report('non-finite coordinates', `${at}: keypoints`);
  const rawScores = v.keypoint_scores;
  if (rawScores && rawScores.length !== K) {
    issues.report(
      'wrong joint count',
      `${at}: keypoint_scores has ${rawScores.length} values, keypoints ${K}`,
    );
    return undefined;
  }
  const scores = rawScores ? Float64Array.from(rawScores, (s) => s ?? NaN) : undefined;
  const placed = order.toDataset(xy, K, 2, scores);
  if ('error' in placed) {
    issues.report('wrong joint count', wrongCount(at, 'keypoints', K, order, placed.error));
    return undefined;
  }
  const b = v.bbox === undefined ? undefined : v.bbox.length === 1 ? v.bbox[0] : v.bbox;
  const bboxScore = Array.isArray(v.bbox_score) ? v.bbox_score[0] : v.bbox_score;
  return {
    imageSourceId: imageName,
    imageName,
    index,
    ...(b ? { bbox: [b[0], b[1], b[2] - b[0], b[3] - b[1]] as const } : {}),
    score: rawScores
      ? mmposeScore(
          rawScores.map((s) => s ?? 0),
          bboxScore,
        )
      : (bboxScore ?? 1),
    jointsImg: placed.data,
    ...(placed.scores ? { jointScores: placed.scores } : {}),
  };
}
