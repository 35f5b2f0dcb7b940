import { workerData } from 'node:worker_threads';
import { ADAPTERS } from '../datasets/detect';
import { residualSink } from '../datasets/residual/residualSink';
import type { DatasetFormat } from '../datasets/records';
import { OpEncoder } from './opCodec';
import {
  MAX_AHEAD,
  OPS_PER_MESSAGE,
  type ParseMessage,
  type ParseWorkerData,
} from './parseProtocol';

// Reads units with their adapter and streams the records to the writer thread, so parsing
// JSON and writing SQLite run on two cores at once.
const data = workerData as ParseWorkerData;
const counters = new Int32Array(data.counters);

function post(m: ParseMessage, transfer: ArrayBuffer[] = []): void {
  // Sleep while the writer is MAX_AHEAD messages behind, so memory stays bounded.
  for (;;) {
    const taken = Atomics.load(counters, 1);
    if (Atomics.load(counters, 0) - taken < MAX_AHEAD) break;
    Atomics.wait(counters, 1, taken, 1000);
  }
  data.port.postMessage(m, transfer);
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
}

const encoder = new OpEncoder(OPS_PER_MESSAGE, (batch, buffer) =>
  post({ kind: 'ops', batch }, [buffer]),
);
// Records are cut to their residual here, so the writer's thread does none of that work.
const sink = residualSink(data.format as DatasetFormat, encoder);

// One worker for all units: it parses the next unit while the writer commits this one.
for (const unit of data.units) {
  let end: ParseMessage = { kind: 'done', unit: unit.key };
  encoder.startUnit();
  try {
    ADAPTERS[data.format as DatasetFormat].readUnit(data.root, unit, sink, encoder);
  } catch (err) {
    end = {
      kind: 'error',
      unit: unit.key,
      message: err instanceof Error ? err.message : String(err),
    };
  }
  encoder.drain();
  post(end);
}
