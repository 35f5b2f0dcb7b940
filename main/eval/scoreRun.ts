import type { IssueLog } from '../datasets/records';
import { CountingIssueLog } from '../indexer/issueLog';
import type { IndexDb } from '../store/openIndex';
import { groundTruthImages } from './groundTruth';
import type { PredictionRecord } from './predictionFile';
import { RunScorer, ScoredRows, type DatasetRef } from './runScorer';
import type { Summary2d } from './setMetrics2d';
import type { Summary3d } from './setMetrics';
import { storedRecords } from './storedRecords';

export type { DatasetRef } from './runScorer';

/**
 * Bumped whenever a figure's definition changes: a stored summary of another version is stale
 * and scored again (`rescoreStaleRuns`). 2: the official protocols (3DPCK < 150 mm, MuPoTS-3D
 * pairing, cocoapi pairing at OKS 0.5, MMPose's PCK), `protocols` in the summary.
 */
export const SCORING_VERSION = 2;

export type RunFigures = (Summary3d | Summary2d) & {
  readonly scoring: number;
  readonly units: string | null;
};

const byImage = (records: readonly PredictionRecord[]) => {
  const out = new Map<string, PredictionRecord[]>();
  for (const r of records) {
    const list = out.get(r.imageSourceId);
    if (list) list.push(r);
    else out.set(r.imageSourceId, [r]);
  }
  return out;
};

/**
 * Scores a run's predictions: pairs them with people image by image, replaces the run's stored
 * predictions and per-person metrics (the worst-N queries read them) and its summary, and
 * returns the set's figures. `where` names the predictions' source in messages. Call inside a
 * transaction.
 */
export function scoreRun(
  db: IndexDb,
  dataset: DatasetRef,
  runId: number,
  records: readonly PredictionRecord[],
  issues: IssueLog,
  where: string,
): RunFigures {
  const pending = byImage(records);
  const scorer = new RunScorer(dataset, runId);
  db.prepare('DELETE FROM predictions WHERE run_id = ?').run(runId);
  db.prepare('DELETE FROM instance_metrics WHERE run_id = ?').run(runId);
  const rows = new ScoredRows(db);
  for (const im of groundTruthImages(db, dataset.id, dataset.format)) {
    rows.add(scorer.image(im, pending.get(im.sourceId) ?? []));
    pending.delete(im.sourceId);
  }
  rows.flush();
  summariseImages(db, dataset.id, runId);
  for (const [imageId, list] of pending)
    for (const p of list)
      issues.report('prediction for unknown image', `${where} [${p.index}]: image_id ${imageId}`);
  const summary = { scoring: SCORING_VERSION, ...scorer.summary() };
  db.prepare('UPDATE runs SET summary = ? WHERE id = ?').run(JSON.stringify(summary), runId);
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
  const imageIds = [...new Set(touched)];
  if (imageIds.length === 0) return;
  const pending = byImage(storedRecords(db, runId, imageIds));
  const scorer = new RunScorer(dataset, runId);
  // Their metric rows go with them (ON DELETE CASCADE).
  db.prepare(
    'DELETE FROM predictions WHERE run_id = ? AND image_id IN (SELECT value FROM json_each(?))',
  ).run(runId, JSON.stringify(imageIds));
  const rows = new ScoredRows(db);
  for (const id of imageIds)
    for (const im of groundTruthImages(db, dataset.id, dataset.format, id))
      rows.add(scorer.image(im, pending.get(im.sourceId) ?? []));
  rows.flush();
  summariseImages(db, dataset.id, runId, imageIds);
}

/** A run's set figures from its stored predictions and the labels as they are; writes nothing. */
export function summariseRun(db: IndexDb, dataset: DatasetRef, runId: number): RunFigures {
  const pending = byImage(storedRecords(db, runId));
  const scorer = new RunScorer(dataset, runId);
  for (const im of groundTruthImages(db, dataset.id, dataset.format))
    scorer.image(im, pending.get(im.sourceId) ?? []);
  return { scoring: SCORING_VERSION, ...scorer.summary() };
}

/**
 * Each image's figures for the run (all images, or some): its worst person per metric, and how
 * many of its valid people the run matched and missed. Every image gets a row, so frames the run
 * missed still list (last) when the grid ranks by a metric.
 */
function summariseImages(
  db: IndexDb,
  datasetId: number,
  runId: number,
  imageIds?: readonly number[],
): void {
  const only = imageIds ? 'AND image_id IN (SELECT value FROM json_each(@images))' : '';
  const images = imageIds ? { images: JSON.stringify(imageIds) } : {};
  db.prepare(`DELETE FROM image_metrics WHERE run_id = @runId ${only}`).run({ runId, ...images });
  db.prepare(
    `INSERT INTO image_metrics (run_id, image_id, matched, missed, mpjpe, pa_mpjpe, mrpe, mrpe_z,
       pck_rel, ranking_acc, oks, pck_2d)
     SELECT @runId, im.id, coalesce(a.matched, 0),
       (SELECT count(*) FROM instances v WHERE v.image_id = im.id AND v.valid = 1 AND v.iscrowd = 0
           AND v.removed = 0)
         - coalesce(a.matched, 0),
       a.mpjpe, a.pa_mpjpe, a.mrpe, a.mrpe_z, a.pck_rel, a.ranking_acc, a.oks, a.pck_2d
     FROM images im LEFT JOIN (
       SELECT i.image_id, count(*) AS matched, max(m.mpjpe) AS mpjpe, max(m.pa_mpjpe) AS pa_mpjpe,
         max(m.mrpe) AS mrpe, max(m.mrpe_z) AS mrpe_z, min(m.pck_rel) AS pck_rel,
         min(m.ranking_acc) AS ranking_acc, min(m.oks) AS oks, min(m.pck_2d) AS pck_2d
       FROM ${
         imageIds
           ? // A few images: from their people (CROSS JOIN keeps that order), not the run's rows.
             `instances i CROSS JOIN instance_metrics m ON m.run_id = @runId AND m.instance_id = i.id
              WHERE i.image_id IN (SELECT value FROM json_each(@images))`
           : 'instance_metrics m JOIN instances i ON i.id = m.instance_id WHERE m.run_id = @runId'
       }
       GROUP BY i.image_id
     ) a ON a.image_id = im.id
     WHERE im.dataset_id = @datasetId ${imageIds ? 'AND im.id IN (SELECT value FROM json_each(@images))' : ''}`,
  ).run({ runId, datasetId, ...images });
}

/**
 * Scores again the runs whose set figures were computed by another version of the scoring (or
 * never): after an upgrade changed a figure's definition, no stale figure is shown. Returns
 * how many were scored.
 */
export function rescoreStaleRuns(db: IndexDb, dataset: DatasetRef): number {
  const stale = db
    .prepare(
      `SELECT r.id, r.name FROM runs r WHERE r.dataset_id = ?
           AND coalesce(json_extract(r.summary, '$.scoring'), 0) != ?
           AND EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = r.id)`,
    )
    .all(dataset.id, SCORING_VERSION) as { id: number; name: string }[];
  for (const run of stale)
    db.transaction(() => {
      const records = storedRecords(db, run.id);
      scoreRun(db, dataset, run.id, records, new CountingIssueLog(), `run ${run.name}`);
    })();
  return stale.length;
}
