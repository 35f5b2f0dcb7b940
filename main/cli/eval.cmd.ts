import { resolve } from 'node:path';
import { evaluateRun, type DatasetRef, type RunResult } from '../eval/evaluateRun';
import { openIndex } from '../store/openIndex';
import type { DatasetFormat } from '../datasets/records';
import { defaultDbFor } from './defaultDb';
import { formatRun } from './evalTables';
import { refreshIndex } from './index.cmd';
import { progressBar } from './progress';

export interface EvalCliOptions {
  readonly pred: readonly string[];
  readonly db?: string;
  readonly format?: string;
  readonly json: boolean;
  /** The bundled parse worker, when there is one. */
  readonly parseWorker?: string;
}

/**
 * `posescope eval <folder> --pred <file>…`: brings the folder's index up to date (unchanged
 * files cost nothing), imports each prediction file as a run and prints its figures.
 */
export function evalCommand(folder: string, o: EvalCliOptions): number {
  const dbFile = o.db ?? defaultDbFor(folder);
  const indexed = refreshIndex(folder, dbFile, { ...o, progress: !o.json });
  if (!indexed) return 1;
  const db = openIndex(dbFile);
  const results: RunResult[] = [];
  try {
    const row = db
      .prepare('SELECT id, format, skeleton FROM datasets WHERE root = ?')
      .get(resolve(folder)) as { id: number; format: DatasetFormat; skeleton: string };
    const dataset: DatasetRef = row;
    for (const file of o.pred) {
      const pbar = progressBar(`evaluating ${file}`, !o.json);
      try {
        let done = 0;
        results.push(
          evaluateRun(db, dataset, resolve(file), {
            onBytes: (n) => pbar.update((done += n), done),
          }),
        );
      } finally {
        pbar.stop();
      }
    }
  } finally {
    db.close();
  }
  if (o.json) {
    const sets = results.map((r) => ({
      run: r.run,
      file: r.file,
      predictions: r.predictions,
      ...r.metrics,
      issues: r.issues,
    }));
    process.stdout.write(
      `${JSON.stringify({ dataset: indexed.dataset, format: indexed.format, db: indexed.db, sets }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${indexed.dataset} (${indexed.format}, ${indexed.people} people)\n\n${results.map(formatRun).join('\n\n')}\n`,
    );
  }
  return 0;
}
