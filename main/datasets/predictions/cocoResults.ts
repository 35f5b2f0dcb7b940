import { z } from 'zod';
import { describeZodError } from '../adapters/common';
import { forEachJsonValue } from '../json/jsonSplitter';
import type { PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { wrongCount, type JointOrder } from './jointOrder';

/**
 * One record of the COCO keypoint results format — what cocoapi's `loadRes` reads and MMPose,
 * Detectron2, ViTPose, OpenPifPaf and COCO leaderboard entries write: `keypoints` flat
 * [x, y, score] per joint. `null` coordinates (NaN written by Python) are read as missing.
 */
const cocoResultSchema = z.looseObject({
  image_id: z.union([z.number().int(), z.string()]),
  category_id: z.number().int().optional(),
  keypoints: z.array(z.number().nullable()),
  score: z.number().optional(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});

/** COCO's person category. */
const PERSON = 1;

/**
 * Streams a COCO keypoint results file (a JSON array). Each record's joints are mapped into the
 * dataset's skeleton by `order`; the third value of each joint is kept as its score. Records of
 * another category than the people's (1, or the file's one category) are reported and left out.
 * Returns the number of records kept.
 */
export function readCocoResults(
  file: string,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  onBytes?: (n: number) => void,
): number {
  const read: { record: PredictionRecord; category?: number; at: string }[] = [];
  forEachJsonValue(
    file,
    (p) => (p.length === 0 ? 'descend' : 'emit'),
    (p, value) => {
      const index = Number(p[0]);
      const at = `${file} [${index}]`;
      const r = cocoResultSchema.safeParse(value);
      if (!r.success) {
        issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
        return;
      }
      const v = r.data;
      if (v.keypoints.length % 3 !== 0) {
        issues.report(
          'wrong joint count',
          `${at}: keypoints has ${v.keypoints.length} values, not 3 per joint`,
        );
        return;
      }
      const K = v.keypoints.length / 3;
      const xy = new Float64Array(2 * K);
      const scores = new Float64Array(K);
      let finite = true;
      for (let j = 0; j < K; j++) {
        const [x, y, s] = [v.keypoints[3 * j], v.keypoints[3 * j + 1], v.keypoints[3 * j + 2]];
        xy[2 * j] = x ?? NaN;
        xy[2 * j + 1] = y ?? NaN;
        scores[j] = s ?? NaN;
        if (x === null || y === null) finite = false;
      }
      if (!finite) issues.report('non-finite coordinates', `${at}: keypoints`);
      const placed = order.toDataset(xy, K, 2, scores);
      if ('error' in placed) {
        issues.report('wrong joint count', wrongCount(at, 'keypoints', K, order, placed.error));
        return;
      }
      read.push({
        at,
        ...(v.category_id === undefined ? {} : { category: v.category_id }),
        record: {
          imageSourceId: String(v.image_id),
          index,
          ...(v.bbox ? { bbox: v.bbox } : {}),
          ...(v.score === undefined ? {} : { score: v.score }),
          jointsImg: placed.data,
          ...(placed.scores ? { jointScores: placed.scores } : {}),
        },
      });
    },
    { onBytes },
  );
  const person = peopleCategory(read.map((r) => r.category));
  let n = 0;
  for (const r of read) {
    if (r.category !== undefined && r.category !== person) {
      issues.report('other category', `${r.at}: category_id ${r.category}, people are ${person}`);
      continue;
    }
    n++;
    onRecord(r.record);
  }
  return n;
}

/** The people's category: COCO's person (1) when any record has it, else the most frequent. */
function peopleCategory(categories: readonly (number | undefined)[]): number | undefined {
  const counts = new Map<number, number>();
  for (const c of categories) if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.has(PERSON) || counts.size === 0) return PERSON;
  return [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}
