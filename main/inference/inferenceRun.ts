import { createHash } from 'node:crypto';
import { getSkeleton } from '../../core';
import type { IssueLog } from '../datasets/records';
import { orderedPredictions } from '../eval/predictionSource';
import { scoreRun, type RunFigures } from '../eval/scoreRun';
import { toPredictionRecord } from '../datasets/predictionFile';
import type { IndexDb } from '../store/db/openIndex';
import type { DatasetRow } from '../store/datasets/datasets';
import {
  inferenceResults,
  openInferenceRun,
  runByName,
  saveInferenceResults,
  setRunStatus,
  type FinishedTarget,
  type RunStatus,
} from '../store/runs/inferenceResults';
import type { LoadedCard } from './modelCard';

/** What made a run: each card's name, family and the model's content hash. */
export interface PipelineIdentity {
  readonly pipeline: readonly {
    name: string;
    family: string;
    sha256: string;
    /** Volumetric models: the root-relative depth their depth bins span, for the profile panel. */
    depthRangeMm?: number;
    /** Root-depth bin models: the bins' d/f range, for the depth-bins panel. */
    depthBins?: { alpha: number; beta: number; bins: number };
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
    ...(loaded.card.family === 'depthbins'
      ? {
          depthBins: {
            alpha: loaded.card.params.alpha,
            beta: loaded.card.params.beta,
            bins: loaded.card.params.bins,
          },
        }
      : {}),
  })),
});

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
    asked: { request: object; scope: readonly number[] | null } = { request: {}, scope: null },
  ): InferenceRun {
    const source = JSON.stringify(identity);
    const old = runByName(db, dataset.id, name);
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
    const { id, done } = openInferenceRun(db, {
      datasetId: dataset.id,
      name,
      source,
      request: JSON.stringify(asked.request),
      scope: asked.scope,
      ...(old ? (rerun ? { replace: old.id } : { reuse: old.id }) : {}),
    });
    return new InferenceRun(db, id, name, done);
  }

  /** Stores finished targets with their predictions and artifacts, all or nothing. */
  save(finished: readonly FinishedTarget[]): void {
    saveInferenceResults(this.db, this.id, finished);
  }

  setStatus(status: RunStatus): void {
    setRunStatus(this.db, this.id, status);
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
  const skeleton = getSkeleton(dataset.skeleton);
  const joints = skeleton.joints.length;
  const unpredicted = new JointGaps(joints);
  // Read in image order as scoring walks the images, never whole (a run can be a million people).
  // A joint the model does not predict (a card mapping another skeleton's joints lacks it) is
  // NaN in every prediction: counted per joint and said once, not once per person.
  function* records() {
    let index = 0;
    for (const row of inferenceResults(db, run.id))
      for (const value of JSON.parse(row.predictions) as unknown[]) {
        const where = `run ${run.name} ${row.target}`;
        const record = toPredictionRecord(value, index++, where, joints, issues, false);
        if (!record) continue;
        unpredicted.add(record.jointsCam ?? record.jointsImg, record.jointsCam ? 3 : 2);
        yield { imageId: row.imageId, record };
      }
  }
  const source = orderedPredictions(records());
  const figures = db.transaction(() =>
    scoreRun(db, dataset, run.id, source, issues, `run ${run.name}`),
  )();
  for (const [j, n] of unpredicted.counts())
    issues.report(
      'joint not predicted',
      `run ${run.name}: ${skeleton.joints[j]!.name} in ${n} of ${unpredicted.total} predictions (left out of the figures)`,
    );
  return figures;
}

/** How many predictions lack each joint (any coordinate not finite). */
class JointGaps {
  private readonly missing: Uint32Array;
  total = 0;
  constructor(joints: number) {
    this.missing = new Uint32Array(joints);
  }
  add(pose: Float64Array | undefined, dims: number): void {
    if (!pose) return;
    this.total++;
    for (let j = 0; j < this.missing.length; j++)
      for (let d = 0; d < dims; d++)
        if (!Number.isFinite(pose[j * dims + d])) {
          this.missing[j]!++;
          break;
        }
  }
  counts(): [number, number][] {
    return [...this.missing.entries()].filter(([, n]) => n > 0);
  }
}

function describe(source: string | null): string {
  try {
    const id = JSON.parse(source ?? '') as PipelineIdentity;
    return id.pipeline.map((c) => `${c.name} ${c.sha256.slice(0, 8)}`).join(' → ');
  } catch {
    return 'unknown';
  }
}
