import type { IndexDb } from '../db/openIndex';

/** A person with at least one applied correction, by the dataset's own ids. */
export interface CorrectedPerson {
  id: number;
  image: string;
  person: string;
}

/** The dataset's corrected people, in index order. */
export function correctedPeople(db: IndexDb, datasetId: number): CorrectedPerson[] {
  return db
    .prepare(
      `SELECT i.id, im.source_id AS image, i.source_id AS person
       FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = ? AND i.edited != 0 ORDER BY i.id`,
    )
    .all(datasetId) as CorrectedPerson[];
}

/**
 * Puts the files' labels back over the dataset's corrections (instance_originals), for a
 * what-if inside a transaction that is rolled back: the edit log and `edited` are left as they are.
 */
export function restoreOriginalLabels(db: IndexDb, datasetId: number): void {
  db.prepare(
    `UPDATE instances SET joints_3d = o.joints_3d, joints_2d = o.joints_2d, vis = o.vis
     FROM instance_originals o
     WHERE o.instance_id = instances.id
       AND instances.image_id IN (SELECT id FROM images WHERE dataset_id = ?)`,
  ).run(datasetId);
  // The files' people: those deleted here come back, those added here go.
  db.prepare(
    `UPDATE instances SET removed = added
     WHERE edited != 0 AND image_id IN (SELECT id FROM images WHERE dataset_id = ?)`,
  ).run(datasetId);
}
