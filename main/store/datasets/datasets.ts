import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';

/** A dataset row: the folder an index describes, read as which layout and skeleton. */
export interface DatasetRow {
  readonly id: number;
  readonly root: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

/** What scoring and editing need of a dataset. */
export type DatasetRef = Pick<DatasetRow, 'id' | 'format' | 'skeleton'>;

const COLUMNS = 'SELECT id, root, format, skeleton FROM datasets';

/** The dataset indexed from this folder (an absolute path), if any. */
export function datasetByRoot(db: IndexDb, root: string): DatasetRow | undefined {
  return db.prepare(`${COLUMNS} WHERE root = ?`).get(root) as DatasetRow | undefined;
}

/** Every dataset an index file holds. */
export function allDatasets(db: IndexDb): DatasetRow[] {
  return db.prepare(COLUMNS).all() as DatasetRow[];
}

/** Registers a folder's dataset; its id. */
export function insertDataset(
  db: IndexDb,
  d: Pick<DatasetRow, 'root' | 'format' | 'skeleton'>,
): number {
  return Number(
    db
      .prepare('INSERT INTO datasets (root, format, skeleton, created_at) VALUES (?, ?, ?, ?)')
      .run(d.root, d.format, d.skeleton, new Date().toISOString()).lastInsertRowid,
  );
}
