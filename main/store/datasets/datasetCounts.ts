import type { IndexDb } from '../db/openIndex';

export interface DatasetCounts {
  readonly images: number;
  readonly people: number;
  readonly cameras: number;
  readonly flagged: number;
  readonly missingImages: number;
}

/** What a dataset's index holds: the figures `posescope index` prints and the app shows. */
export function datasetCounts(db: IndexDb, datasetId: number): DatasetCounts {
  const count = (sql: string) => db.prepare(sql).pluck().get(datasetId) as number;
  return {
    images: count('SELECT count(*) FROM images WHERE dataset_id = ?'),
    // images.people is kept by the indexer: summing it reads no instances.
    people: count('SELECT COALESCE(sum(people), 0) FROM images WHERE dataset_id = ?'),
    cameras: count('SELECT count(*) FROM cameras WHERE dataset_id = ?'),
    flagged: count(
      'SELECT count(*) FROM instances i INDEXED BY instances_flagged JOIN images im ON im.id = i.image_id WHERE im.dataset_id = ? AND i.flags != 0 AND i.removed = 0',
    ),
    missingImages: count('SELECT count(*) FROM images WHERE dataset_id = ? AND missing = 1'),
  };
}
