// The test's Open Inference Protocol server in a process of its own, for bench:remote: serves
// the ONNX files named on the command line (model name = file stem) and prints its URL.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { startOipServer } from '../../../test/helpers/oipServer';

const models = Object.fromEntries(
  process.argv
    .slice(2)
    .map((f) => [basename(f).replace(/\.onnx$/, ''), new Uint8Array(readFileSync(f))]),
);
const server = await startOipServer({ models, threads: availableParallelism() });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
