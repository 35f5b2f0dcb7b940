import { basename } from 'node:path';
import { getSkeleton } from '../../core';
import { CountingIssueLog, type IssueSummary } from '../datasets/issueLog';
import type { IndexDb } from '../store/db/openIndex';
import { replaceImportedRun } from '../store/runs/runScores';
import { readPredictions, type PredictionRecord } from '../datasets/predictionFile';
import { NothingScoredError, nothingScored } from './nothingScored';
import { scoreRun, type DatasetRef, type RunFigures } from './scoreRun';

export type { DatasetRef } from './scoreRun';

export interface RunResult {
  readonly run: string;
  readonly file: string;
  readonly predictions: number;
  readonly metrics: RunFigures;
  readonly issues: readonly IssueSummary[];
}

/**
 * Imports a prediction file as a run of the dataset (replacing a run of the same name) and
 * scores it. One transaction: a file that fails, or from which nothing could be scored
 * (NothingScoredError, saying why), leaves no half run and the run it would replace as it was.
 */
export function evaluateRun(
  db: IndexDb,
  dataset: DatasetRef,
  file: string,
  opts: { name?: string; onBytes?: (n: number) => void } = {},
): RunResult {
  const J = getSkeleton(dataset.skeleton).joints.length;
  const issues = new CountingIssueLog();
  const records: PredictionRecord[] = [];
  const count = readPredictions(file, J, issues, (p) => records.push(p), opts.onBytes);
  const name = opts.name ?? basename(file).replace(/\.json$/i, '');
  const summary = db.transaction(() => {
    const runId = replaceImportedRun(db, dataset.id, name, file);
    const figures = scoreRun(db, dataset, runId, records, issues, file);
    const why = nothingScored(file, records, issues.summary(), figures);
    if (why) throw new NothingScoredError(why);
    return figures;
  })();
  return { run: name, file, predictions: count, metrics: summary, issues: issues.summary() };
}
