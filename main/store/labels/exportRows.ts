import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';
import {
  CAMERA_RECORD_COLUMNS,
  IMAGE_RECORD_COLUMNS,
  PERSON_RECORD_COLUMNS,
  cameraRecordText,
  imageRecordText,
  personRecordText,
  type CameraRecordRow,
  type ImageRecordRow,
  type PersonRecordRow,
} from './recordText';
import { hasJoints3dSql, joints3dSql } from './sharedPose';

/** A person's row as an export writes it back into their file's annotation record. */
export interface InstanceRow {
  /** The annotation record as read (recordText.ts): its fields PoseScope models as indexed. */
  readonly raw: string | null;
  readonly bbox_x: number | null;
  readonly bbox_y: number | null;
  readonly bbox_w: number | null;
  readonly bbox_h: number | null;
  readonly joints_3d: Buffer | null;
  readonly joints_2d: Buffer | null;
  readonly vis: Buffer | null;
  /** The person's 2D as the file gave it, for people ever corrected (instance_originals). */
  readonly original_2d?: Buffer | null;
  /** 1 for a person added in PoseScope: every joint is a correction. */
  readonly added?: number;
}

/** Images the export keeps: every image, or with `onlyEdited` those holding an edited person. */
const imageFilter = (onlyEdited: boolean | undefined, image: string) =>
  onlyEdited
    ? `AND EXISTS (SELECT 1 FROM instances e WHERE e.image_id = ${image}.id AND e.edited != 0)`
    : '';

/** The dataset's source files as [path, unit], by unit; with `onlyEdited` those of units with an edited person. */
export function exportedFiles(
  db: IndexDb,
  datasetId: number,
  onlyEdited: boolean | undefined,
): [string, string][] {
  return db
    .prepare(
      `SELECT path, unit FROM source_files f WHERE dataset_id = ? ${
        onlyEdited
          ? `AND EXISTS (SELECT 1 FROM images im WHERE im.dataset_id = f.dataset_id
               AND im.unit = f.unit ${imageFilter(true, 'im')})`
          : ''
      } ORDER BY unit, path`,
    )
    .raw()
    .all(datasetId) as [string, string][];
}

/** A file's top-level values the index keeps as read, as [path, JSON value], by path. */
export function fileValuesByPath(db: IndexDb, datasetId: number, file: string): [string, string][] {
  return db
    .prepare('SELECT path, value FROM file_values WHERE dataset_id = ? AND file = ? ORDER BY path')
    .raw()
    .all(datasetId, file) as [string, string][];
}

/** A file's values the index keeps as read (Human3.6M: frames no image shows), as [path, JSON value]. */
export function fileValues(db: IndexDb, datasetId: number, file: string): [string, string][] {
  return db
    .prepare('SELECT path, value FROM file_values WHERE dataset_id = ? AND file = ?')
    .raw()
    .all(datasetId, file) as [string, string][];
}

/** The unit's images' records as read (JSON; null for an image with none), streamed in index order. */
export function* unitImageRecords(
  db: IndexDb,
  ds: { readonly id: number; readonly format: DatasetFormat },
  unit: string,
  onlyEdited: boolean | undefined,
): Generator<string | null> {
  const rows = db
    .prepare(
      `SELECT ${IMAGE_RECORD_COLUMNS} FROM images im WHERE dataset_id = ? AND unit = ?
       ${imageFilter(onlyEdited, 'im')} ORDER BY id`,
    )
    .iterate(ds.id, unit) as IterableIterator<ImageRecordRow>;
  for (const r of rows) yield imageRecordText(ds.format, r);
}

/** The unit's present people with their labels now and their original 2D, streamed in index order. */
export function* unitPeople(
  db: IndexDb,
  ds: { readonly id: number; readonly format: DatasetFormat },
  unit: string,
  onlyEdited: boolean | undefined,
): Generator<InstanceRow> {
  const rows = db
    .prepare(
      `SELECT ${PERSON_RECORD_COLUMNS}, i.added, o.joints_2d AS original_2d
       FROM instances i JOIN images im ON im.id = i.image_id
       LEFT JOIN instance_originals o ON o.instance_id = i.id
       WHERE im.dataset_id = ? AND im.unit = ? AND i.removed = 0 ${imageFilter(onlyEdited, 'im')}
       ORDER BY i.id`,
    )
    .iterate(ds.id, unit) as IterableIterator<PersonRecordRow & InstanceRow>;
  for (const r of rows) yield { ...r, raw: personRecordText(ds.format, r) };
}

/** The unit's cameras as [key, record as read (JSON) or null], in index order. */
export function unitCameraRecords(
  db: IndexDb,
  ds: { readonly id: number; readonly format: DatasetFormat },
  unit: string,
): [string, string | null][] {
  const rows = db
    .prepare(
      `SELECT c.key, ${CAMERA_RECORD_COLUMNS} FROM cameras c WHERE dataset_id = ? AND unit = ?
       ORDER BY id`,
    )
    .all(ds.id, unit) as (CameraRecordRow & { key: string })[];
  return rows.map((r) => [r.key, cameraRecordText(ds.format, r)]);
}

/**
 * The unit's people with 3D joints as [image record (JSON), joints_3d, rank], streamed in index
 * order: rank is the person's latest applied edit id, 0 for a person never corrected.
 */
export function* unitWorldPoses(
  db: IndexDb,
  ds: { readonly id: number; readonly format: DatasetFormat },
  unit: string,
  onlyEdited: boolean | undefined,
): Generator<[string, Buffer, number]> {
  const rows = db
    .prepare(
      `SELECT ${IMAGE_RECORD_COLUMNS}, ${joints3dSql('i')} AS pose, CASE WHEN i.edited != 0 THEN
         (SELECT max(e.id) FROM edits e WHERE e.instance_id = i.id AND e.state = 'applied')
         ELSE 0 END AS rank
       FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = ? AND im.unit = ? AND ${hasJoints3dSql('i')}
         ${imageFilter(onlyEdited, 'im')}
       ORDER BY i.id`,
    )
    .iterate(ds.id, unit) as IterableIterator<
    ImageRecordRow & { pose: Buffer; rank: number | null }
  >;
  for (const r of rows) yield [imageRecordText(ds.format, r) ?? '{}', r.pose, r.rank ?? 0];
}

/** The dataset's image files (relative paths); with `onlyEdited` those holding an edited person. */
export function imageFiles(
  db: IndexDb,
  datasetId: number,
  onlyEdited: boolean | undefined,
): string[] {
  return db
    .prepare(
      `SELECT im.file FROM images im WHERE im.dataset_id = ? ${imageFilter(onlyEdited, 'im')}`,
    )
    .pluck()
    .all(datasetId) as string[];
}

/** The ids of the dataset's images that hold an edited person. */
export function editedImageIds(db: IndexDb, datasetId: number): number[] {
  return db
    .prepare(
      `SELECT DISTINCT i.image_id FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = ? AND i.edited != 0`,
    )
    .pluck()
    .all(datasetId) as number[];
}
