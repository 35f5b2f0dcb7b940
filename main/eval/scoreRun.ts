import { datasetKind, type RunSummary } from '../../contract';
import type { IssueLog } from '../datasets/records';
import { CountingIssueLog } from '../datasets/issueLog';
import { runScope } from '../store/runs/inferenceResults';
import type { IndexDb } from '../store/db/openIndex';
import { groundTruthImages } from '../store/labels/groundTruth';
import type { PredictionRecord } from '../datasets/predictionFile';
import { RunScorer, type Summary3dRun } from './runScorer';
import type { DatasetRef } from '../store/datasets/datasets';
import {
  clearImageScores,
  clearRunScores,
  runsScoredOtherwise,
  summariseImages,
} from '../store/runs/runScores';
import { ScoredRows } from '../store/runs/scoredRows';
import { withFigureIndexesRebuilt } from '../store/runs/figureIndexes';
import { runSummaryWriter } from '../store/runs/datasetRuns';
import type { Summary2d } from './setMetrics2d';
import { storedRecords, storedRecordPages } from '../store/runs/storedRecords';
import { takePlaces } from '../store/takes/tracks';
import { heldPredictions, orderedPredictions, type PredictionSource } from './predictionSource';
import { withStoredRun } from './storedRun';

export type { DatasetRef } from '../store/datasets/datasets';

/**
 * Bumped whenever a figure's definition changes: a stored summary of another version is stale
 * and scored again (`rescoreStaleRuns`). 2: the official protocols (3DPCK < 150 mm, MuPoTS-3D
 * pairing, cocoapi pairing at OKS 0.5, MMPose's PCK), `protocols` in the summary. 3: 2D sets'
 * per-joint PCK@0.2 and PCKh; PCKh counts a labelled person no prediction paired as all misses.
 * 4: 3D sets' temporal figures (MPJVE, acceleration error, `per_take`) over takes.
 */
export const SCORING_VERSION = 4;

export type RunFigures = (Summary3dRun | Summary2d) & {
  readonly scoring: number;
  readonly units: string | null;
};

/** Takes and tracked people, for a 3D set's temporal figures (2D sets have none). */
const takesOf = (db: IndexDb, dataset: DatasetRef) =>
  datasetKind(dataset.format) === '3d' ? takePlaces(db, dataset) : undefined;

/**
 * Whether an image counts for a run: a run asked to cover some frames (an inference run on a
 * filter) is scored on those, not counted as missing every person of the others.
 */
function inScopeOf(scope: readonly number[] | null): (imageId: number) => boolean {
  if (scope === null) return () => true;
  const set = new Set(scope);
  return (imageId) => set.has(imageId);
}
const scopeOf = (db: IndexDb, runId: number) => inScopeOf(runScope(db, runId));

/**
 * Scores a run's predictions: pairs them with people image by image, replaces the run's stored
 * predictions and per-person metrics (the worst-N queries read them) and its summary, and
 * returns the set's figures. The predictions are held (`records`) or handed over image by image
 * (a {@link PredictionSource}: a file's, staged). `where` names the predictions' source in
 * messages. Call inside a transaction.
 */
export function scoreRun(
  db: IndexDb,
  dataset: DatasetRef,
  runId: number,
  records: readonly PredictionRecord[] | PredictionSource,
  issues: IssueLog,
  where: string,
): RunFigures {
  const pending = Array.isArray(records) ? heldPredictions(records) : (records as PredictionSource);
  const scorer = new RunScorer(dataset, runId, takesOf(db, dataset));
  const scope = runScope(db, runId);
  const inScope = inScopeOf(scope);
  withFigureIndexesRebuilt(
    db,
    dataset.id,
    runId,
    () => {
      clearRunScores(db, runId);
      const rows = new ScoredRows(db);
      for (const im of groundTruthImages(db, dataset.id, dataset.format)) {
        if (!inScope(im.imageId)) continue;
        rows.add(scorer.image(im, pending.forImage(im.imageId, im.sourceId)));
      }
      rows.flush();
      summariseImages(db, dataset.id, runId);
    },
    scope?.length,
  );
  for (const p of pending.leftovers())
    issues.report(
      'prediction for unknown image',
      `${where} [${p.index}]: image_id ${p.imageSourceId}`,
    );
  const summary = { scoring: SCORING_VERSION, ...scorer.summary() };
  // The stored shape is the contract's: the dashboard reads these keys typed.
  runSummaryWriter(db)(runId, dataset.id, JSON.stringify(summary satisfies RunSummary));
  return summary;
}

/**
 * Scores a run again on some images only (their labels changed): their predictions matched
 * anew, their per-person and per-image figures replaced. The run's set summary is left to
 * `summariseRun`, which needs every image. Call inside a transaction.
 */
export function rescoreImages(
  db: IndexDb,
  dataset: DatasetRef,
  runId: number,
  touched: readonly number[],
): void {
  const inScope = scopeOf(db, runId);
  const imageIds = [...new Set(touched)].filter(inScope);
  if (imageIds.length === 0) return;
  const pending = heldPredictions(storedRecords(db, runId, imageIds));
  const scorer = new RunScorer(dataset, runId);
  clearImageScores(db, runId, imageIds);
  const rows = new ScoredRows(db);
  for (const id of imageIds)
    for (const im of groundTruthImages(db, dataset.id, dataset.format, id))
      rows.add(scorer.image(im, pending.forImage(im.imageId, im.sourceId)));
  rows.flush();
  summariseImages(db, dataset.id, runId, imageIds);
}

/** A run's set figures from its stored predictions and the labels as they are; writes nothing. */
export function summariseRun(db: IndexDb, dataset: DatasetRef, runId: number): RunFigures {
  // Read as the images are walked, never whole: this runs after every burst of edits.
  const pending = orderedPredictions(storedRecordPages(db, runId, 'image'));
  const scorer = new RunScorer(dataset, runId, takesOf(db, dataset));
  const inScope = scopeOf(db, runId);
  for (const im of groundTruthImages(db, dataset.id, dataset.format))
    if (inScope(im.imageId)) scorer.image(im, pending.forImage(im.imageId, im.sourceId));
  return { scoring: SCORING_VERSION, ...scorer.summary() };
}

/**
 * Scores again the runs whose set figures were computed by another version of the scoring (or
 * never): after an upgrade changed a figure's definition, no stale figure is shown. Returns
 * how many were scored.
 */
export function rescoreStaleRuns(db: IndexDb, dataset: DatasetRef): number {
  const stale = runsScoredOtherwise(db, dataset.id, SCORING_VERSION);
  for (const run of stale)
    db.transaction(() => {
      const where = `run ${run.name}`;
      withStoredRun(db, run.id, where, (source) =>
        scoreRun(db, dataset, run.id, source, new CountingIssueLog(), where),
      );
    })();
  return stale.length;
}
