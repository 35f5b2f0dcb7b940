import { join } from 'node:path';
import { dispatch } from '../../contract/dispatch';
import type { Envelope, EventName } from '../../contract';
import { createServices, type ServiceOptions } from './createServices';
import { serveMedia, type MediaResponse } from './media';

export type BackendOptions = Omit<ServiceOptions, 'emit' | 'warn'> & {
  /** Calls slower than this are logged with their arguments (ms). */
  readonly slowCallMs?: number;
  readonly log?: (message: string) => void;
};

export type EventListener = (event: EventName, payload: unknown) => void;

/**
 * What the transports (Electron IPC, HTTP + WebSocket) talk to: validated calls, media by id,
 * and the event stream. Runs in-process or on a worker thread behind the same interface.
 */
export interface ServiceBackend {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
  media(url: string): Promise<MediaResponse>;
  onEvent(listener: EventListener): () => void;
  close(): Promise<void>;
}

const SLOW_BY_NATURE: ReadonlySet<string> = new Set([
  'openDataset',
  'importPredictions',
  'inferenceStatus',
  'listModels',
  'inspectModel',
  'checkModelCard',
  'saveModelCard',
  // Converts the BlazePose models from @mediapipe/pose the first time one is asked for.
  'startInference',
  'resumeRun',
]);

/** The services on the calling thread (tests from source; inside the service worker). */
export function inlineBackend(o: BackendOptions): ServiceBackend {
  const listeners = new Set<EventListener>();
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const slow = o.slowCallMs ?? 250;
  const services = createServices({
    ...o,
    emit: (event, payload) => listeners.forEach((l) => l(event, payload)),
    warn: (m) => log(`warning: ${m}`),
  });
  const thumbDir = join(o.indexDir ?? o.userDir, 'thumbnails');
  return {
    async call(name, args) {
      const started = performance.now();
      const result = await dispatch(services.service, name, args);
      const ms = performance.now() - started;
      // Only queries are expected to be quick: these index a folder, score a file, open models.
      if (ms > slow && !SLOW_BY_NATURE.has(name))
        log(`slow call: ${name} took ${ms.toFixed(0)} ms with ${JSON.stringify(args)}`);
      return result;
    },
    media: (url) =>
      serveMedia(
        new URL(url, 'http://media.local'),
        services.imagePath,
        thumbDir,
        services.posesOf,
      ),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      services.close();
    },
  };
}
