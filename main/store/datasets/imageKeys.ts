import type { IndexDb } from '../db/openIndex';

/** An image's own id in its dataset's files and its file, relative to the dataset's folder. */
export interface ImageKey {
  readonly sourceId: string;
  readonly file: string;
}

/** Every image of a dataset by id and file: what prediction files name their images by. */
export function imageKeys(db: IndexDb, datasetId: number): ImageKey[] {
  return db
    .prepare('SELECT source_id AS sourceId, file FROM images WHERE dataset_id = ?')
    .all(datasetId) as ImageKey[];
}
