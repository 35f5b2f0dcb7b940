import { createHash } from 'node:crypto';
import { getSkeleton } from '../../core';
import type { DatasetFormat, IssueLog } from '../datasets/records';
import { scoreRun, type RunFigures } from '../eval/scoreRun';
import { toPredictionRecord, type PredictionRecord } from '../eval/predictionFile';
import type { IndexDb } from '../store/openIndex';
import type { Artifact } from './artifacts';
import type { LoadedCard } from './modelCard';
import type { PredictionJson } from './finalise';

/** What made a run: each card's name, family and the model's content hash. */
export interface PipelineIdentity {
  readonly pipeline: readonly {
    name: string;
    family: string;
    sha256: string;
    /** Volumetric models: the root-relative depth their depth bins span, for the profile panel. */
    depthRangeMm?: number;
  }[];
  /** Pipelines with a detector: where person boxes came from, when not `auto`. */
  readonly boxes?: string;
}

export const identityOf = (
  cards: readonly { loaded: LoadedCard; bytes: Uint8Array }[],
): PipelineIdentity => ({
  pipeline: cards.map(({ loaded, bytes }) => ({
    name: loaded.card.name,
    family: loaded.card.family,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(loaded.card.family === 'volumetric3d'
      ? { depthRangeMm: loaded.card.params.depthRangeMm }
      : {}),
  })),
});

export interface DatasetRow {
  readonly id: number;
  readonly root: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

/**
 * The run's rows: opened or created under its name, finished targets written batch by batch
 * (one transaction each, so a crash loses at most the batch in flight), status kept current.
 */
export class InferenceRun {
  private constructor(
    private readonly db: IndexDb,
    readonly id: number,
    readonly name: string,
    /** Targets finished before this call (resumed, not recomputed). */
    readonly done: ReadonlySet<string>,
  ) {}

  /**
   * Opens the run `name` for `identity`. A run of that name made by another pipeline, or an
   * imported prediction set, is refused unless `rerun`; `rerun` also drops finished results.
   */
  static open(
    db: IndexDb,
    dataset: DatasetRow,
    name: string,
    identity: PipelineIdentity,
    rerun: boolean,
  ): InferenceRun {
    const source = JSON.stringify(identity);
    const old = db
      .prepare('SELECT id, kind, source FROM runs WHERE dataset_id = ? AND name = ?')
      .get(dataset.id, name) as { id: number; kind: string; source: string | null } | undefined;
    if (old && !rerun) {
      if (old.kind !== 'inference')
        throw new Error(
          `run "${name}" holds imported predictions; pick another --run-name or pass --rerun to replace it`,
        );
      if (old.source !== source)
        throw new Error(
          `run "${name}" was made by a different pipeline (${describe(old.source)}); pick another --run-name or pass --rerun to start it over`,
        );
    }
    return db.transaction(() => {
      if (old && rerun) db.prepare('DELETE FROM runs WHERE id = ?').run(old.id);
      const id =
        old && !rerun
          ? old.id
          : Number(
              db
                .prepare(
                  "INSERT INTO runs (dataset_id, name, kind, source, created_at, status) VALUES (?, ?, 'inference', ?, ?, 'running')",
                )
                .run(dataset.id, name, source, new Date().toISOString()).lastInsertRowid,
            );
      db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(id);
      const done = new Set(
        db
          .prepare('SELECT target FROM inference_results WHERE run_id = ?')
          .pluck()
          .all(id) as string[],
      );
      return new InferenceRun(db, id, name, done);
    })();
  }

  /** Stores finished targets with their predictions and artifacts, all or nothing. */
  save(
    finished: readonly {
      key: string;
      imageId: number;
      instanceId: number | null;
      predictions: readonly PredictionJson[];
      artifacts: readonly Artifact[];
    }[],
  ): void {
    const result = this.db.prepare(
      'INSERT OR REPLACE INTO inference_results (run_id, target, image_id, predictions) VALUES (?, ?, ?, ?)',
    );
    const artifact = this.db.prepare(
      `INSERT INTO artifacts (run_id, instance_id, image_id, kind, dtype, shape, encoding, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const f of finished) {
        result.run(this.id, f.key, f.imageId, JSON.stringify(f.predictions));
        for (const a of f.artifacts)
          artifact.run(
            this.id,
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

  setStatus(status: 'running' | 'cancelled' | 'failed' | 'done'): void {
    this.db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, this.id);
  }
}

/**
 * Scores an inference run from its stored results, as `posescope eval` scores a file: the
 * predictions go through the same validation and matching, and replace the run's metrics.
 */
export function scoreStoredRun(
  db: IndexDb,
  dataset: DatasetRow,
  run: { id: number; name: string },
  issues: IssueLog,
): RunFigures {
  const joints = getSkeleton(dataset.skeleton).joints.length;
  const rows = db
    .prepare(
      'SELECT target, predictions FROM inference_results WHERE run_id = ? ORDER BY image_id, target',
    )
    .all(run.id) as { target: string; predictions: string }[];
  const records: PredictionRecord[] = [];
  let index = 0;
  for (const row of rows) {
    for (const value of JSON.parse(row.predictions) as unknown[]) {
      const r = toPredictionRecord(value, index++, `run ${run.name} ${row.target}`, joints, issues);
      if (r) records.push(r);
    }
  }
  return db.transaction(() => scoreRun(db, dataset, run.id, records, issues, `run ${run.name}`))();
}

function describe(source: string | null): string {
  try {
    const id = JSON.parse(source ?? '') as PipelineIdentity;
    return id.pipeline.map((c) => `${c.name} ${c.sha256.slice(0, 8)}`).join(' → ');
  } catch {
    return 'unknown';
  }
}
