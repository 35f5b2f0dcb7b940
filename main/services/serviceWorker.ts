// Worker-thread entry (dist/serviceWorker.mjs): the services, their SQLite readers and image
// decoding run here so the Electron main process and the HTTP server only route messages.
import { parentPort, workerData } from 'node:worker_threads';
import { inlineBackend, type BackendOptions } from './backend';
import type { HostMessage, WorkerMessage } from './workerBackend';

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);
const backend = inlineBackend({
  ...(workerData as BackendOptions),
  log: (message) => post({ type: 'log', message }),
});
backend.onEvent((event, payload) => post({ type: 'event', event, payload }));

port.on('message', (m: HostMessage) => {
  if (m.type === 'call')
    void backend
      .call(m.name, m.args)
      .then((envelope) => post({ type: 'result', id: m.id, envelope }));
  else if (m.type === 'media')
    void backend.media(m.url).then((response) => post({ type: 'media', id: m.id, response }));
  else void backend.close().then(() => post({ type: 'closed', id: m.id }));
});
