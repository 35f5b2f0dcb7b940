import { blobF64 } from '../db/blobs';
import { ownedIds, pagedRows } from '../db/pagedRows';
import type { IndexDb } from '../db/openIndex';
import type { PredictionRecord } from '../../datasets/predictionFile';

interface StoredPrediction {
  source_id: string;
  ann_id: string | null;
  score: number | null;
  bbox_x: number | null;
  bbox_y: number | null;
  bbox_w: number | null;
  bbox_h: number | null;
  root_cam: Buffer | null;
  joints_cam: Buffer | null;
  joints_img: Buffer | null;
  joint_scores: Buffer | null;
}

/**
 * A run's stored predictions as the records they were scored from: all of them, or those of
 * some images (row ids).
 */
export function storedRecords(
  db: IndexDb,
  runId: number,
  imageIds?: readonly number[],
): PredictionRecord[] {
  const rows = db
    .prepare(
      `SELECT im.source_id, p.ann_id, p.score, p.bbox_x, p.bbox_y, p.bbox_w, p.bbox_h, p.root_cam,
         p.joints_cam, p.joints_img, p.joint_scores
       FROM predictions p JOIN images im ON im.id = p.image_id WHERE p.run_id = @runId
       ${imageIds ? 'AND p.image_id IN (SELECT value FROM json_each(@images))' : ''}
       ORDER BY p.id`,
    )
    .all({
      runId,
      ...(imageIds ? { images: JSON.stringify(imageIds) } : {}),
    }) as StoredPrediction[];
  return rows.map((r, index) => recordOf(r, index));
}

const recordOf = (r: StoredPrediction, index: number): PredictionRecord => {
  const root = blobF64(r.root_cam);
  return {
    imageSourceId: r.source_id,
    index,
    ...(r.ann_id === null ? {} : { annId: r.ann_id }),
    ...(r.score === null ? {} : { score: r.score }),
    ...(r.bbox_x === null || r.bbox_y === null || r.bbox_w === null || r.bbox_h === null
      ? {}
      : { bbox: [r.bbox_x, r.bbox_y, r.bbox_w, r.bbox_h] as const }),
    ...(root ? { rootCam: [root[0]!, root[1]!, root[2]!] as const } : {}),
    ...(r.joints_cam ? { jointsCam: blobF64(r.joints_cam)! } : {}),
    ...(r.joints_img ? { jointsImg: blobF64(r.joints_img)! } : {}),
    ...(r.joint_scores ? { jointScores: blobF64(r.joint_scores)! } : {}),
  };
};

/** Rows of a run read per page, so a run of a million people is never held whole. */
const PAGE = 4096;

/**
 * A run's stored predictions, each with its image's row id, read a page at a time so a run of a
 * million people is never held whole: `image` in image row-id order (scoring walks the images
 * in that order, so it holds a page, not the run), `stored` in the order they were stored (as
 * `storedRecords` gives them; `index` counts from 0 in that order, else it is the row id, for
 * messages only). Each page is read whole before it is handed on, so the caller may run other
 * statements between records.
 */
export function* storedRecordPages(
  db: IndexDb,
  runId: number,
  order: 'image' | 'stored',
  pageSize = PAGE,
): Generator<{ readonly imageId: number; readonly record: PredictionRecord }> {
  const byImage = order === 'image';
  const page = db.prepare(
    `SELECT p.id, p.image_id, im.source_id, p.ann_id, p.score, p.bbox_x, p.bbox_y, p.bbox_w,
       p.bbox_h, p.root_cam, p.joints_cam, p.joints_img, p.joint_scores
     FROM predictions p JOIN images im ON im.id = p.image_id
     WHERE ${byImage ? 'p.run_id = @runId AND (p.image_id, p.id) > (@image, @id)' : '+p.run_id = @runId AND p.id > @id AND p.id <= @last'}
     ORDER BY ${byImage ? 'p.image_id, ' : ''}p.id LIMIT ${pageSize}`,
  );
  type Row = StoredPrediction & { id: number; image_id: number };
  // In stored order the run's rows are read by id (`ownedIds` says why); by image, the
  // (run_id, image_id) index gives them in that order already.
  const range = byImage ? undefined : ownedIds(db, 'predictions', 'run_id', runId);
  const rows = pagedRows(
    (after) =>
      page.all({
        runId,
        id: after.id,
        ...(range ? { last: range.last } : { image: after.image }),
      }) as Row[],
    { image: -1, id: range?.after ?? -1 },
    (r) => ({ image: r.image_id, id: r.id }),
    pageSize,
  );
  let n = 0;
  for (const r of rows) yield { imageId: r.image_id, record: recordOf(r, byImage ? r.id : n++) };
}
