import { Worker } from 'node:worker_threads';
import type { Envelope, EventName } from '../../contract';
import type { BackendOptions, EventListener, ServiceBackend } from './backend';
import type { MediaResponse } from './media';

export type HostMessage =
  | { readonly type: 'call'; readonly id: number; readonly name: string; readonly args: unknown }
  | { readonly type: 'media'; readonly id: number; readonly url: string }
  | { readonly type: 'close'; readonly id: number };

export type WorkerMessage =
  | { readonly type: 'result'; readonly id: number; readonly envelope: Envelope<unknown> }
  | { readonly type: 'media'; readonly id: number; readonly response: MediaResponse }
  | { readonly type: 'closed'; readonly id: number }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: unknown }
  | { readonly type: 'log'; readonly message: string };

/**
 * The services on a worker thread (dist/serviceWorker.mjs). A worker that dies fails every call
 * in flight with a message instead of leaving the UI waiting.
 */
export function workerBackend(workerFile: string, o: BackendOptions): ServiceBackend {
  const { log = (m: string) => process.stderr.write(`${m}\n`), ...data } = o;
  const worker = new Worker(workerFile, { workerData: data });
  const pending = new Map<number, (m: WorkerMessage) => void>();
  const listeners = new Set<EventListener>();
  let nextId = 1;
  let dead: string | undefined;

  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'event') listeners.forEach((l) => l(m.event, m.payload));
    else if (m.type === 'log') log(m.message);
    else {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
  const fail = (reason: string) => {
    dead = reason;
    for (const [id, settle] of pending)
      settle({ type: 'result', id, envelope: { ok: false, error: reason } });
    pending.clear();
  };
  worker.on('error', (err) => fail(`the service worker failed: ${err.message}`));
  worker.on('exit', (code) => fail(`the service worker stopped (exit code ${code})`));

  const send = (m: HostMessage) =>
    new Promise<WorkerMessage>((resolve) => {
      if (dead) return resolve({ type: 'result', id: m.id, envelope: { ok: false, error: dead } });
      pending.set(m.id, resolve);
      worker.postMessage(m);
    });

  return {
    async call(name, args) {
      const m = await send({ type: 'call', id: nextId++, name, args });
      return m.type === 'result' ? m.envelope : { ok: false, error: 'unexpected reply' };
    },
    async media(url) {
      const m = await send({ type: 'media', id: nextId++, url });
      if (m.type === 'media') return m.response;
      const error = m.type === 'result' && !m.envelope.ok ? m.envelope.error : 'unexpected reply';
      return { status: 503, type: 'text/plain; charset=utf-8', body: Buffer.from(error) };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (!dead) await send({ type: 'close', id: nextId++ });
      listeners.clear();
      await worker.terminate();
    },
  };
}
