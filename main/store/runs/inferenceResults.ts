import type { IndexDb } from '../db/openIndex';
import type { Artifact } from './artifacts';
import { pagedRows } from '../db/pagedRows';

export type RunStatus = 'running' | 'cancelled' | 'failed' | 'done';

/** A run's row, as opening a run by name needs it. */
export interface NamedRun {
  readonly id: number;
  readonly kind: string;
  readonly status: string;
  readonly source: string | null;
}

/** The dataset's run of this name, if any. */
export function runByName(db: IndexDb, datasetId: number, name: string): NamedRun | undefined {
  return db
    .prepare('SELECT id, kind, status, source FROM runs WHERE dataset_id = ? AND name = ?')
    .get(datasetId, name) as NamedRun | undefined;
}

/**
 * Opens an inference run for writing: `reuse` keeps that run's finished targets, otherwise a new
 * run is made (after deleting `replace`, a run of the same name being started over). Its id and
 * the targets already finished.
 */
export function openInferenceRun(
  db: IndexDb,
  o: {
    datasetId: number;
    name: string;
    source: string;
    /** What was asked for (JSON), kept so the run can be resumed as it was. */
    request: string;
    /** The frames asked for; null for the whole dataset. */
    scope: readonly number[] | null;
    reuse?: number;
    replace?: number;
  },
): { id: number; done: Set<string> } {
  return db.transaction(() => {
    if (o.replace !== undefined) db.prepare('DELETE FROM runs WHERE id = ?').run(o.replace);
    const id =
      o.reuse ??
      Number(
        db
          .prepare(
            "INSERT INTO runs (dataset_id, name, kind, source, created_at, status) VALUES (?, ?, 'inference', ?, ?, 'running')",
          )
          .run(o.datasetId, o.name, o.source, new Date().toISOString()).lastInsertRowid,
      );
    // A resumed or extended run covers what it covered before and what is asked now: the
    // whole dataset once either is.
    const before = o.reuse === undefined ? [] : runScope(db, o.reuse);
    const scope =
      before === null || o.scope === null ? null : [...new Set([...before, ...o.scope])];
    db.prepare('UPDATE runs SET request = ?, scope = ? WHERE id = ?').run(
      o.request,
      scope === null ? null : JSON.stringify(scope.sort((a, b) => a - b)),
      id,
    );
    setRunStatus(db, id, 'running');
    const done = new Set(
      db
        .prepare('SELECT target FROM inference_results WHERE run_id = ?')
        .pluck()
        .all(id) as string[],
    );
    return { id, done };
  })();
}

export interface FinishedTarget {
  readonly key: string;
  readonly imageId: number;
  readonly instanceId: number | null;
  /** The target's prediction records, stored as JSON. */
  readonly predictions: readonly object[];
  readonly artifacts: readonly Artifact[];
}

/** Stores finished targets with their predictions and artifacts, all or nothing. */
export function saveInferenceResults(
  db: IndexDb,
  runId: number,
  finished: readonly FinishedTarget[],
): void {
  const result = db.prepare(
    'INSERT OR REPLACE INTO inference_results (run_id, target, image_id, predictions) VALUES (?, ?, ?, ?)',
  );
  const artifact = db.prepare(
    `INSERT INTO artifacts (run_id, instance_id, image_id, kind, dtype, shape, encoding, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const f of finished) {
      result.run(runId, f.key, f.imageId, JSON.stringify(f.predictions));
      for (const a of f.artifacts)
        artifact.run(
          runId,
          f.instanceId,
          f.imageId,
          a.kind,
          a.dtype,
          JSON.stringify(a.shape),
          a.encoding,
          a.data,
        );
    }
  })();
}

export function setRunStatus(db: IndexDb, runId: number, status: RunStatus): void {
  db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, runId);
}

/**
 * A run's stored results in image order (then by target), each target's prediction records as
 * JSON text, read a page at a time: scoring a run of a million people holds a page of them.
 */
export function inferenceResults(
  db: IndexDb,
  runId: number,
  pageSize = 2048,
): Generator<{ imageId: number; target: string; predictions: string }> {
  type Row = { imageId: number; target: string; predictions: string };
  const page = db.prepare(
    `SELECT image_id AS imageId, target, predictions FROM inference_results
     WHERE run_id = @runId AND (image_id, target) > (@image, @target)
     ORDER BY image_id, target LIMIT ${pageSize}`,
  );
  return pagedRows(
    (after) => page.all({ runId, ...after }) as Row[],
    { image: -1, target: '' },
    (r) => ({ image: r.imageId, target: r.target }),
    pageSize,
  );
}

/** The image ids a run was asked to cover; null when it covers the whole dataset. */
export function runScope(db: IndexDb, runId: number): number[] | null {
  const text = db.prepare('SELECT scope FROM runs WHERE id = ?').pluck().get(runId) as
    string | null | undefined;
  return text ? (JSON.parse(text) as number[]) : null;
}

/** What an inference run was asked for (JSON as stored), or null for an import. */
export function runRequest(db: IndexDb, runId: number): string | null {
  return (
    (db.prepare('SELECT request FROM runs WHERE id = ?').pluck().get(runId) as
      string | null | undefined) ?? null
  );
}
