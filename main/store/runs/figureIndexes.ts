import type { IndexDb } from '../db/openIndex';

/**
 * The indexes that sort a run's people and frames by each figure: those of the two metric
 * tables led by `run_id` ((run_id, mpjpe), (run_id, action, mpjpe), …). None backs a foreign
 * key (metrics_prediction, led by prediction_id, does, and is never dropped), so a delete that
 * cascades through these tables does not need them.
 */
function figureIndexes(db: IndexDb): { name: string; sql: string }[] {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN ('instance_metrics', 'image_metrics')`,
    )
    .all() as { name: string; sql: string }[];
  return indexes.filter(
    (ix) =>
      (db.pragma(`index_info(${JSON.stringify(ix.name)})`) as { name: string }[])[0]?.name ===
      'run_id',
  );
}

const datasetImages = (db: IndexDb, datasetId: number) =>
  db.prepare('SELECT count(*) FROM images WHERE dataset_id = ?').pluck().get(datasetId) as number;

/**
 * Other runs' rows per row of the run being written, up to which its figure indexes are built
 * afresh rather than kept up row by row. Inserting into them one row at a time cost 10–13 s of
 * the 32 s that evaluating 200,000 people took (twelve B-trees, each row landing on a random page
 * of each); building them by sorting took 1.3 s for the same rows. A rebuild sorts every run's
 * rows, so it pays while the others hold no more than a few times the new run's.
 */
const REBUILD_WHEN_OTHERS_AT_MOST = 4;

/**
 * Runs `write` (which replaces a run's per-person and per-frame figures) with the figure indexes
 * dropped and built again after it, when the run is large beside the others in the file (a
 * first evaluation, a run scored again); otherwise as it is. `images` is how many frames the run
 * covers: its scope's, or when it has none every frame of the dataset. Call inside a transaction: a
 * failed write rolls the dropped indexes back with it.
 */
export function withFigureIndexesRebuilt<T>(
  db: IndexDb,
  datasetId: number,
  runId: number,
  write: () => T,
  images?: number,
): T {
  const others = db
    .prepare('SELECT count(*) FROM image_metrics WHERE run_id != ?')
    .pluck()
    .get(runId) as number;
  const covered = images ?? datasetImages(db, datasetId);
  if (others > REBUILD_WHEN_OTHERS_AT_MOST * covered) return write();
  const dropped = figureIndexes(db);
  for (const ix of dropped) db.exec(`DROP INDEX ${JSON.stringify(ix.name)}`);
  const result = write();
  for (const ix of dropped) db.exec(ix.sql);
  return result;
}
