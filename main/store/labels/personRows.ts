import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';
import { IMAGE_RECORD_COLUMNS, imageRecordText, type ImageRecordRow } from './recordText';

/** An image's row as a new person's annotation is built from it; `raw` is the file's record. */
export interface ImageRawRow {
  id: number;
  raw: string;
}

/** The largest numeric annotation id of the dataset's people, -1 when there is none. */
export function largestPersonId(db: IndexDb, datasetId: number): number {
  return db
    .prepare(
      `SELECT coalesce(max(CAST(i.source_id AS INTEGER)), -1) FROM instances i
       JOIN images im ON im.id = i.image_id WHERE im.dataset_id = ?`,
    )
    .pluck()
    .get(datasetId) as number;
}

/** Whether an annotation id is already some person's anywhere in the dataset. */
export function personIdTaken(db: IndexDb, datasetId: number, sourceId: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM instances i JOIN images im ON im.id = i.image_id
         WHERE im.dataset_id = ? AND i.source_id = ?`,
      )
      .get(datasetId, sourceId) !== undefined
  );
}

/** The image's row with its record as read (recordText.ts), if it is the dataset's. */
export function datasetImage(
  db: IndexDb,
  ds: { readonly id: number; readonly format: DatasetFormat },
  imageId: number,
): ImageRawRow | undefined {
  const r = db
    .prepare(`SELECT im.id, ${IMAGE_RECORD_COLUMNS} FROM images im WHERE id = ? AND dataset_id = ?`)
    .get(imageId, ds.id) as (ImageRecordRow & { id: number }) | undefined;
  return r && { id: r.id, raw: imageRecordText(ds.format, r) ?? '{}' };
}

/** The person index a new person of the image gets: one past its largest. */
export function nextPersonIndex(db: IndexDb, imageId: number): number {
  return db
    .prepare('SELECT coalesce(max(person), -1) + 1 FROM instances WHERE image_id = ?')
    .pluck()
    .get(imageId) as number;
}

/** A person row with no labels, deleted (removed = 1) and marked added; its id. */
export function insertBlankPerson(
  db: IndexDb,
  p: {
    readonly imageId: number;
    readonly sourceId: string;
    readonly person: number;
    readonly space: 'camera' | null;
    /** The annotation record it is exported from (JSON). */
    readonly raw: string;
  },
): number {
  const id = db
    .prepare(
      `INSERT INTO instances (image_id, source_id, person, iscrowd, space, valid, flags, raw,
         removed, added) VALUES (?, ?, ?, 0, ?, 1, 0, ?, 1, 1)`,
    )
    .run(p.imageId, p.sourceId, p.person, p.space, p.raw).lastInsertRowid;
  return Number(id);
}

/** Deletes a person row outright (not a logged deletion: for a row nothing refers to yet). */
export function deletePersonRow(db: IndexDb, instanceId: number): void {
  db.prepare('DELETE FROM instances WHERE id = ?').run(instanceId);
}

/** Looks people and images up by the dataset's own ids, prepared once for a patch's entries. */
export function sourceIdLookups(db: IndexDb) {
  const find = db
    .prepare(
      `SELECT i.id FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = ? AND im.source_id = ? AND i.source_id = ?`,
    )
    .pluck();
  const imageOf = db
    .prepare('SELECT id FROM images WHERE dataset_id = ? AND source_id = ?')
    .pluck();
  return {
    /** The person with this annotation id in this image (by the files' image id). */
    person: (datasetId: number, image: string, person: string) =>
      find.get(datasetId, image, person) as number | undefined,
    /** The image with this id in the files. */
    image: (datasetId: number, image: string) =>
      imageOf.get(datasetId, image) as number | undefined,
  };
}
