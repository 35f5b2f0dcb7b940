import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getSkeleton, type Intrinsics } from '../../core';
import type { RunFigures } from '../eval/scoreRun';
import { CountingIssueLog, type IssueSummary } from '../datasets/issueLog';
import { openIndex } from '../store/db/openIndex';
import { identityOf, InferenceRun, scoreStoredRun } from './inferenceRun';
import { datasetByRoot } from '../store/datasets/datasets';
import { loadCard, MAPPING_FAMILIES, ModelCardError, type LoadedCard } from './modelCard';
import { ModelSession, type ProviderAttempt, type SessionFactory } from './modelSession';
import { providerPlan } from './providers';
import { pipelineMode } from './pipelineMode';
import { openInWorker } from './sessionWorker';
import { FloatPool } from './floatPool';
import { cropperFor } from './cpuCropper';
import { linkRemote, type RemoteLink, type RemoteRequest } from './remote/remoteFactory';
import { readRemoteSettings } from './remote/remoteSettings';
import { userSettingsFile } from '../platform/userDataDir';
import type { Cropper } from './graphCropper';
import { runLanes, type BatchContext } from './batchLoop';
import type { BoxSource, TargetState } from './stageTypes';
import { targetsOf } from './targets';
import { countTargets } from '../store/labels/labelLists';
import { runScope } from '../store/runs/inferenceResults';

export interface InferRequest {
  readonly dbFile: string;
  /** An indexed dataset folder. */
  readonly dataset: string;
  /** Card files, in pipeline order. */
  readonly cards: readonly string[];
  /** The named pipeline the cards come from: the run's default name, and kept with the run. */
  readonly pipeline?: string;
  readonly runName?: string;
  /** 'auto' (default) or one provider name. */
  readonly provider?: string;
  readonly batchSize?: number;
  /** Start the run over: drop its finished results. */
  readonly rerun?: boolean;
  /** Person boxes for pipelines with a detector (see StageContext.boxes); `auto` by default. */
  readonly boxes?: BoxSource;
  /** Only these frames (image ids); the whole dataset when absent. */
  readonly imageIds?: readonly number[];
  /** Run the models on inference servers instead of here (remote/remoteFactory.ts). */
  readonly remote?: RemoteRequest;
  /** The settings file holding servers' credentials (the user's by default). */
  readonly settingsFile?: string;
  /**
   * Where POSESCOPE_REMOTE_TOKEN may go: to any server (the CLI, whose user names them) or
   * only to servers the settings file lists (the app, whose servers a page may name; default).
   */
  readonly remoteEnvToken?: 'any' | 'listed';
}

import type { InferProgress } from './batchLoop';

/** A card's session: the provider it runs on and every provider tried. */
export interface ProviderUse {
  readonly card: string;
  readonly provider: string;
  readonly attempts: readonly ProviderAttempt[];
}

/** Progress as a caller sees it: the batch loop's, with the run and the providers in use. */
export type RunProgress = InferProgress & {
  readonly run: string;
  readonly runId: number | null;
  readonly providers: readonly ProviderUse[];
};

export type { InferProgress };

export interface InferResult {
  readonly run: string;
  readonly runId: number;
  readonly status: 'done' | 'cancelled';
  readonly providers: readonly ProviderUse[];
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
  hooks: {
    signal?: AbortSignal;
    onProgress?: (p: RunProgress) => void;
    /** Opens a model's session (a worker thread per model; tests count or fail its runs). */
    createSession?: SessionFactory;
  } = {},
): Promise<InferResult> {
  const started = performance.now();
  const { loaded, mode, bytes } = loadPipeline(req.cards);
  const boxes = req.boxes ?? 'auto';
  const { identity, name } = runIdentity(loaded, bytes, boxes, req.runName, req.pipeline);
  const db = openIndex(req.dbFile);
  const sessions: ModelSession[] = [];
  let cropper: Cropper | undefined;
  let link: RemoteLink | undefined;
  const providers = (): ProviderUse[] =>
    sessions.map((s) => ({
      card: s.loaded.card.name,
      provider: s.provider,
      attempts: [...s.attempts],
    }));
  let runId: number | null = null;
  const report = (p: InferProgress) =>
    hooks.onProgress?.({ ...p, run: name, runId, providers: providers() });
  try {
    const dataset = datasetByRoot(db, resolve(req.dataset));
    if (!dataset)
      throw new Error(`${req.dataset} is not indexed in ${req.dbFile}; run posescope index first`);
    const skeleton = getSkeleton(dataset.skeleton);
    checkSkeletons(loaded, skeleton.id);
    const scope = req.imageIds ? [...new Set(req.imageIds)] : null;
    report({ stage: 'loading models', done: 0, total: 0, perSecond: 0, etaSeconds: null });
    const plan = providerPlan(req.provider);
    const issues = new CountingIssueLog();
    link =
      req.remote &&
      linkRemote(req.remote, loaded, readRemoteSettings(req.settingsFile ?? userSettingsFile()), {
        onLost: (url, reason) => issues.report('server left out', `${url}: ${reason}`),
        envAnywhere: req.remoteEnvToken === 'any',
      });
    for (const [i, l] of loaded.entries())
      sessions.push(
        link
          ? await ModelSession.open(l, bytes[i]!, ['remote'], link.factories[i]!)
          : await ModelSession.open(l, bytes[i]!, plan, hooks.createSession ?? openInWorker),
      );

    const run = InferenceRun.open(db, dataset, name, identity, req.rerun ?? false, {
      request: storedRequest(req, boxes),
      scope,
    });
    runId = run.id;
    // The frames the run covers now: a resumed run keeps what it was asked for before.
    const covered = runScope(db, run.id);
    const total = countTargets(db, dataset.id, mode, covered);
    const counts = { total, computed: 0, resumed: run.done.size, failed: 0 };
    const intrinsicsOf = assumedIntrinsics(issues);
    cropper = cropperFor(
      sessions.map((s) => s.provider),
      plan,
      hooks.createSession ?? openInWorker,
    );
    const ctx: BatchContext = {
      skeleton,
      intrinsicsOf,
      cropper,
      floats: new FloatPool(),
      boxes,
    };
    report({ stage: 'inferring', done: counts.resumed, total, perSecond: 0, etaSeconds: null });

    const status = await runLanes(
      {
        sessions,
        ctx,
        run,
        pending: targetsOf(db, dataset, mode, covered ? new Set(covered) : null),
        batchSize: req.batchSize ?? (mode === 'image' ? 4 : 16),
        issues,
        counts,
        signal: hooks.signal,
        onProgress: report,
        pauseMs: batchPause(),
      },
      link?.lanes() ?? 1,
    );
    run.setStatus(status);

    let metrics: RunFigures | undefined;
    if (status === 'done') {
      report({ stage: 'scoring', done: total, total, perSecond: 0, etaSeconds: null });
      metrics = scoreStoredRun(db, dataset, run, issues);
    }
    return {
      run: name,
      runId: run.id,
      status,
      providers: providers(),
      targets: counts,
      seconds: (performance.now() - started) / 1000,
      metrics,
      issues: issues.summary(),
    };
  } finally {
    for (const s of sessions) await s.release().catch(() => undefined);
    await cropper?.release();
    await link?.close();
    db.close();
  }
}

/**
 * POSESCOPE_BATCH_PAUSE_MS: a pause after each saved batch, so a run over a small set lasts
 * long enough to be watched and stopped by hand (demos, the end-to-end tests); 0 by default.
 */
function batchPause(): number {
  const ms = Number(process.env.POSESCOPE_BATCH_PAUSE_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 60_000) : 0;
}

/** What a run keeps of its request, so the app can resume it or start it over as asked. */
function storedRequest(req: InferRequest, boxes: BoxSource): object {
  return {
    cards: req.cards.map((c) => resolve(c)),
    ...(req.pipeline ? { pipeline: req.pipeline } : {}),
    boxes,
    provider: req.provider ?? 'auto',
    ...(req.batchSize ? { batchSize: req.batchSize } : {}),
    // Where it ran, never how it authenticated (settings and environment hold that).
    ...(req.remote ? { remote: req.remote } : {}),
  };
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

/** Refuses cards made for another skeleton than the dataset's (mapping families excepted). */
export function checkSkeletons(loaded: readonly LoadedCard[], skeleton: string): void {
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
  pipeline: string | undefined,
) {
  const hasDetector = loaded.some((l) => l.card.family === 'blazepose-detector');
  const identity = {
    ...identityOf(loaded.map((l, i) => ({ loaded: l, bytes: bytes[i]! }))),
    // Which boxes fed the crops changes every prediction, so it is part of what made the run.
    ...(hasDetector && boxes !== 'auto' ? { boxes } : {}),
  };
  return { identity, name: runName ?? defaultRunName(loaded, pipeline, boxes) };
}

/**
 * A run's name unless one is given. Short: the joined card names of a three-model pipeline wrap
 * table headers and misalign the Compare panes; the pipeline's name, or the first card's with a
 * count, does not. Boxes other than `auto` feed a detector pipeline different crops: named too.
 */
export function defaultRunName(
  loaded: readonly LoadedCard[],
  pipeline: string | undefined,
  boxes: BoxSource,
): string {
  const hasDetector = loaded.some((l) => l.card.family === 'blazepose-detector');
  const first = loaded[0]!.card.name;
  const base = pipeline ?? (loaded.length === 1 ? first : `${first}+${loaded.length - 1}`);
  return base + (hasDetector && boxes !== 'auto' ? `@${boxes}` : '');
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
