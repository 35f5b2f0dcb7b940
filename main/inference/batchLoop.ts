import type { CountingIssueLog } from '../datasets/issueLog';
import { predictionsOf } from './finalise';
import type { FloatPool } from './floatPool';
import { decodeImage, type DecodedImage } from './imageTensor';
import type { InferenceRun } from './inferenceRun';
import type { Fetches, ModelSession } from './modelSession';
import { buildFeeds, decodeStage } from './stages';
import type { BoxSource, StageContext, Target, TargetState } from './stageTypes';

export interface InferProgress {
  /** What the run is doing: opening its models, inferring, scoring. */
  readonly stage: 'loading models' | 'inferring' | 'scoring';
  readonly done: number;
  readonly total: number;
  readonly perSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  readonly etaSeconds: number | null;
}

/** The stage context of a run: its float pool and box source are always set. */
export type BatchContext = StageContext & { readonly floats: FloatPool; readonly boxes: BoxSource };

export interface BatchRun {
  readonly sessions: readonly ModelSession[];
  readonly ctx: BatchContext;
  readonly run: InferenceRun;
  /** The dataset's targets in order; those the run finished before are skipped. */
  readonly pending: Iterator<Target>;
  readonly batchSize: number;
  readonly issues: CountingIssueLog;
  /** Updated as batches are saved. */
  readonly counts: { total: number; computed: number; resumed: number; failed: number };
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: InferProgress) => void;
  /** Milliseconds to wait after each saved batch (POSESCOPE_BATCH_PAUSE_MS). */
  readonly pauseMs?: number;
  /** When the run started (performance.now()), for its rate; when this loop started if absent. */
  readonly startedAt?: number;
}

/**
 * Runs `lanes` batch loops side by side over the same targets, counts and run: several batches
 * in flight, for models served remotely, where a batch spends most of its time on the network
 * and another server. One lane is the plain loop. A lane that fails stops the others after
 * their batch in flight (everything finished stays saved) and its error is rethrown.
 */
export async function runLanes(o: BatchRun, lanes: number): Promise<'done' | 'cancelled'> {
  if (lanes <= 1) return runBatches(o);
  const stop = new AbortController();
  const forward = () => stop.abort();
  o.signal?.addEventListener('abort', forward);
  if (o.signal?.aborted) stop.abort();
  const startedAt = performance.now();
  let failure: { error: unknown } | undefined;
  try {
    const ends = await Promise.all(
      Array.from({ length: lanes }, () =>
        runBatches({ ...o, signal: stop.signal, startedAt }).catch((error: unknown) => {
          failure ??= { error };
          stop.abort();
          return 'failed' as const;
        }),
      ),
    );
    if (failure) {
      o.run.setStatus('failed');
      throw failure.error;
    }
    return ends.includes('cancelled') ? 'cancelled' : 'done';
  } finally {
    o.signal?.removeEventListener('abort', forward);
  }
}

/**
 * Runs the pipeline batch by batch, saving each finished batch; whether it ran to the end or
 * was cancelled. On a failure the run is marked failed (what finished stays saved) and the
 * error rethrown.
 */
export async function runBatches(o: BatchRun): Promise<'done' | 'cancelled'> {
  const { sessions, ctx, run, pending, batchSize, issues, counts } = o;
  const total = counts.total;
  const images = new ImageCache();
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
  type Prepared = Awaited<ReturnType<typeof prepare>>;
  // The prepared batch as soon as it is ready, so its first model can be posted to its worker
  // synchronously: a `then` callback would wait for this thread's next await, i.e. until the
  // batch before is decoded and saved, and the model would sit idle for that long.
  interface Tracked {
    readonly p: Promise<Prepared>;
    value?: Prepared;
  }
  const track = (p: Promise<Prepared>) => {
    const t: Tracked = { p };
    p.then(
      (v) => (t.value = v),
      () => undefined,
    );
    return t;
  };
  const runFirst = (q: Prepared) =>
    q.first.live.length > 0 ? sessions[0]!.run(q.first.feeds) : undefined;
  const startFirst = (t: Tracked) => {
    const fetches = t.value ? Promise.resolve(runFirst(t.value)) : t.p.then(runFirst);
    // Awaited with its batch; until then a failure must not count as unhandled.
    fetches.catch(() => undefined);
    return fetches;
  };

  let status: 'done' | 'cancelled' = 'done';
  let batch = nextBatch();
  let prepared: Tracked | undefined;
  // The first model's outputs for `batch`, when it was started early.
  let firstRun: Promise<Fetches | undefined> | undefined;
  try {
    prepared = track(prepare(batch));
    const runStarted = o.startedAt ?? performance.now();
    while (batch.length > 0) {
      // A stop lets the batch in flight finish (its first model may already be running), so
      // nothing computed is thrown away and recomputed on resume.
      if (o.signal?.aborted && !firstRun) {
        status = 'cancelled';
        break;
      }
      const { live, failed, first } = await prepared.p;
      const following = nextBatch();
      prepared = track(prepare(following));
      let nextRun: typeof firstRun;
      for (const [i, session] of sessions.entries()) {
        const feeds = i === 0 ? first : await buildFeeds(session, live, ctx);
        if (feeds.live.length === 0) continue;
        const early = i === 0 ? await firstRun : undefined;
        const fetches = early ?? (await session.run(feeds.feeds));
        if (i === sessions.length - 1 && following.length > 0 && !o.signal?.aborted)
          nextRun = startFirst(prepared);
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
          predictions: predictionsOf(s, ctx.skeleton, ctx.intrinsicsOf(s)),
          artifacts: s.artifacts,
        };
      });
      run.save(finished);
      counts.computed += finished.length;
      counts.failed += failed;
      const elapsed = (performance.now() - runStarted) / 1000;
      const perSecond = counts.computed / Math.max(elapsed, 1e-9);
      const left = total - counts.resumed - counts.computed - counts.failed;
      o.onProgress?.({
        stage: 'inferring',
        done: total - left,
        total,
        perSecond,
        etaSeconds: perSecond > 0 ? left / perSecond : null,
      });
      batch = following;
      if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
    }
    await prepared.p;
  } catch (err) {
    // What finished is saved; the same command resumes from there.
    run.setStatus('failed');
    await prepared?.p.catch(() => undefined);
    await firstRun?.catch(() => undefined);
    throw err;
  }
  return status;
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
