import { closeSync, openSync, readSync } from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

/** A numeric HDF5 dataset: its shape as HDF5 stores it (row-major) and its values as doubles. */
export interface Hdf5Array {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** What the reader thread answers: each asked-for dataset, null when the file has none by that name. */
type Reply =
  | {
      readonly ok: true;
      readonly datasets: Record<string, Hdf5Array | { readonly problem: string } | null>;
    }
  | { readonly ok: false; readonly message: string };

/** Reading a file, h5wasm's start-up included, takes a fraction of a second; past this it is stuck. */
const TIMEOUT_MS = 120_000;

/**
 * The reader thread. h5wasm only starts asynchronously (it compiles its WebAssembly), while
 * adapters read units synchronously, so the file is read on a short-lived thread while this one
 * waits on a shared flag. HDF5's own error printing (fd 1 and 2, through Emscripten) is caught
 * and its innermost message becomes the error; `navigator` is hidden as h5wasm's README asks
 * for Electron.
 */
const READER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { lib, file, names, port, signal } = workerData;
const printed = [];
const writeSync = fs.writeSync;
fs.writeSync = (fd, buf, ...rest) => {
  if (fd !== 1 && fd !== 2) return writeSync(fd, buf, ...rest);
  if (typeof buf === 'string') { printed.push(buf); return buf.length; }
  const offset = typeof rest[0] === 'number' ? rest[0] : 0;
  const length = typeof rest[1] === 'number' ? rest[1] : buf.byteLength - offset;
  printed.push(Buffer.from(buf.buffer, buf.byteOffset + offset, length).toString('utf8'));
  return length;
};
console.log = console.error = console.warn = (...a) => { printed.push(a.join(' ')); };
const nav = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
if (nav && nav.configurable) Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true });
const hdf5Error = () => {
  const lines = printed.join('').split('\\n').map((l) => /#\\d+: .* in [\\w.]+\\(\\): (.*)$/.exec(l)).filter(Boolean);
  return lines.length > 0 ? lines[lines.length - 1][1] : 'HDF5 could not read it';
};
const reply = (m) => {
  port.postMessage(m);
  const s = new Int32Array(signal);
  Atomics.store(s, 0, 1);
  Atomics.notify(s, 0);
};
(async () => {
  const h5 = await import(lib);
  await h5.ready;
  const f = new h5.File(file, 'r');
  if (!(f.file_id >= 0n)) return reply({ ok: false, message: hdf5Error() });
  try {
    const datasets = {};
    for (const name of names) {
      const d = f.get(name);
      if (d === null) { datasets[name] = null; continue; }
      if (!(d instanceof h5.Dataset)) { datasets[name] = { problem: 'is a group, not a dataset' }; continue; }
      const v = d.value;
      if (!ArrayBuffer.isView(v)) { datasets[name] = { problem: 'is not numeric (' + JSON.stringify(d.dtype) + ')' }; continue; }
      datasets[name] = { shape: d.shape ?? [], data: v instanceof Float64Array ? v : Float64Array.from(v, Number) };
    }
    reply({ ok: true, datasets });
  } finally {
    f.close();
  }
})().catch((e) => reply({ ok: false, message: printed.length > 0 ? hdf5Error() : String((e && e.message) || e) }));
`;

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Why a file cannot be HDF5, or null when it may be: HDF5 puts its signature at 0, 512, 1024,
 * 2048, … (a MATLAB v7.3 file at 512, after its 512-byte text header).
 */
function notHdf5(file: string): string | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(128);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('latin1');
    if (text.startsWith('MATLAB 5.0 MAT-file'))
      return 'a MATLAB v5 MAT-file, not v7.3 (HDF5); save it again with -v7.3';
    const sig = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let at = 0; ; at = at === 0 ? 512 : at * 2) {
      const got = readSync(fd, sig, 0, sig.length, at);
      if (got < sig.length)
        return 'not an HDF5 file (no HDF5 signature; MATLAB v7.3 files are HDF5)';
      if (sig.equals(HDF5_SIGNATURE)) return null;
    }
  } finally {
    closeSync(fd);
  }
}

/** The file URL of h5wasm's Node build (bundles other than ES modules cannot resolve it). */
function h5wasmEntry(): string {
  if (typeof import.meta.resolve !== 'function')
    throw new Error('HDF5 files are read by the ES-module builds only (CLI and workers)');
  return import.meta.resolve('h5wasm/node');
}

/**
 * Reads numeric datasets of an HDF5 file (MATLAB v7.3 `.mat` files included) with h5wasm.
 * Each name maps to its array, or to null when the file has no such dataset. Throws, naming
 * the file, when it is not HDF5, is truncated or unreadable, or a named object is not a numeric
 * dataset.
 */
export function readHdf5Datasets(
  file: string,
  names: readonly string[],
): Map<string, Hdf5Array | null> {
  const why = notHdf5(file);
  if (why) throw new Error(`${file}: ${why}`);
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const worker = new Worker(READER, {
    eval: true,
    workerData: { lib: h5wasmEntry(), file, names: [...names], port: port2, signal },
    transferList: [port2],
    stdout: true,
    stderr: true,
  });
  try {
    const until = Date.now() + TIMEOUT_MS;
    while (Atomics.load(flag, 0) === 0 && Date.now() < until)
      Atomics.wait(flag, 0, 0, Math.max(1, until - Date.now()));
    const got = receiveMessageOnPort(port1)?.message as Reply | undefined;
    if (!got) throw new Error(`${file}: the HDF5 reader did not answer`);
    if (!got.ok) throw new Error(`${file}: not a readable HDF5 file (${got.message})`);
    const out = new Map<string, Hdf5Array | null>();
    for (const name of names) {
      const d = got.datasets[name] ?? null;
      if (d && 'problem' in d) throw new Error(`${file}: "${name}" ${d.problem}`);
      out.set(name, d);
    }
    return out;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
