import { datasetKind } from '../../contract';
import { resolve } from 'node:path';
import { PROTOCOLS, type ProtocolId } from '../../core';
import { evaluateRun, type DatasetRef, type RunResult } from '../eval/evaluateRun';
import { NothingScoredError, nobodyPaired } from '../eval/nothingScored';
import { scoreStoredRun } from '../inference/inferenceRun';
import { CountingIssueLog } from '../datasets/issueLog';
import { datasetByRoot } from '../store/datasets/datasets';
import { openIndex } from '../store/db/openIndex';
import { runByName } from '../store/runs/inferenceResults';
import { predictionCount } from '../store/runs/runList';
import { defaultDbFor } from '../platform/defaultDb';
import { formatProtocol, formatRun, protocolOf } from './evalTables';
import { refreshIndex } from './index.cmd';
import { progressBar } from './progress';

export interface EvalCliOptions {
  readonly pred: readonly string[];
  /** The skeleton of the prediction files' joints, when not the dataset's. */
  readonly predSkeleton?: string;
  /** Stored inference runs to score again. */
  readonly run: readonly string[];
  readonly db?: string;
  /** The app's user-data folder: the index is the one the app opens with it. */
  readonly userData?: string;
  readonly format?: string;
  readonly json: boolean;
  /** Print this protocol's figures and tables only. */
  readonly protocol?: ProtocolId;
  /** The bundled parse worker, when there is one. */
  readonly parseWorker?: string;
}

/**
 * `posescope eval <folder> --pred <file>…`: brings the folder's index up to date (unchanged
 * files cost nothing), imports each prediction file as a run and prints its figures.
 */
export function evalCommand(folder: string, o: EvalCliOptions): number {
  if (o.pred.length === 0 && o.run.length === 0) {
    process.stderr.write('posescope eval: give --pred <file> or --run <name> (or several)\n');
    return 2;
  }
  const dbFile = o.db ?? defaultDbFor(folder, o);
  const indexed = refreshIndex(folder, dbFile, { ...o, progress: !o.json });
  if (!indexed) return 1;
  if (o.protocol && PROTOCOLS[o.protocol].kind !== datasetKind(indexed.format)) {
    process.stderr.write(
      `posescope eval: --protocol ${o.protocol} scores ${PROTOCOLS[o.protocol].kind === '3d' ? '3D labels' : 'image keypoints'}; ${indexed.dataset} is a ${indexed.format} dataset\n`,
    );
    return 2;
  }
  const db = openIndex(dbFile);
  const results: RunResult[] = [];
  let failed = false;
  try {
    const row = datasetByRoot(db, resolve(folder));
    if (!row) throw new Error(`${folder} is not indexed in ${dbFile}`);
    const dataset: DatasetRef = row;
    for (const name of o.run) {
      const run = runByName(db, row.id, name);
      if (run?.kind !== 'inference')
        throw new Error(`no inference run "${name}" in ${dbFile} (posescope infer makes one)`);
      if (run.status !== 'done')
        throw new Error(
          `inference run "${name}" is ${run.status}; finish it with posescope infer first`,
        );
      const issues = new CountingIssueLog();
      const metrics = scoreStoredRun(db, row, { id: run.id, name }, issues);
      const predictions = predictionCount(db, run.id);
      if (metrics.matched === 0) {
        process.stderr.write(`posescope eval: ${nobodyPaired(`inference run ${name}`, metrics)}\n`);
        failed = true;
        continue;
      }
      results.push({
        run: name,
        file: `inference run ${name}`,
        predictions,
        metrics,
        issues: issues.summary(),
      });
    }
    for (const file of o.pred) {
      const pbar = progressBar(`evaluating ${file}`, !o.json);
      try {
        let done = 0;
        results.push(
          evaluateRun(db, dataset, resolve(file), {
            onBytes: (n) => pbar.update((done += n), done),
            ...(o.predSkeleton ? { predSkeleton: o.predSkeleton } : {}),
          }),
        );
      } catch (err) {
        if (!(err instanceof NothingScoredError)) throw err;
        pbar.stop();
        process.stderr.write(`posescope eval: ${err.message}\n`);
        failed = true;
      } finally {
        pbar.stop();
      }
    }
  } finally {
    db.close();
  }
  const p = o.protocol;
  if (o.json) {
    const sets = results.map((r) => ({
      run: r.run,
      file: r.file,
      predictions: r.predictions,
      ...(r.read ? { read: r.read } : {}),
      ...(p ? { protocol: protocolOf(r.metrics, p), units: r.metrics.units } : r.metrics),
      issues: r.issues,
    }));
    process.stdout.write(
      `${JSON.stringify({ dataset: indexed.dataset, format: indexed.format, db: indexed.db, sets }, null, 2)}\n`,
    );
  } else if (results.length > 0) {
    const body = results.map((r) => (p ? formatProtocol(r, p) : formatRun(r))).join('\n\n');
    process.stdout.write(
      `${indexed.dataset} (${indexed.format}, ${indexed.people} people)\n\n${body}\n`,
    );
  }
  return failed ? 1 : 0;
}
