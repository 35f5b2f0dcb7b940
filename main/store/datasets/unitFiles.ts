import type { IndexDb } from '../db/openIndex';

/** A source file as last indexed: what decides whether its unit is read again. */
export interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The bookkeeping of one dataset's units: which files and folders each was read from. */
export function unitFiles(db: IndexDb, datasetId: number) {
  const dirsOf = db.prepare(
    'SELECT path, mtime_ms AS mtimeMs FROM source_dirs WHERE dataset_id = ? AND unit = ?',
  );
  const saveDir = db.prepare(
    'INSERT OR REPLACE INTO source_dirs (dataset_id, unit, path, mtime_ms) VALUES (?, ?, ?, ?)',
  );
  const saveStamp = db.prepare(
    'INSERT OR REPLACE INTO source_files (dataset_id, path, unit, size, mtime_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const forgetFiles = db.prepare('DELETE FROM source_files WHERE dataset_id = ? AND unit = ?');
  const forgetDirs = db.prepare('DELETE FROM source_dirs WHERE dataset_id = ? AND unit = ?');
  const dropUnit = db.transaction((unit: string) => {
    for (const table of ['images', 'cameras', 'file_values', 'source_files', 'source_dirs'])
      db.prepare(`DELETE FROM ${table} WHERE dataset_id = ? AND unit = ?`).run(datasetId, unit);
  });
  return {
    /** Every file the dataset's units were last read from. */
    knownFiles: () =>
      db
        .prepare(
          'SELECT path, unit, size, mtime_ms AS mtimeMs FROM source_files WHERE dataset_id = ?',
        )
        .all(datasetId) as (FileStamp & { unit: string })[],
    /** The image folders a unit was read with, and their modification times then. */
    foldersOf: (unit: string) => dirsOf.all(datasetId, unit) as { path: string; mtimeMs: number }[],
    /** Replaces the files and folders a unit was read from. */
    saveSources: (
      unit: string,
      files: readonly FileStamp[],
      dirs: readonly { path: string; mtimeMs: number }[],
    ) => {
      forgetFiles.run(datasetId, unit);
      for (const f of files) saveStamp.run(datasetId, f.path, unit, f.size, f.mtimeMs);
      forgetDirs.run(datasetId, unit);
      for (const d of dirs) saveDir.run(datasetId, unit, d.path, d.mtimeMs);
    },
    /** Everything indexed from a unit, gone in one transaction. */
    dropUnit,
    markIndexed: () =>
      void db
        .prepare('UPDATE datasets SET indexed_at = ? WHERE id = ?')
        .run(new Date().toISOString(), datasetId),
  };
}
