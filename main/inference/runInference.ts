import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getSkeleton, type Intrinsics } from '../../core';
import type { RunFigures } from '../eval/scoreRun';
import { CountingIssueLog, type IssueSummary } from '../datasets/issueLog';
import { openIndex } from '../store/db/openIndex';
import { identityOf, InferenceRun, scoreStoredRun } from './inferenceRun';
import { datasetByRoot } from '../store/datasets/datasets';
import { loadCard, MAPPING_FAMILIES, ModelCardError, type LoadedCard } from './modelCard';
import { ModelSession, type ProviderAttempt } from './modelSession';
import { providerPlan } from './providers';
import { pipelineMode } from './pipelineMode';
import { openInWorker } from './sessionWorker';
import { FloatPool } from './floatPool';
import { runBatches, type BatchContext } from './batchLoop';
import type { BoxSource, TargetState } from './stageTypes';
import { targetsOf } from './targets';
import { countTargets } from '../store/labels/labelLists';

export interface InferRequest {
  readonly dbFile: string;
  /** An indexed dataset folder. */
  readonly dataset: string;
  /** Card files, in pipeline order. */
  readonly cards: readonly string[];
  readonly runName?: string;
  /** 'auto' (default) or one provider name. */
  readonly provider?: string;
  readonly batchSize?: number;
  /** Start the run over: drop its finished results. */
  readonly rerun?: boolean;
  /** Person boxes for pipelines with a detector (see StageContext.boxes); `auto` by default. */
  readonly boxes?: BoxSource;
}

import type { InferProgress } from './batchLoop';

export type { InferProgress };

export interface InferResult {
  readonly run: string;
  readonly status: 'done' | 'cancelled';
  /** Per card: the provider it ran on and every provider tried. */
  readonly providers: readonly {
    card: string;
    provider: string;
    attempts: readonly ProviderAttempt[];
  }[];
  readonly targets: { total: number; computed: number; resumed: number; failed: number };
  readonly seconds: number;
  readonly metrics?: RunFigures;
  readonly issues: readonly IssueSummary[];
}

/**
 * Runs a pipeline of models over an indexed dataset into a prediction run, then scores it as
 * `posescope eval` scores a file. Finished targets are saved batch by batch; a cancelled or
 * crashed run resumes where it stopped and never recomputes what it finished (unless `rerun`).
 */
export async function runInference(
  req: InferRequest,
  hooks: { signal?: AbortSignal; onProgress?: (p: InferProgress) => void } = {},
): Promise<InferResult> {
  const started = performance.now();
  const { loaded, mode, bytes } = loadPipeline(req.cards);
  const db = openIndex(req.dbFile);
  const sessions: ModelSession[] = [];
  try {
    const dataset = datasetByRoot(db, resolve(req.dataset));
    if (!dataset)
      throw new Error(`${req.dataset} is not indexed in ${req.dbFile}; run posescope index first`);
    const skeleton = getSkeleton(dataset.skeleton);
    checkSkeletons(loaded, skeleton.id);
    const plan = providerPlan(req.provider);
    for (const [i, l] of loaded.entries())
      sessions.push(await ModelSession.open(l, bytes[i]!, plan, openInWorker));

    const boxes = req.boxes ?? 'auto';
    const { identity, name } = runIdentity(loaded, bytes, boxes, req.runName);
    const run = InferenceRun.open(db, dataset, name, identity, req.rerun ?? false);
    const issues = new CountingIssueLog();
    const total = countTargets(db, dataset.id, mode);
    const counts = { total, computed: 0, resumed: run.done.size, failed: 0 };
    const intrinsicsOf = assumedIntrinsics(issues);
    const ctx: BatchContext = { skeleton, intrinsicsOf, floats: new FloatPool(), boxes };

    const status = await runBatches({
      sessions,
      ctx,
      run,
      pending: targetsOf(db, dataset, mode),
      batchSize: req.batchSize ?? (mode === 'image' ? 4 : 16),
      issues,
      counts,
      signal: hooks.signal,
      onProgress: hooks.onProgress,
    });
    run.setStatus(status);

    let metrics: RunFigures | undefined;
    if (status === 'done') metrics = scoreStoredRun(db, dataset, run, issues);
    return {
      run: name,
      status,
      providers: sessions.map((s) => ({
        card: s.loaded.card.name,
        provider: s.provider,
        attempts: s.attempts,
      })),
      targets: counts,
      seconds: (performance.now() - started) / 1000,
      metrics,
      issues: issues.summary(),
    };
  } finally {
    for (const s of sessions) await s.release().catch(() => undefined);
    db.close();
  }
}

/** The pipeline's cards in order, what they compute per (person or image), and their models. */
function loadPipeline(cards: readonly string[]) {
  const loaded = cards.map((f) => loadCard(resolve(f)));
  const bytes = loaded.map((l) => {
    try {
      return new Uint8Array(readFileSync(l.modelFile));
    } catch (err) {
      throw new ModelCardError(
        l.file,
        'model',
        `cannot read ${l.modelFile}: ${(err as Error).message}`,
      );
    }
  });
  return { loaded, mode: pipelineMode(loaded), bytes };
}

function checkSkeletons(loaded: readonly LoadedCard[], skeleton: string): void {
  for (const l of loaded) {
    // BlazePose cards keep their own 33 landmarks; the stage maps them onto the dataset's.
    if (MAPPING_FAMILIES.has(l.card.family)) continue;
    if (l.card.skeleton !== skeleton)
      throw new ModelCardError(
        l.file,
        'skeleton',
        `"${l.card.skeleton}" but the dataset's skeleton is "${skeleton}"`,
      );
  }
}

/** What made the run (cards, model hashes, boxes) and its name unless one was given. */
function runIdentity(
  loaded: readonly LoadedCard[],
  bytes: readonly Uint8Array[],
  boxes: BoxSource,
  runName: string | undefined,
) {
  const hasDetector = loaded.some((l) => l.card.family === 'blazepose-detector');
  const identity = {
    ...identityOf(loaded.map((l, i) => ({ loaded: l, bytes: bytes[i]! }))),
    // Which boxes fed the crops changes every prediction, so it is part of what made the run.
    ...(hasDetector && boxes !== 'auto' ? { boxes } : {}),
  };
  const name =
    runName ??
    loaded.map((l) => l.card.name).join('+') + (hasDetector && boxes !== 'auto' ? `@${boxes}` : '');
  return { identity, name };
}

/** A target's camera, or one assumed (focal length = longer image side), said once per image. */
function assumedIntrinsics(issues: CountingIssueLog): (s: TargetState) => Intrinsics {
  const assumed = new Set<number>();
  return (s) => {
    if (s.target.intrinsics) return s.target.intrinsics;
    if (!assumed.has(s.target.imageId)) {
      assumed.add(s.target.imageId);
      issues.report(
        'camera assumed',
        `${s.target.file}: no intrinsics; focal length = longer image side`,
      );
    }
    const f = Math.max(s.image.width, s.image.height);
    return { f: [f, f], c: [s.image.width / 2, s.image.height / 2] };
  };
}
