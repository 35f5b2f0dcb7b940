import type { ReviewStatus } from '../../../contract';
import type { IndexDb } from '../db/openIndex';

/** Sets a frame's review status, with who set it and now; how many rows changed (0: not the dataset's). */
export function setImageReview(
  db: IndexDb,
  datasetId: number,
  imageId: number,
  status: ReviewStatus,
  annotator: string,
): number {
  return db
    .prepare(
      'UPDATE images SET review = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND dataset_id = ?',
    )
    .run(status, annotator, new Date().toISOString(), imageId, datasetId).changes;
}
