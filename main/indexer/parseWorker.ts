import { workerData } from 'node:worker_threads';
import { ADAPTERS } from '../datasets/detect';
import type { DatasetFormat } from '../datasets/records';
import {
  MAX_AHEAD,
  OPS_PER_MESSAGE,
  type ParseMessage,
  type ParseOp,
  type ParseWorkerData,
} from './parseProtocol';

// Reads units with their adapter and streams the records to the writer thread, so parsing
// JSON and writing SQLite run on two cores at once.
const data = workerData as ParseWorkerData;
const counters = new Int32Array(data.counters);
let ops: ParseOp[] = [];

function post(m: ParseMessage): void {
  // Sleep while the writer is MAX_AHEAD messages behind, so memory stays bounded.
  for (;;) {
    const taken = Atomics.load(counters, 1);
    if (Atomics.load(counters, 0) - taken < MAX_AHEAD) break;
    Atomics.wait(counters, 1, taken, 1000);
  }
  data.port.postMessage(m);
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
}

const push = (op: ParseOp) => {
  ops.push(op);
  if (ops.length >= OPS_PER_MESSAGE) {
    post({ kind: 'ops', ops });
    ops = [];
  }
};

// One worker for all units: it parses the next unit while the writer commits this one.
for (const unit of data.units) {
  let end: ParseMessage = { kind: 'done', unit: unit.key };
  try {
    ADAPTERS[data.format as DatasetFormat].readUnit(
      data.root,
      unit,
      {
        camera: (r) => push(['camera', r]),
        image: (r) => push(['image', r]),
        instance: (r) => push(['instance', r]),
        fileValue: (f, p, t) => push(['fileValue', f, p, t]),
      },
      {
        issues: { report: (kind, where) => push(['issue', kind, where]) },
        onBytes: (n) => push(['bytes', n]),
      },
    );
  } catch (err) {
    end = {
      kind: 'error',
      unit: unit.key,
      message: err instanceof Error ? err.message : String(err),
    };
  }
  if (ops.length > 0) post({ kind: 'ops', ops });
  ops = [];
  post(end);
}
