import { z } from 'zod';
import { describeZodError } from '../adapters/common';
import { forEachJsonValue } from '../json/jsonSplitter';
import type { PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import type { JointOrder } from './jointOrder';
import { placeKeypoints } from './keypointLayouts';

/**
 * One person as AlphaPose's `write_json` writes `alphapose-results.json`: `image_id` the image's
 * file name (an int with `--eval`), `keypoints` flat x, y, c, `score` (its pose-NMS score),
 * `box` [x, y, w, h] when the detector gave one, `idx` the PoseFlow track with `--pose_track`.
 */
const personSchema = z.looseObject({
  image_id: z.union([z.string(), z.number().int()]),
  category_id: z.number().int().optional(),
  keypoints: z.array(z.number().nullable()),
  score: z.number().optional(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});

/** Halpe-136 (AlphaPose's full-body model): its first 26 keypoints are Halpe-26's body and feet. */
const HALPE_136 = 136;

/**
 * Streams an AlphaPose results file (a JSON array). Each person's keypoints are read in the
 * layout their count names (17 COCO, 26 Halpe, 133 COCO-WholeBody; Halpe-136's first 26 as
 * Halpe-26) and mapped onto the dataset's skeleton by anatomy, c kept per joint; `box` becomes
 * the box; the image is named by `image_id` (matched to the dataset's image files). `idx`, the
 * track, is not read: people are paired with the labels image by image. Returns the records kept.
 */
export function readAlphaPose(
  file: string,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  onBytes?: (n: number) => void,
): number {
  let n = 0;
  forEachJsonValue(
    file,
    (p) => (p.length === 0 ? 'descend' : 'emit'),
    (p, value) => {
      const index = Number(p[0]);
      const at = `${file} [${index}]`;
      const r = personSchema.safeParse(value);
      if (!r.success) {
        issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
        return;
      }
      const v = r.data;
      if (v.category_id !== undefined && v.category_id !== 1) {
        issues.report('other category', `${at}: category_id ${v.category_id}, people are 1`);
        return;
      }
      const values =
        v.keypoints.length === HALPE_136 * 3 ? v.keypoints.slice(0, 26 * 3) : v.keypoints;
      const placed = placeKeypoints(values, order, issues, at, 'keypoints', (kp) => {
        if (kp.xy.some((x, i) => Number.isNaN(x) && kp.scores[i >> 1] !== 0))
          issues.report('non-finite coordinates', `${at}: keypoints`);
      });
      if (!placed) return;
      const name = typeof v.image_id === 'string' ? v.image_id : undefined;
      n++;
      onRecord({
        imageSourceId: String(v.image_id),
        ...(name === undefined ? {} : { imageName: name }),
        index,
        ...(v.box ? { bbox: v.box } : {}),
        ...(v.score === undefined ? {} : { score: v.score }),
        jointsImg: placed.data,
        ...(placed.scores ? { jointScores: placed.scores } : {}),
      });
    },
    { onBytes },
  );
  return n;
}
