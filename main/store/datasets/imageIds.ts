import type { IndexDb } from '../db/openIndex';

/**
 * An image's row id by its own id in the dataset's files, one indexed look-up at a time: what a
 * prediction file streamed record by record asks, where a map of every image would hold a
 * million strings.
 */
export function imageIdLookup(
  db: IndexDb,
  datasetId: number,
): (sourceId: string) => number | undefined {
  const get = db.prepare('SELECT id FROM images WHERE dataset_id = ? AND source_id = ?').pluck();
  return (sourceId) => get.get(datasetId, sourceId) as number | undefined;
}
