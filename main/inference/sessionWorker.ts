import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { SessionFactory } from './modelSession';
import type { Provider } from './providers';

// onnxruntime-node's session.run is synchronous on the calling thread: while a batch runs,
// that thread can neither crop the next batch nor decode and store the last one. Each session
// therefore lives on a thread of its own and the caller only awaits messages.
//
// The worker is a script, not a module, so it needs no bundle of its own (CLI, desktop and
// tests alike): it loads onnxruntime-node from the path resolved here. Tensors cross as
// { type, dims, data }. Outputs are transferred. Inputs are copied into buffers that travel
// to the worker and back with the outputs, to be reused by the next run: the caller's feeds
// stay intact (a provider that fails mid-run gets the same feeds again on the next one,
// ModelSession's fallback), and a batch of crops costs one memcpy, not fresh megabytes on
// both threads.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.onnxruntime);
ort.env.logLevel = workerData.logLevel;
let session;
parentPort.on('message', async ({ id, op, arg }) => {
  let spare = [];
  try {
    let value;
    const transfer = new Set();
    if (op === 'create') {
      session = await ort.InferenceSession.create(arg.bytes, arg.options);
      const { inputNames, outputNames, inputMetadata, outputMetadata } = session;
      value = { inputNames, outputNames, inputMetadata, outputMetadata };
    } else if (op === 'run') {
      const feeds = {};
      for (const [name, t] of Object.entries(arg.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      let fetches;
      try {
        fetches = await session.run(feeds, ...arg.rest);
      } finally {
        spare = Object.values(arg.feeds).filter((t) => ArrayBuffer.isView(t.data)).map((t) => t.data.buffer);
      }
      value = {};
      for (const [name, t] of Object.entries(fetches)) {
        value[name] = { type: t.type, dims: t.dims, data: t.data };
        if (ArrayBuffer.isView(t.data)) transfer.add(t.data.buffer);
      }
    } else {
      await session?.release();
      session = undefined;
    }
    try {
      parentPort.postMessage({ id, value, spare }, [...transfer, ...spare]);
    } catch {
      parentPort.postMessage({ id, value, spare }, spare);
    }
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    parentPort.postMessage({ id, error, spare }, spare);
  }
});
`;

const onnxruntimePath = createRequire(import.meta.url).resolve('onnxruntime-node');

/** The options ModelSession's own factory uses (modelSession.ts), for a session on a worker. */
function sessionOptions(provider: Provider, threads?: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    intraOpNumThreads: threads ?? availableParallelism(),
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    // Between runs the cores are needed for cropping and decoding: the pool sleeps, not spins.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

interface WireTensor {
  readonly type: ort.Tensor.Type;
  readonly dims: readonly number[];
  readonly data: ort.Tensor.DataType;
}

type Reply = { id: number; value?: unknown; error?: string; spare?: ArrayBuffer[] };

type TypedArray = Exclude<ort.Tensor.DataType, readonly string[]>;

/** An onnxruntime session on its own worker thread, behind the InferenceSession interface. */
class WorkerSession implements ort.InferenceSession {
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | undefined;
  /** Input buffers back from the worker, for the next run's copies. */
  private spare: ArrayBuffer[] = [];
  inputNames: readonly string[] = [];
  outputNames: readonly string[] = [];
  inputMetadata: readonly ort.InferenceSession.ValueMetadata[] = [];
  outputMetadata: readonly ort.InferenceSession.ValueMetadata[] = [];

  constructor(private readonly worker: Worker) {
    // Referenced only while a call is out: an idle session never keeps the process alive.
    worker.unref();
    worker.on('message', (m: Reply) => {
      if (m.spare) this.spare = [...m.spare, ...this.spare].slice(0, 4);
      const call = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error !== undefined) call?.reject(new Error(m.error));
      else call?.resolve(m.value);
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const call of this.pending.values()) call.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`onnxruntime worker exited with code ${code}`)));
  }

  call(op: 'create' | 'run' | 'release', arg?: unknown, transfer: ArrayBuffer[] = []) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, op, arg }, transfer);
    });
  }

  /** `rest` (fetch names, run options) must be plain data: it is copied to the worker. */
  async run(
    feeds: ort.InferenceSession.FeedsType,
    ...rest: unknown[]
  ): Promise<ort.InferenceSession.ReturnType> {
    const wire: Record<string, WireTensor> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, t] of Object.entries(feeds)) {
      const data = t.data as TypedArray | readonly string[];
      if (Array.isArray(data) || !ArrayBuffer.isView(data)) {
        wire[name] = { type: t.type, dims: t.dims, data: t.data };
        continue;
      }
      const view = data as TypedArray;
      const reuse = this.spare.findIndex((b) => b.byteLength === view.byteLength);
      const buffer =
        reuse >= 0 ? this.spare.splice(reuse, 1)[0]! : new ArrayBuffer(view.byteLength);
      const copy = new (view.constructor as new (b: ArrayBuffer) => TypedArray)(buffer);
      copy.set(view as never);
      wire[name] = { type: t.type, dims: t.dims, data: copy };
      transfer.push(buffer);
    }
    const out = (await this.call('run', { feeds: wire, rest }, transfer)) as Record<
      string,
      WireTensor
    >;
    const fetches: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(out))
      fetches[name] = new ort.Tensor(t.type, t.data as Float32Array, t.dims);
    return fetches;
  }

  async release(): Promise<void> {
    try {
      await this.call('release');
    } finally {
      this.failure ??= new Error('the onnxruntime session was released');
      await this.worker.terminate();
    }
  }

  startProfiling(): void {}
  endProfiling(): void {}
}

/** A SessionFactory for ModelSession.open: the session runs on a worker thread of its own. */
export const openInWorker: SessionFactory = async (bytes, provider, threads) => {
  const worker = new Worker(WORKER, {
    eval: true,
    // The same log level as this thread (providers.ts keeps onnxruntime's own log quiet).
    workerData: { onnxruntime: onnxruntimePath, logLevel: ort.env.logLevel },
  });
  const session = new WorkerSession(worker);
  try {
    const meta = (await session.call('create', {
      bytes,
      options: sessionOptions(provider, threads),
    })) as Pick<
      ort.InferenceSession,
      'inputNames' | 'outputNames' | 'inputMetadata' | 'outputMetadata'
    >;
    Object.assign(session, meta);
    return session;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
};
