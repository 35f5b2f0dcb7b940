import { REVIEW_STATUSES } from '../../../core/edit/record';
import type { ReviewStatus } from '../../../contract';
import type { IndexDb } from '../db/openIndex';

/** A reviewed frame, by the dataset's own image id: what a patch carries. */
export interface ReviewRow {
  readonly image: string;
  readonly status: ReviewStatus;
  readonly by: string | null;
  readonly at: string | null;
}

/** Every frame whose review status is not 'unreviewed', in image order. */
export function reviewedImages(db: IndexDb, datasetId: number): ReviewRow[] {
  return db
    .prepare(
      `SELECT source_id AS image, review AS status, reviewed_by AS by, reviewed_at AS at
       FROM images WHERE dataset_id = ? AND review != 'unreviewed' ORDER BY id`,
    )
    .all(datasetId) as ReviewRow[];
}

/** How many of the dataset's frames have each review status. */
export function reviewCounts(db: IndexDb, datasetId: number): Record<ReviewStatus, number> {
  const rows = db
    .prepare('SELECT review, count(*) AS n FROM images WHERE dataset_id = ? GROUP BY review')
    .all(datasetId) as { review: ReviewStatus; n: number }[];
  const counts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<
    ReviewStatus,
    number
  >;
  for (const r of rows) counts[r.review] = r.n;
  return counts;
}

/** Sets a frame's review status by its dataset image id, keeping who and when; rows changed. */
export function setReviewBySource(
  db: IndexDb,
  datasetId: number,
  r: { image: string; status: ReviewStatus; by: string; at: string },
): number {
  return db
    .prepare(
      `UPDATE images SET review = ?, reviewed_by = ?, reviewed_at = ?
       WHERE dataset_id = ? AND source_id = ? AND (review != ? OR reviewed_at IS NOT ?)`,
    )
    .run(r.status, r.by, r.at, datasetId, r.image, r.status, r.at).changes;
}

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
