import { fileSkeletonSpec } from '../../../contract/schemas';
import { registerFileSkeleton, type FileSkeletonSpec } from '../../../core';
import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';

/** A dataset row: the folder an index describes, read as which layout and skeleton. */
export interface DatasetRow {
  readonly id: number;
  readonly root: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
  /** The definition of a skeleton the dataset's file defines; null for a built-in one. */
  readonly skeletonSpec: FileSkeletonSpec | null;
}

/** What scoring and editing need of a dataset. */
export type DatasetRef = Pick<DatasetRow, 'id' | 'format' | 'skeleton'>;

const COLUMNS = 'SELECT id, root, format, skeleton, skeleton_spec FROM datasets';

type RawRow = Omit<DatasetRow, 'skeletonSpec'> & { skeleton_spec: string | null };

/**
 * A row as the rest of main sees it. Reading a dataset with a file-defined skeleton registers
 * that skeleton in this process, so `getSkeleton(row.skeleton)` works wherever the row went
 * (the writer, each reader worker, the CLI) without every caller knowing skeletons can be files.
 */
function toRow(raw: RawRow | undefined): DatasetRow | undefined {
  if (!raw) return undefined;
  const { skeleton_spec, ...rest } = raw;
  if (skeleton_spec === null) return { ...rest, skeletonSpec: null };
  const parsed = fileSkeletonSpec.safeParse(JSON.parse(skeleton_spec));
  if (!parsed.success) {
    throw new Error(
      `dataset ${raw.root}: its stored skeleton definition is not valid (${parsed.error.issues[0]?.message}); re-index the folder`,
    );
  }
  const skeleton = registerFileSkeleton(parsed.data);
  if (skeleton.id !== raw.skeleton) {
    throw new Error(
      `dataset ${raw.root}: its stored skeleton definition gives ${skeleton.id}, the row says ${raw.skeleton}; re-index the folder`,
    );
  }
  return { ...rest, skeletonSpec: parsed.data };
}

/** The dataset indexed from this folder (an absolute path), if any. */
export function datasetByRoot(db: IndexDb, root: string): DatasetRow | undefined {
  return toRow(db.prepare(`${COLUMNS} WHERE root = ?`).get(root) as RawRow | undefined);
}

/** Every dataset an index file holds. */
export function allDatasets(db: IndexDb): DatasetRow[] {
  return (db.prepare(COLUMNS).all() as RawRow[]).map((r) => toRow(r)!);
}

/** Registers a folder's dataset; its id. */
export function insertDataset(
  db: IndexDb,
  d: Pick<DatasetRow, 'root' | 'format' | 'skeleton' | 'skeletonSpec'>,
): number {
  return Number(
    db
      .prepare(
        'INSERT INTO datasets (root, format, skeleton, skeleton_spec, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        d.root,
        d.format,
        d.skeleton,
        d.skeletonSpec ? JSON.stringify(d.skeletonSpec) : null,
        new Date().toISOString(),
      ).lastInsertRowid,
  );
}
