import type { IndexDb } from '../db/openIndex';

/** Drops a run's scored predictions and per-person figures, before it is scored again. */
export function clearRunScores(db: IndexDb, runId: number): void {
  db.prepare('DELETE FROM predictions WHERE run_id = ?').run(runId);
  db.prepare('DELETE FROM instance_metrics WHERE run_id = ?').run(runId);
}

/** Drops a run's predictions on some images; their metric rows go with them (ON DELETE CASCADE). */
export function clearImageScores(db: IndexDb, runId: number, imageIds: readonly number[]): void {
  db.prepare(
    'DELETE FROM predictions WHERE run_id = ? AND image_id IN (SELECT value FROM json_each(?))',
  ).run(runId, JSON.stringify(imageIds));
}

/** The dataset's runs with predictions whose stored summary is of another scoring version. */
export function runsScoredOtherwise(
  db: IndexDb,
  datasetId: number,
  version: number,
): { id: number; name: string }[] {
  return db
    .prepare(
      `SELECT r.id, r.name FROM runs r WHERE r.dataset_id = ?
           AND coalesce(json_extract(r.summary, '$.scoring'), 0) != ?
           AND EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = r.id)`,
    )
    .all(datasetId, version) as { id: number; name: string }[];
}

/** A new run holding a prediction file's records, replacing any run of that name. Its id. */
export function replaceImportedRun(
  db: IndexDb,
  datasetId: number,
  name: string,
  file: string,
): number {
  db.prepare('DELETE FROM runs WHERE dataset_id = ? AND name = ?').run(datasetId, name);
  return Number(
    db
      .prepare(
        "INSERT INTO runs (dataset_id, name, kind, source, created_at) VALUES (?, ?, 'import', ?, ?)",
      )
      .run(datasetId, name, file, new Date().toISOString()).lastInsertRowid,
  );
}

/**
 * Each image's figures for the run (all images, or some): its worst person per metric, and how
 * many of its valid people the run matched and missed. Every image gets a row, so frames the run
 * missed still list (last) when the grid ranks by a metric.
 */
export function summariseImages(
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
