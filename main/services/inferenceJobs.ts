import type { EventName, EventPayload, InferenceJob, InferenceRequest } from '../../contract';
import { startInference, type InferJob } from '../inference/inferHost';
import type { InferRequest, RunProgress } from '../inference/runInference';
import { filteredImageIds } from '../store/frames/frameList';
import { runByName } from '../store/runs/inferenceResults';
import { listRuns } from '../store/runs/runList';
import type { OpenDataset, OpenDatasets } from './openDatasets';
import { planFromRequest, planFromRun, type JobPlan, type PlanContext } from './jobPlans';

/** Starts one inference job: on the bundled worker, or inline (tests stand in a failing GPU). */
export type JobRunner = (req: InferRequest, onProgress: (p: RunProgress) => void) => InferJob;

export interface InferenceJobsOptions extends PlanContext {
  readonly open: OpenDatasets;
  /** Resolves once the dataset's folder is wholly indexed (runs need every labelled person). */
  readonly whenIndexed: (root: string) => Promise<unknown>;
  readonly emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  readonly inferWorker?: string;
  readonly runner?: JobRunner;
  /** The settings file holding inference servers' credentials, for remote runs. */
  readonly settingsFile?: string;
}

interface Job {
  info: InferenceJob;
  readonly plan: JobPlan;
  readonly dataset: OpenDataset;
  handle?: InferJob;
  stopAsked: boolean;
}

/** Progress events at most this often per job; state changes are always sent. */
const PROGRESS_EVERY_MS = 200;

/**
 * The app's inference jobs: queued and run one at a time (two runs at once would fight for the
 * same cores and interleave their writes), each on the inference worker so the services keep
 * answering. Every change is pushed as an `inferenceJob` event; a finished, stopped or failed
 * run also sends `datasetChanged`, so the run list and figures refresh.
 */
export class InferenceJobs {
  private readonly jobs: Job[] = [];
  private nextId = 1;
  private active: Job | undefined;
  private readonly lastSent = new Map<number, number>();
  private readonly batchTold = new Set<number>();

  constructor(private readonly o: InferenceJobsOptions) {}

  list(): InferenceJob[] {
    return this.jobs.map((j) => j.info);
  }

  /** Queues a run of a named pipeline or card list over the frames asked for. */
  async start(req: InferenceRequest): Promise<InferenceJob> {
    const d = this.o.open.get(req.datasetId);
    const frames =
      req.frames.kind === 'all'
        ? null
        : req.frames.kind === 'images'
          ? [...new Set(req.frames.imageIds)]
          : filteredImageIds(d.reader, d.dbId, {
              datasetId: d.sessionId,
              sort: 'file',
              descending: false,
              runId: req.frames.runId,
              filter: req.frames.filter,
            });
    if (frames !== null && frames.length === 0)
      throw new Error('the current filter shows no frames; nothing to run on');
    const plan = await planFromRequest(this.o, d, req, frames, (name) => this.nameTaken(d, name));
    return this.enqueue(d, plan);
  }

  /** Resumes a stopped or crashed run as it was asked for, or starts it over (`rerun`). */
  resume(datasetId: number, runId: number, rerun: boolean): InferenceJob {
    const d = this.o.open.get(datasetId);
    if (this.busy(datasetId, runId))
      throw new Error('this run is already queued or running; stop it first');
    const run = listRuns(d.reader, d.dbId).find((r) => r.id === runId);
    if (!run) throw new Error(`no run ${runId} in dataset ${d.name}`);
    return this.enqueue(d, planFromRun(this.o, d, run, rerun));
  }

  /** Stops a job after the batch in flight (a queued one never starts); the run stays resumable. */
  stop(jobId: number): InferenceJob {
    const job = this.jobs.find((j) => j.info.id === jobId);
    if (!job) throw new Error(`no inference job ${jobId}`);
    if (job.info.state === 'queued') {
      this.update(job, { state: 'stopped', stage: 'stopped before it started' });
    } else if (job.info.state === 'running') {
      job.stopAsked = true;
      job.handle?.cancel();
      this.update(job, { state: 'stopping', stage: 'finishing the batch in flight' });
    }
    return job.info;
  }

  /** Whether a job queued or running writes this run (it cannot be renamed or deleted then). */
  busy(datasetId: number, runId: number): boolean {
    return this.jobs.some(
      (j) =>
        j.info.datasetId === datasetId &&
        (j.info.runId === runId || this.runIdOf(j) === runId) &&
        (j.info.state === 'queued' || j.info.state === 'running' || j.info.state === 'stopping'),
    );
  }

  /** Stops what runs (the batch in flight is dropped; the run resumes next time). */
  close(): void {
    for (const j of this.jobs) if (j.info.state === 'queued') j.info.state = 'stopped';
    this.active?.handle?.cancel();
  }

  private nameTaken(d: OpenDataset, name: string): boolean {
    return (
      runByName(d.reader, d.dbId, name) !== undefined ||
      this.jobs.some(
        (j) =>
          j.info.datasetId === d.sessionId && j.info.runName === name && j.info.state !== 'failed',
      )
    );
  }

  private runIdOf(j: Job): number | null {
    return runByName(j.dataset.reader, j.dataset.dbId, j.info.runName)?.id ?? null;
  }

  private enqueue(d: OpenDataset, plan: JobPlan): InferenceJob {
    const job: Job = {
      plan,
      dataset: d,
      stopAsked: false,
      info: {
        id: this.nextId++,
        datasetId: d.sessionId,
        runName: plan.runName,
        runId: plan.runId,
        state: 'queued',
        stage: this.active ? 'waiting for the run before it' : 'starting',
        done: 0,
        total: 0,
        perSecond: 0,
        etaSeconds: null,
        providers: [],
        frames: plan.imageIds?.length ?? null,
        error: null,
        issues: [],
        startedAt: new Date().toISOString(),
      },
    };
    this.jobs.push(job);
    this.send(job);
    const queued = job.info;
    this.pump();
    return queued;
  }

  private pump(): void {
    if (this.active) return;
    const next = this.jobs.find((j) => j.info.state === 'queued');
    if (!next) return;
    this.active = next;
    void this.run(next).finally(() => {
      this.active = undefined;
      this.pump();
    });
  }

  private async run(job: Job): Promise<void> {
    this.update(job, { state: 'running', stage: 'waiting for indexing to finish' });
    try {
      await this.o.whenIndexed(job.dataset.root);
      if (job.stopAsked) return this.update(job, { state: 'stopped', stage: 'stopped' });
      const runner =
        this.o.runner ?? ((req, onProgress) => startInference(this.o.inferWorker, req, onProgress));
      job.handle = runner(
        {
          ...job.plan.request,
          dbFile: job.dataset.dbFile,
          dataset: job.dataset.root,
          ...(this.o.settingsFile ? { settingsFile: this.o.settingsFile } : {}),
        },
        (p) => this.progress(job, p),
      );
      // A stop asked while the worker was starting.
      if (job.stopAsked) job.handle.cancel();
      const r = await job.handle.result;
      this.update(job, {
        state: r.status === 'done' ? 'done' : 'stopped',
        stage: r.status === 'done' ? 'scored' : 'stopped; resume to finish',
        runId: r.runId,
        runName: r.run,
        done: r.targets.computed + r.targets.resumed + r.targets.failed,
        total: r.targets.total,
        etaSeconds: null,
        providers: providersOf(r.providers),
        issues: r.issues.map((i) => ({ ...i, examples: [...i.examples] })),
      });
    } catch (err) {
      this.update(job, {
        state: 'failed',
        stage: 'failed',
        error: err instanceof Error ? err.message : String(err),
        etaSeconds: null,
      });
    }
    this.o.emit('datasetChanged', { datasetId: job.info.datasetId });
  }

  private progress(job: Job, p: RunProgress): void {
    const first = job.info.runId === null && p.runId !== null;
    job.info = {
      ...job.info,
      ...(job.info.state === 'running' || job.info.state === 'stopping'
        ? {}
        : { state: 'running' as const }),
      stage: job.info.state === 'stopping' ? job.info.stage : p.stage,
      runName: p.run,
      runId: p.runId,
      done: p.done,
      total: p.total,
      perSecond: p.perSecond,
      etaSeconds: p.etaSeconds,
      providers: providersOf(p.providers),
    };
    const now = performance.now();
    const last = this.lastSent.get(job.info.id) ?? -Infinity;
    // The first saved batch is always told (the bar moves at once), later ones at most 5 a second.
    const firstBatch =
      p.stage === 'inferring' && !this.batchTold.has(job.info.id) && p.perSecond > 0;
    if (firstBatch) this.batchTold.add(job.info.id);
    if (first || firstBatch || p.stage !== 'inferring' || now - last >= PROGRESS_EVERY_MS)
      this.send(job);
    // The run's row exists from here: the run list shows it as running.
    if (first) this.o.emit('datasetChanged', { datasetId: job.info.datasetId });
  }

  private update(job: Job, patch: Partial<InferenceJob>): void {
    job.info = { ...job.info, ...patch };
    this.send(job);
  }

  private send(job: Job): void {
    this.lastSent.set(job.info.id, performance.now());
    this.o.emit('inferenceJob', job.info);
  }
}

function providersOf(list: RunProgress['providers']): InferenceJob['providers'] {
  return list.map((p) => ({
    card: p.card,
    provider: p.provider,
    fellBack: p.attempts
      .filter((a) => a.error !== undefined)
      .map((a) => ({ provider: a.provider, error: a.error! })),
  }));
}
