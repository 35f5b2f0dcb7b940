// npm run bench:remote [-- --batches N --batch B --hidden C]: what running a model on an
// inference server costs over running it in-process. A heatmap conv net (192×256 input,
// 17×64×48 maps, --hidden sets its width) is served by the test's Open Inference Protocol
// server in a process of its own on this machine (loopback), and the same batches run
// in-process (onnxruntime), then through RemoteSession with JSON tensors and with binary
// tensors, and with binary tensors two batches in flight (as `infer --remote` sends them by
// default), interleaved for R rounds. Prints JSON: people/s each way (medians) and the
// protocol's cost per batch over the in-process run. On one machine the server and the
// client share the cores, so this is the protocol's overhead, not a GPU server's speed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { RemotePool } from '../../main/inference/remote/remotePool';
import { RemoteSession } from '../../main/inference/remote/remoteSession';
import { convNetModel } from '../../test/helpers/onnxGraphs';
import { mulberry32 } from '../../test/helpers/random';

const { values: opts } = parseArgs({
  options: {
    batches: { type: 'string', default: '16' },
    batch: { type: 'string', default: '16' },
    hidden: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
  },
});
const [H, W, J] = [256, 192, 17];
const B = Number(opts.batch);
const batches = Number(opts.batches);
const log = (m: string) => process.stderr.write(`bench:remote: ${m}\n`);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const round = (v: number, d = 2) => Number(v.toFixed(d));

const tmp = mkdtempSync(join(tmpdir(), 'posescope-bench-remote-'));
const modelFile = join(tmp, 'heatmaps.onnx');
writeFileSync(
  modelFile,
  convNetModel({ height: H, width: W, outChannels: J, hidden: Number(opts.hidden), seed: 1 }),
);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', join(import.meta.dirname, 'remote', 'server.ts'), modelFile],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
try {
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code}`)));
  });
  log(`server at ${url}; ${batches} batches of ${B}, ${opts.rounds} rounds`);
  const rnd = mulberry32(7);
  const feeds = Array.from({ length: batches }, () => ({
    input: new ort.Tensor(
      'float32',
      Float32Array.from({ length: B * 3 * H * W }, () => rnd() * 4 - 2),
      [B, 3, H, W],
    ),
  }));
  const local = await ort.InferenceSession.create(modelFile, {
    intraOpNumThreads: availableParallelism(),
  });
  const json = await RemoteSession.open({ url, model: 'heatmaps', binary: false });
  const binary = await RemoteSession.open({ url, model: 'heatmaps', binary: true });
  const pool = await RemotePool.open([{ url, model: 'heatmaps', binary: true }]);
  const ways = { local, json, binary, inflight2: pool } as const;
  const seconds: Record<keyof typeof ways, number[]> = {
    local: [],
    json: [],
    binary: [],
    inflight2: [],
  };
  // Two lanes, each taking the next batch when its last one is answered.
  const lanes = async (s: ort.InferenceSession, n: number) => {
    let next = 0;
    const lane = async () => {
      while (next < feeds.length) await s.run(feeds[next++]!);
    };
    await Promise.all(Array.from({ length: n }, lane));
  };
  // One batch each first: sessions warmed, connections open.
  for (const s of Object.values(ways)) await s.run(feeds[0]!);
  for (let r = 0; r < Number(opts.rounds); r++)
    for (const [name, s] of Object.entries(ways) as [keyof typeof ways, ort.InferenceSession][]) {
      const t0 = performance.now();
      await lanes(s, name === 'inflight2' ? 2 : 1);
      seconds[name].push((performance.now() - t0) / 1000);
      log(`round ${r + 1}: ${name} ${seconds[name].at(-1)!.toFixed(2)} s`);
    }
  const people = batches * B;
  const perS = (k: keyof typeof ways) => round(people / median(seconds[k]));
  const overheadMs = (k: 'json' | 'binary' | 'inflight2') =>
    round(((median(seconds[k]) - median(seconds.local)) / batches) * 1000, 1);
  const mb = (B * 3 * H * W * 4 + B * J * (H / 4) * (W / 4) * 4) / 1e6;
  process.stdout.write(
    `${JSON.stringify(
      {
        batch: B,
        batches,
        input: `${W}x${H}`,
        hidden: Number(opts.hidden),
        tensor_mb_per_batch: round(mb),
        local_per_s: perS('local'),
        remote_json_per_s: perS('json'),
        remote_binary_per_s: perS('binary'),
        remote_binary_inflight2_per_s: perS('inflight2'),
        json_overhead_ms_per_batch: overheadMs('json'),
        binary_overhead_ms_per_batch: overheadMs('binary'),
        inflight2_overhead_ms_per_batch: overheadMs('inflight2'),
        binary_over_json: round(median(seconds.json) / median(seconds.binary)),
        rounds: seconds,
        cpu_cores: availableParallelism(),
      },
      null,
      2,
    )}\n`,
  );
  await local.release();
} finally {
  child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
