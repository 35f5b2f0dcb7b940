import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { DatasetFormat, ReadContext, RecordSink, Unit } from '../datasets/records';
import { decodeOps, type WorldPoses } from './opCodec';
import type { ParseMessage, ParseWorkerData } from './parseProtocol';

/**
 * Parses units on one worker thread, in order, while this thread writes them: `read` makes the
 * same calls into `sink` and `ctx` the adapter would make inline. It is synchronous, like the
 * inline path, so a unit stays one SQLite transaction: this thread sleeps on a shared counter
 * until the next batch is posted and takes it with receiveMessageOnPort.
 */
export class ParsePipeline {
  private readonly port;
  private readonly count: Int32Array;
  private readonly worker: Worker;
  private taken = 0;
  private failed: unknown;

  constructor(workerFile: string, root: string, format: DatasetFormat, units: readonly Unit[]) {
    const { port1, port2 } = new MessageChannel();
    const counters = new SharedArrayBuffer(8);
    this.port = port1;
    this.count = new Int32Array(counters);
    const data: ParseWorkerData = { root, format, units, port: port2 as never, counters };
    this.worker = new Worker(workerFile, { workerData: data, transferList: [port2] });
    this.worker.on('error', (err) => (this.failed = err));
  }

  /** Feeds the next unit (units come in the order given) to `sink`; throws its read error. */
  read(unit: Unit, sink: RecordSink, ctx: ReadContext): void {
    let writeError: unknown;
    const worldPoses: WorldPoses = [];
    for (;;) {
      const m = this.next();
      if (m.kind === 'done' || m.kind === 'error') {
        if (m.unit !== unit.key)
          throw new Error(`parse worker sent ${m.unit}, expected ${unit.key}`);
        if (writeError !== undefined) throw writeError;
        if (m.kind === 'error') throw new Error(m.message);
        return;
      }
      // After a failed write, drain the rest of this unit so the next one starts clean.
      if (writeError !== undefined) continue;
      try {
        decodeOps(m.batch, sink, ctx, worldPoses);
      } catch (err) {
        writeError = err;
      }
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }

  private next(): ParseMessage {
    for (;;) {
      // Wake every second to notice a worker that died.
      while (Atomics.load(this.count, 0) === this.taken) {
        Atomics.wait(this.count, 0, this.taken, 1000);
        if (this.failed !== undefined && Atomics.load(this.count, 0) === this.taken)
          throw this.failed;
      }
      const got = receiveMessageOnPort(this.port);
      if (!got) continue;
      this.taken++;
      Atomics.store(this.count, 1, this.taken);
      Atomics.notify(this.count, 1);
      return got.message as ParseMessage;
    }
  }
}
