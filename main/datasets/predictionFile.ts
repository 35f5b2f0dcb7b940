import { z } from 'zod';
import { forEachJsonValue } from './json/jsonSplitter';
import { FLAG, type IssueLog } from './records';
import { describeZodError } from './adapters/common';
import { parseJoints } from './joints';
import { wrongCount, type JointOrder } from './predictions/jointOrder';

/**
 * One predicted person, a superset of RootNet's `bbox_root_*_output.json` records; `ann_id`
 * names the labelled person whose box it was made from, when it was.
 */
const predictionSchema = z.looseObject({
  image_id: z.union([z.number().int(), z.string()]),
  ann_id: z.union([z.number().int(), z.string()]).optional(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  score: z.number().optional(),
  root_cam: z.tuple([z.number(), z.number(), z.number()]).optional(),
  joints_cam: z.unknown().optional(),
  joints_img: z.unknown().optional(),
});

export interface PredictionRecord {
  readonly imageSourceId: string;
  /** Position in the file, for messages. */
  readonly index: number;
  /**
   * The dataset's id of the person whose box the prediction was made from (top-down inference
   * on ground-truth boxes): it belongs to that person, whatever it scores.
   */
  readonly annId?: string;
  readonly bbox?: readonly [number, number, number, number];
  readonly score?: number;
  readonly rootCam?: readonly [number, number, number];
  /** J×3 camera-space mm, row-major. */
  readonly jointsCam?: Float64Array;
  /** J×2 pixels, row-major. */
  readonly jointsImg?: Float64Array;
  /** The model's confidence per joint (COCO results' third value, MMPose's `keypoint_scores`). */
  readonly jointScores?: Float64Array;
  /**
   * The image's file name (relative path, no extension) when the file names images by name
   * rather than id (MMPose's per-image files, an `imgname` array); `imageSourceId` is then set
   * from it by matching the dataset's image files before scoring.
   */
  readonly imageName?: string;
}

/**
 * Streams a prediction file (a JSON array), validating each record. Joints of the wrong count
 * are reported and dropped, non-finite coordinates reported and kept as NaN (metrics pass over
 * them); an invalid record is reported and skipped. Returns the number of records kept.
 */
export function readPredictions(
  file: string,
  joints: number | JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  onBytes?: (n: number) => void,
): number {
  let n = 0;
  forEachJsonValue(
    file,
    (p) => (p.length === 0 ? 'descend' : 'emit'),
    (p, value) => {
      if (!/^\d+$/.test(p[0]!))
        throw new Error(
          `${file}: expected a JSON array of predictions, found an object (key "${p[0]}")`,
        );
      const r = toPredictionRecord(value, Number(p[0]), `${file} [${p[0]}]`, joints, issues);
      if (!r) return;
      n++;
      onRecord(r);
    },
    { onBytes },
  );
  return n;
}

/**
 * One prediction as the file format writes it (`{image_id, bbox?, score?, root_cam?,
 * joints_cam?, joints_img?}`), validated; problems are reported under `at`. Undefined for a
 * record that is not a prediction at all. Joints come in the dataset's order, or (given a
 * {@link JointOrder}) of another skeleton, mapped by anatomy.
 */
export function toPredictionRecord(
  value: unknown,
  index: number,
  at: string,
  joints: number | JointOrder,
  issues: IssueLog,
  /**
   * false: joints that are not finite are not reported per record (an inference run counts
   * them per joint instead: a model that does not predict a joint leaves it NaN in every one).
   */
  reportNonFiniteJoints = true,
): PredictionRecord | undefined {
  const r = predictionSchema.safeParse(value);
  if (!r.success) {
    issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
    return undefined;
  }
  const v = r.data;
  const pose = (key: 'joints_cam' | 'joints_img', dims: number) => {
    if (v[key] === undefined) return undefined;
    const count = Array.isArray(v[key]) ? v[key].length : 'no';
    const J = typeof joints === 'number' ? joints : joints.joints;
    const parsed = parseJoints(
      v[key],
      typeof joints === 'number' || typeof count !== 'number' ? J : count,
      dims,
    );
    if (parsed.flags & FLAG.wrongJointCount) {
      const text = `${at}: ${key} has ${count} joints, the dataset's skeleton ${J}`;
      issues.report('wrong joint count', text);
      return undefined;
    }
    if (parsed.flags & FLAG.nonFinite && reportNonFiniteJoints)
      issues.report('non-finite coordinates', `${at}: ${key}`);
    if (typeof joints === 'number' || !parsed.data) return parsed.data;
    // Another skeleton's joints, mapped by anatomy (or refused, saying why).
    const placed = joints.toDataset(parsed.data, count as number, dims);
    if ('error' in placed) {
      issues.report('wrong joint count', wrongCount(at, key, count, joints, placed.error));
      return undefined;
    }
    // Non-finite joints stay NaN and metrics pass over them; a wrong count keeps nothing.
    return placed.data;
  };
  const rootOk = v.root_cam?.every(Number.isFinite) ?? true;
  if (!rootOk) issues.report('non-finite coordinates', `${at}: root_cam`);
  return {
    imageSourceId: String(v.image_id),
    index,
    ...(v.ann_id === undefined ? {} : { annId: String(v.ann_id) }),
    bbox: v.bbox,
    score: v.score,
    rootCam: rootOk ? v.root_cam : undefined,
    jointsCam: pose('joints_cam', 3),
    jointsImg: pose('joints_img', 2),
  };
}
