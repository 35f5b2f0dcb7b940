import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatasetFormat } from '../datasets/records';
import { exportDataset, type ExportSummary } from '../export/exportDataset';
import { openIndex } from '../store/openIndex';
import { defaultDbFor } from './defaultDb';
import { parseFormat, refreshIndex } from './index.cmd';

export interface ExportCliOptions {
  readonly format: string;
  readonly out: string;
  readonly db?: string;
  readonly json: boolean;
  /** The bundled parse worker, when there is one. */
  readonly parseWorker?: string;
}

interface DatasetRow {
  id: number;
  root: string;
  format: DatasetFormat;
}

/**
 * `posescope export <folder|db> --format … --out <dir>`: from a folder, brings its index up to
 * date first; from an index file, exports the dataset it holds (it must hold exactly one).
 */
export function exportCommand(source: string, o: ExportCliOptions): number {
  const format = parseFormat(o.format)!;
  const fromDb = existsSync(source) && statSync(source).isFile();
  let dbFile = resolve(source);
  if (!fromDb) {
    dbFile = o.db ?? defaultDbFor(source);
    // Quiet, as export has always been; its own summary follows.
    if (!refreshIndex(source, dbFile, { parseWorker: o.parseWorker, progress: false })) return 1;
  }
  const db = openIndex(dbFile);
  let summary: ExportSummary;
  try {
    const rows = (
      fromDb
        ? db.prepare('SELECT id, root, format FROM datasets').all()
        : db.prepare('SELECT id, root, format FROM datasets WHERE root = ?').all(resolve(source))
    ) as DatasetRow[];
    if (rows.length !== 1) {
      throw new Error(
        rows.length === 0
          ? `${dbFile} holds no dataset`
          : `${dbFile} holds ${rows.length} datasets (${rows.map((r) => r.root).join(', ')}); export from the dataset folder with --db instead`,
      );
    }
    const ds = rows[0]!;
    if (ds.format !== format)
      throw new Error(`${ds.root} is a ${ds.format} dataset; it exports as --format ${ds.format}`);
    summary = exportDataset(db, ds, o.out);
  } finally {
    db.close();
  }
  if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(
      `${summary.dataset} → ${summary.out} (${summary.format}: ${summary.images} images, ${summary.people} people)\n` +
        summary.files.map((f) => `  ${f.path}  ${(f.bytes / 1e6).toFixed(2)} MB`).join('\n') +
        '\n',
    );
  }
  return 0;
}
