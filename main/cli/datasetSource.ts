import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { allDatasets, datasetByRoot, type DatasetRow } from '../store/datasets/datasets';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { defaultDbFor } from '../platform/defaultDb';
import { refreshIndex } from './index.cmd';

export type SourceDataset = DatasetRow;

export interface OpenedSource {
  readonly db: IndexDb;
  readonly dbFile: string;
  readonly ds: SourceDataset;
}

/**
 * A dataset named by its folder (its index brought up to date first, quietly: the command's own
 * summary follows) or by an index file holding exactly one dataset. Undefined, after naming the
 * units that failed on stderr, when indexing failed; throws when the index holds no single dataset.
 */
export function openSource(
  source: string,
  o: { db?: string; userData?: string; parseWorker?: string },
): OpenedSource | undefined {
  const fromDb = existsSync(source) && statSync(source).isFile();
  let dbFile = resolve(source);
  if (!fromDb) {
    dbFile = o.db ?? defaultDbFor(source, o);
    if (!refreshIndex(source, dbFile, { parseWorker: o.parseWorker, progress: false }))
      return undefined;
  }
  const db = openIndex(dbFile);
  try {
    const rows: SourceDataset[] = fromDb
      ? allDatasets(db)
      : [datasetByRoot(db, resolve(source))].filter((r) => r !== undefined);
    if (rows.length !== 1) {
      throw new Error(
        rows.length === 0
          ? `${dbFile} holds no dataset`
          : `${dbFile} holds ${rows.length} datasets (${rows.map((r) => r.root).join(', ')}); name the dataset folder with --db instead`,
      );
    }
    return { db, dbFile, ds: rows[0]! };
  } catch (err) {
    db.close();
    throw err;
  }
}
