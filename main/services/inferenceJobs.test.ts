import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo, EventName, InferenceJob } from '../../contract';
import { cards, dataset, models } from '../inference/inferTestKit';
import type { SessionFactory } from '../inference/modelSession';
import type { Provider } from '../inference/providers';
import { runInference } from '../inference/runInference';
import { openInWorker } from '../inference/sessionWorker';
import { inlineBackend, type ServiceBackend } from './backend';
import type { JobRunner } from './inferenceJobs';

// The app's inference jobs through the real services: the contract's calls and events, the
// runs they write into the index, stop and resume, a provider that dies mid-run, the queue.

const user = mkdtempSync(join(tmpdir(), 'posescope-jobs-'));
afterAll(() => rmSync(user, { recursive: true, force: true }));

let sessionRuns = 0;
/** Whether the stand-in GPU loses its device after its first batch. */
let gpuDies = false;
const counting: SessionFactory = async (bytes, provider: Provider) => {
  if (provider !== 'cpu' && !gpuDies) throw new Error(`${provider} is not installed here`);
  const real = await openInWorker(bytes, 'cpu');
  const run = real.run.bind(real);
  let runs = 0;
  return Object.assign(real, {
    run: (feeds: ort.InferenceSession.FeedsType) => {
      // Model runs only: the crop graph (input "pixels") runs once per image besides.
      if (!real.inputNames.includes('pixels')) sessionRuns++;
      if (provider !== 'cpu' && ++runs > 1)
        return Promise.reject(new Error('CUDA error: device lost'));
      return run(feeds);
    },
  }) as ort.InferenceSession;
};
/** Inline, with sessions whose runs are counted (and a GPU that can fail). */
const runner: JobRunner = (req, onProgress) => {
  const abort = new AbortController();
  return {
    result: runInference(req, { signal: abort.signal, onProgress, createSession: counting }),
    cancel: () => abort.abort(),
  };
};

let backend: ServiceBackend;
let info: DatasetInfo;
const events: { event: EventName; payload: unknown }[] = [];

async function call<T>(name: string, args: unknown): Promise<T> {
  const r = await backend.call(name, args);
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}

/** Resolves with the job's first event in one of `states`. */
function waitFor(jobId: number, ...states: InferenceJob['state'][]): Promise<InferenceJob> {
  return new Promise((resolve) => {
    const stop = backend.onEvent((event, payload) => {
      const j = payload as InferenceJob;
      if (event === 'inferenceJob' && j.id === jobId && states.includes(j.state)) {
        stop();
        resolve(j);
      }
    });
  });
}

const jobEvents = (jobId: number) =>
  events
    .filter((e) => e.event === 'inferenceJob' && (e.payload as InferenceJob).id === jobId)
    .map((e) => e.payload as InferenceJob);

const runOf = async (name: string) =>
  (await call<DatasetInfo>('datasetInfo', { datasetId: info.id })).runs.find(
    (r) => r.name === name,
  );

beforeAll(async () => {
  backend = inlineBackend({
    version: '1',
    // The kit's cards sit in <tmp>/models: that folder is the app's own models/ here.
    appRoot: dirname(models),
    shell: 'browser',
    userDir: user,
    indexDir: join(user, 'indexes'),
    inferRunner: runner,
    log: () => undefined,
  });
  backend.onEvent((event, payload) => events.push({ event, payload }));
  info = await call<DatasetInfo>('openDataset', { path: dataset });
});
afterAll(() => backend.close());

describe('inference jobs from the app', () => {
  it('runs a card on chosen frames, scores it on those frames only and lists the run', async () => {
    const frame = await call<{ rows: { imageId: number; people: number }[] }>('listFrames', {
      datasetId: info.id,
      limit: 1,
    });
    const [first] = frame.rows;
    const job = await call<InferenceJob>('startInference', {
      datasetId: info.id,
      cards: ['hm'],
      frames: { kind: 'images', imageIds: [first!.imageId] },
    });
    expect(job).toMatchObject({ runName: 'hm', state: 'queued', frames: 1 });
    const done = await waitFor(job.id, 'done', 'failed');
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', total: first!.people, done: first!.people });
    const states = jobEvents(job.id).map((j) => j.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(jobEvents(job.id).map((j) => j.stage)).toEqual(
      expect.arrayContaining(['loading models', 'inferring', 'scoring']),
    );
    const run = await runOf('hm');
    expect(run).toMatchObject({ kind: 'inference', status: 'done', frames: 1, resumable: true });
    // Scored on the frame it ran on: the other frames' people are not counted as missed.
    expect(run!.summary).toMatchObject({ instances: first!.people, matched: first!.people });
    expect(events.some((e) => e.event === 'datasetChanged')).toBe(true);
  });

  it('names a second run of the same card apart instead of resuming the first', async () => {
    const job = await call<InferenceJob>('startInference', { datasetId: info.id, cards: ['hm'] });
    expect(job.runName).toBe('hm-2');
    await waitFor(job.id, 'done', 'failed');
    expect((await runOf('hm-2'))?.frames).toBeNull();
  });

  it('stops after the batch in flight and resumes without computing anyone twice', async () => {
    sessionRuns = 0;
    const job = await call<InferenceJob>('startInference', {
      datasetId: info.id,
      cards: [cards.hm!],
      runName: 'stop-resume',
      batchSize: 1,
    });
    // Stop as soon as the first person is saved.
    await new Promise<void>((resolve) => {
      const off = backend.onEvent((event, payload) => {
        const j = payload as InferenceJob;
        if (event === 'inferenceJob' && j.id === job.id && j.stage === 'inferring' && j.done > 0) {
          off();
          void call('stopInference', { jobId: job.id }).then(() => resolve());
        }
      });
    });
    const stopped = await waitFor(job.id, 'stopped', 'done', 'failed');
    expect(stopped.state).toBe('stopped');
    expect(stopped.done).toBeLessThan(stopped.total);
    const run = await runOf('stop-resume');
    expect(run).toMatchObject({ status: 'cancelled', resumable: true, predictions: 0 });
    const resumed = await call<InferenceJob>('resumeRun', {
      datasetId: info.id,
      runId: run!.id,
    });
    const done = await waitFor(resumed.id, 'done', 'failed');
    expect(done.state).toBe('done');
    // One session run per person (batch size 1), over the stop and the resume together.
    expect(sessionRuns).toBe(done.total);
    expect((await runOf('stop-resume'))?.status).toBe('done');
    // A finished run is not resumed, only started over.
    await expect(call('resumeRun', { datasetId: info.id, runId: run!.id })).rejects.toThrow(
      'run "stop-resume" is finished; Re-run starts it over',
    );
  });

  it('falls back when the provider dies mid-run, and says so in the job', async () => {
    gpuDies = true;
    try {
      const job = await call<InferenceJob>('startInference', {
        datasetId: info.id,
        cards: ['hm'],
        provider: 'cuda',
        batchSize: 1,
        runName: 'fallback',
      });
      const done = await waitFor(job.id, 'done', 'failed');
      expect(done.state).toBe('done');
      expect(done.providers).toEqual([
        {
          card: 'hm',
          provider: 'cpu',
          fellBack: [{ provider: 'cuda', error: 'run failed: CUDA error: device lost' }],
        },
      ]);
    } finally {
      gpuDies = false;
    }
  });

  it('queues a second run until the first is done, never interleaving them', async () => {
    const a = await call<InferenceJob>('startInference', {
      datasetId: info.id,
      cards: ['hm'],
      runName: 'queue-a',
      batchSize: 1,
    });
    const b = await call<InferenceJob>('startInference', {
      datasetId: info.id,
      cards: ['bins'],
      runName: 'queue-b',
    });
    expect(b.state).toBe('queued');
    await waitFor(b.id, 'done', 'failed');
    const order = events
      .filter((e) => e.event === 'inferenceJob')
      .map((e) => e.payload as InferenceJob)
      .filter((j) => j.id === a.id || j.id === b.id);
    const aDone = order.findIndex((j) => j.id === a.id && j.state === 'done');
    const bRunning = order.findIndex((j) => j.id === b.id && j.state === 'running');
    expect(aDone).toBeGreaterThanOrEqual(0);
    expect(bRunning).toBeGreaterThan(aDone);
  });

  it('refuses what it cannot run, with the reason', async () => {
    await expect(
      call('startInference', { datasetId: info.id, cards: ['/etc/passwd.json'] }),
    ).rejects.toThrow(/is outside the model folders/);
    await expect(
      call('startInference', { datasetId: info.id, pipeline: 'no-such-pipeline' }),
    ).rejects.toThrow('no pipeline named "no-such-pipeline"');
    await expect(
      call('startInference', {
        datasetId: info.id,
        cards: ['hm'],
        frames: { kind: 'filter', filter: { search: 'no-frame-is-called-this' } },
      }),
    ).rejects.toThrow('the current filter shows no frames; nothing to run on');
    await expect(
      call('startInference', { datasetId: info.id, cards: ['hm'], runName: 'queue-a' }),
    ).rejects.toThrow(/a run named "queue-a" exists/);
    await expect(
      call('startInference', { datasetId: info.id, pipeline: 'x', cards: ['hm'] }),
    ).rejects.toThrow('name a pipeline or a list of cards, not both');
  });

  it('will not rename or delete a run while a job holds it, and deletes it after', async () => {
    const blocker = await call<InferenceJob>('startInference', {
      datasetId: info.id,
      cards: ['hm'],
      runName: 'blocker',
      batchSize: 1,
    });
    const fallback = await runOf('fallback');
    // Started over behind the blocker: queued, holding its run.
    const again = await call<InferenceJob>('resumeRun', {
      datasetId: info.id,
      runId: fallback!.id,
      rerun: true,
    });
    expect(again).toMatchObject({ state: 'queued', runId: fallback!.id });
    await expect(call('deleteRun', { datasetId: info.id, runId: fallback!.id })).rejects.toThrow(
      /an inference job is writing it/,
    );
    await expect(
      call('renameRun', { datasetId: info.id, runId: fallback!.id, name: 'x' }),
    ).rejects.toThrow(/an inference job is writing it/);
    await waitFor(again.id, 'done', 'failed');
    expect(jobEvents(blocker.id).at(-1)?.state).toBe('done');
    // Started over, it is a new run of the same name.
    const redone = await runOf('fallback');
    const renamed = await call<{ name: string }>('renameRun', {
      datasetId: info.id,
      runId: redone!.id,
      name: 'fallback-cpu',
    });
    expect(renamed.name).toBe('fallback-cpu');
    await call('deleteRun', { datasetId: info.id, runId: redone!.id });
    expect(await runOf('fallback-cpu')).toBeUndefined();
    const list = await call<InferenceJob[]>('inferenceJobs', {});
    expect(list.map((j) => j.runName)).toEqual(expect.arrayContaining(['blocker', 'fallback']));
  });
});
