import type { MessagePort } from 'node:worker_threads';
import type { OpBatch } from './opCodec';

/** Units are parsed in the order given; each ends with `done` or `error`. */
export type ParseMessage =
  | { readonly kind: 'ops'; readonly batch: OpBatch }
  | { readonly kind: 'done'; readonly unit: string }
  | { readonly kind: 'error'; readonly unit: string; readonly message: string };

export interface ParseWorkerData {
  readonly root: string;
  readonly format: string;
  readonly units: readonly { readonly key: string; readonly files: readonly string[] }[];
  readonly port: MessagePort;
  /** [messages posted, messages taken]: the writer sleeps on the first, the parser on the second. */
  readonly counters: SharedArrayBuffer;
}

/** Ops per message: large enough that posting costs little, small enough to keep memory flat. */
export const OPS_PER_MESSAGE = 2000;
/** Messages the parser may run ahead of the writer before it waits. */
export const MAX_AHEAD = 32;
