import type { IndexDb } from '../db/openIndex';

/** How many targets inference's `targetsOf` yields (people with a box; images with nobody), without reading any joints. */
export function countTargets(
  db: IndexDb,
  datasetId: number,
  mode: 'person' | 'image',
  scope: readonly number[] | null = null,
): number {
  // A scoped run counts the frames it was asked for (a JSON list, read by json_each).
  const inScope = scope === null ? '' : 'AND im.id IN (SELECT value FROM json_each(@scope))';
  const args = { datasetId, scope: JSON.stringify(scope ?? []) };
  const images = db
    .prepare(`SELECT count(*) FROM images im WHERE im.dataset_id = @datasetId ${inScope}`)
    .pluck();
  if (mode === 'image') return images.get(args) as number;
  const people = db
    .prepare(
      `SELECT count(*) FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = @datasetId ${inScope} AND i.iscrowd = 0 AND i.removed = 0
         AND i.bbox_w > 0 AND i.bbox_h > 0`,
    )
    .pluck()
    .get(args) as number;
  const empty = db
    .prepare(
      `SELECT count(*) FROM images im WHERE im.dataset_id = @datasetId ${inScope}
       AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.image_id = im.id AND i.removed = 0)`,
    )
    .pluck()
    .get(args) as number;
  return people + empty;
}

/** Every labelled person's instance id in the dataset, ascending. */
export function instanceIds(db: IndexDb, datasetId: number): number[] {
  return db
    .prepare(
      'SELECT i.id FROM instances i JOIN images im ON im.id = i.image_id WHERE im.dataset_id = ? ORDER BY i.id',
    )
    .pluck()
    .all(datasetId) as number[];
}
