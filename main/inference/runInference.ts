import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getSkeleton, type Intrinsics } from '../../core';
import type { RunFigures } from '../eval/scoreRun';
import { CountingIssueLog, type IssueSummary } from '../indexer/issueLog';
import { openIndex } from '../store/openIndex';
import { predictionsOf } from './finalise';
import { decodeImage, type DecodedImage } from './imageTensor';
import { identityOf, InferenceRun, scoreStoredRun, type DatasetRow } from './inferenceRun';
import { loadCard, MAPPING_FAMILIES, ModelCardError } from './modelCard';
import { ModelSession, type Fetches, type ProviderAttempt } from './modelSession';
import { providerPlan } from './providers';
import { pipelineMode } from './pipelineMode';
import { openInWorker } from './sessionWorker';
import { FloatPool } from './floatPool';
import { buildFeeds, decodeStage } from './stages';
import type { BoxSource, Target, TargetState } from './stageTypes';
import { countTargets, targetsOf } from './targets';

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

export interface InferProgress {
  readonly done: number;
  readonly total: number;
  readonly perSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  readonly etaSeconds: number | null;
}

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
  const loaded = req.cards.map((f) => loadCard(resolve(f)));
  const mode = pipelineMode(loaded);
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
  const db = openIndex(req.dbFile);
  const sessions: ModelSession[] = [];
  try {
    const dataset = db
      .prepare('SELECT id, root, format, skeleton FROM datasets WHERE root = ?')
      .get(resolve(req.dataset)) as DatasetRow | undefined;
    if (!dataset)
      throw new Error(`${req.dataset} is not indexed in ${req.dbFile}; run posescope index first`);
    const skeleton = getSkeleton(dataset.skeleton);
    for (const l of loaded) {
      // BlazePose cards keep their own 33 landmarks; the stage maps them onto the dataset's.
      if (MAPPING_FAMILIES.has(l.card.family)) continue;
      if (l.card.skeleton !== skeleton.id)
        throw new ModelCardError(
          l.file,
          'skeleton',
          `"${l.card.skeleton}" but the dataset's skeleton is "${skeleton.id}"`,
        );
    }
    const plan = providerPlan(req.provider);
    for (const [i, l] of loaded.entries())
      sessions.push(await ModelSession.open(l, bytes[i]!, plan, openInWorker));

    const hasDetector = loaded.some((l) => l.card.family === 'blazepose-detector');
    const boxes = req.boxes ?? 'auto';
    const identity = {
      ...identityOf(loaded.map((l, i) => ({ loaded: l, bytes: bytes[i]! }))),
      // Which boxes fed the crops changes every prediction, so it is part of what made the run.
      ...(hasDetector && boxes !== 'auto' ? { boxes } : {}),
    };
    const name =
      req.runName ??
      loaded.map((l) => l.card.name).join('+') +
        (hasDetector && boxes !== 'auto' ? `@${boxes}` : '');
    const run = InferenceRun.open(db, dataset, name, identity, req.rerun ?? false);
    const issues = new CountingIssueLog();
    const total = countTargets(db, dataset.id, mode);
    const counts = { total, computed: 0, resumed: run.done.size, failed: 0 };
    const images = new ImageCache();
    const assumed = new Set<number>();
    const intrinsicsOf = (s: TargetState): Intrinsics => {
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
    const ctx = { skeleton, intrinsicsOf, floats: new FloatPool(), boxes };

    const batchSize = req.batchSize ?? (mode === 'image' ? 4 : 16);
    const pending = targetsOf(db, dataset, mode);
    // Collected whole per batch: SQLite refuses writes while a read of the same connection steps.
    const nextBatch = (): Target[] => {
      const batch: Target[] = [];
      while (batch.length < batchSize) {
        const r = pending.next();
        if (r.done) break;
        if (!run.done.has(r.value.key)) batch.push(r.value);
      }
      return batch;
    };
    // A batch is prepared ahead: images decoded and the first model's crops built while the
    // batch before it runs (sharp on libuv threads, this thread free: sessions run on
    // workers). Its first model starts as soon as the batch before it leaves the last model,
    // so the model keeps running while that batch is decoded and stored.
    const prepare = async (batch: Target[]) => {
      const all = await Promise.all(batch.map((t) => stateOf(t, images, issues)));
      const live = all.filter((s): s is TargetState => s !== undefined);
      return {
        failed: all.length - live.length,
        live,
        first: await buildFeeds(sessions[0]!, live, ctx),
      };
    };
    const startFirst = (p: ReturnType<typeof prepare>) => {
      const fetches = p.then((q) =>
        q.first.live.length > 0 ? sessions[0]!.run(q.first.feeds) : undefined,
      );
      // Awaited with its batch; until then a failure must not count as unhandled.
      fetches.catch(() => undefined);
      return fetches;
    };

    let status: 'done' | 'cancelled' = 'done';
    let batch: Target[] = [];
    let prepared: ReturnType<typeof prepare> | undefined;
    // The first model's outputs for `batch`, when it was started early.
    let firstRun: Promise<Fetches | undefined> | undefined;
    try {
      batch = nextBatch();
      prepared = prepare(batch);
      const runStarted = performance.now();
      while (batch.length > 0) {
        if (hooks.signal?.aborted) {
          status = 'cancelled';
          break;
        }
        const { live, failed, first } = await prepared;
        const following = nextBatch();
        prepared = prepare(following);
        let nextRun: typeof firstRun;
        for (const [i, session] of sessions.entries()) {
          const feeds = i === 0 ? first : await buildFeeds(session, live, ctx);
          if (feeds.live.length === 0) continue;
          const early = i === 0 ? await firstRun : undefined;
          const fetches = early ?? (await session.run(feeds.feeds));
          if (i === sessions.length - 1 && following.length > 0) nextRun = startFirst(prepared);
          decodeStage(session, feeds, fetches, ctx);
          ctx.floats.give(feeds);
        }
        firstRun = nextRun;
        const finished = live.map((s) => {
          if (s.error !== undefined)
            issues.report(
              'no prediction for target',
              `${s.target.file} (${s.target.key}): ${s.error}`,
            );
          return {
            key: s.target.key,
            imageId: s.target.imageId,
            instanceId: s.target.instanceId,
            predictions: predictionsOf(s, skeleton, intrinsicsOf(s)),
            artifacts: s.artifacts,
          };
        });
        run.save(finished);
        counts.computed += finished.length;
        counts.failed += failed;
        const elapsed = (performance.now() - runStarted) / 1000;
        const perSecond = counts.computed / Math.max(elapsed, 1e-9);
        const left = total - counts.resumed - counts.computed - counts.failed;
        hooks.onProgress?.({
          done: total - left,
          total,
          perSecond,
          etaSeconds: perSecond > 0 ? left / perSecond : null,
        });
        batch = following;
      }
      await prepared;
      // A batch started before a cancel is dropped; it is recomputed on resume.
      await firstRun?.catch(() => undefined);
    } catch (err) {
      // What finished is saved; the same command resumes from there.
      run.setStatus('failed');
      await prepared?.catch(() => undefined);
      await firstRun?.catch(() => undefined);
      throw err;
    }
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

async function stateOf(
  t: Target,
  images: ImageCache,
  issues: CountingIssueLog,
): Promise<TargetState | undefined> {
  let image: DecodedImage;
  try {
    image = await images.get(t.file);
  } catch (err) {
    issues.report('image not readable', (err as Error).message);
    return undefined;
  }
  return { target: t, image, box: t.bbox ?? [0, 0, image.width, image.height], artifacts: [] };
}

/** The last few decoded images: a frame's people come one after another. */
class ImageCache {
  private readonly entries = new Map<string, Promise<DecodedImage>>();
  get(file: string): Promise<DecodedImage> {
    let p = this.entries.get(file);
    if (!p) {
      p = decodeImage(file);
      this.entries.set(file, p);
      if (this.entries.size > 8) this.entries.delete(this.entries.keys().next().value!);
    }
    return p;
  }
}
