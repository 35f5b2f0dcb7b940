import { blobF64 } from '../db/blobs';
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
  return rows.map((r, index) => {
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
  });
}
