import type { IndexDb } from '../db/openIndex';

/** The run's name, or a refusal that names the run and the dataset's row. */
function nameOf(db: IndexDb, datasetId: number, runId: number): string {
  const name = db
    .prepare('SELECT name FROM runs WHERE id = ? AND dataset_id = ?')
    .pluck()
    .get(runId, datasetId) as string | undefined;
  if (name === undefined) throw new Error(`run ${runId} is not a run of this dataset`);
  return name;
}

/**
 * Renames a run of the dataset; returns the name stored (trimmed). Refused, leaving the run as it
 * was, when the name is blank or another run of the dataset has it (names are unique per dataset:
 * `eval --run` and `infer` find runs by them).
 */
export function renameRun(db: IndexDb, datasetId: number, runId: number, name: string): string {
  const wanted = name.trim();
  if (wanted === '') throw new Error('a run needs a name: the new name is blank');
  return db.transaction(() => {
    nameOf(db, datasetId, runId);
    const clash = db
      .prepare('SELECT 1 FROM runs WHERE dataset_id = ? AND name = ? AND id != ?')
      .get(datasetId, wanted, runId);
    if (clash !== undefined)
      throw new Error(`another run of this dataset is already called "${wanted}"`);
    db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(wanted, runId);
    return wanted;
  })();
}

/**
 * Deletes a run of the dataset with everything it produced: predictions, per-person and per-frame
 * figures, model outputs and finished inference targets. Labels, the edit log and other runs are
 * not touched (nothing of theirs refers to a run). Returns the deleted run's name.
 */
export function deleteRun(db: IndexDb, datasetId: number, runId: number): string {
  return db.transaction(() => {
    const name = nameOf(db, datasetId, runId);
    // The run's rows go by their run_id indexes first, one statement a table, rather than by
    // the cascade's lookup per prediction; and nothing is left should a connection have foreign
    // keys off. The cascade still covers a table added later.
    for (const sql of [
      'DELETE FROM instance_metrics WHERE run_id = ?',
      'DELETE FROM image_metrics WHERE run_id = ?',
      'DELETE FROM artifacts WHERE run_id = ?',
      'DELETE FROM inference_results WHERE run_id = ?',
      'DELETE FROM predictions WHERE run_id = ?',
      'DELETE FROM runs WHERE id = ?',
    ])
      db.prepare(sql).run(runId);
    return name;
  })();
}

/**
 * A string that changes whenever one of the dataset's runs is added, removed, renamed, re-made or
 * scored again (its status or set figures change): cheap enough to read every few seconds, so a
 * run made by another process (`posescope infer` in a terminal) is noticed. The whole summary is
 * compared, not its length: scoring again may change figures and keep the length.
 */
export function runsSignature(db: IndexDb, datasetId: number): string {
  const rows = db
    .prepare(
      `SELECT id, name, created_at, coalesce(status, ''), coalesce(summary, '')
       FROM runs WHERE dataset_id = ? ORDER BY id`,
    )
    .raw()
    .all(datasetId) as unknown[][];
  return JSON.stringify(rows);
}
