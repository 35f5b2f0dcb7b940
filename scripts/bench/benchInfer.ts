// npm run bench:infer [-- --people N --hidden C | --gflops G --rounds R]: runs one heatmap
// model over N people of a synthetic MuPoTS-layout dataset (real JPEGs, decoded and cropped by
// sharp) through the full pipeline, then bare session.run over the same number of
// same-shaped batches, R times (3), and prints JSON with the medians. Both are timed in this
// one process, so their ratio is what the pipeline costs on top. The model is a plain conv stack: --hidden sets its width (128, about
// 2.8 GFLOPs per person, a light 2D model), --gflops picks the width for a cost instead
// (7.1 is HRNet-W32 at 256×192, 8.9 SimpleBaseline-R50).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { MUPOTS_17, restPose, type Vec3 } from '../../core';
import { runInference } from '../../main/inference/runInference';
import { indexDataset } from '../../main/indexer/indexDataset';
import { mupotsAnnotation } from '../../test/fixtures/mupotsFixture';
import { writeModel } from '../../test/helpers/modelFiles';
import { convNetModel } from '../../test/helpers/onnxGraphs';

const { values: opts } = parseArgs({
  options: {
    people: { type: 'string', default: '256' },
    hidden: { type: 'string', default: '128' },
    gflops: { type: 'string' },
    batch: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
  },
});
const people = Number(opts.people);
const batch = Number(opts.batch);
const [W, H] = [192, 256];
// Multiply-adds of the conv stack (3×3 stride 2 to C channels at half size, 3×3 stride 2 and
// two 3×3 at quarter size, 1×1 to 17 heatmaps), per person.
const quarter = (H / 4) * (W / 4);
const macsOf = (C: number) =>
  (H / 2) * (W / 2) * C * 27 + quarter * C * C * 9 * 3 + quarter * C * 17;
const C =
  opts.gflops === undefined
    ? Number(opts.hidden)
    : // The smallest width whose 2 × multiply-adds reach the asked GFLOPs.
      Array.from({ length: 1024 }, (_, c) => c + 1).find(
        (c) => (2 * macsOf(c)) / 1e9 >= Number(opts.gflops),
      )!;
const K = { f: [1500, 1500] as const, c: [320, 240] as const };
const log = (m: string) => process.stderr.write(`bench:infer: ${m}\n`);

/** Milliseconds all CPUs spent busy so far (Linux /proc/stat), or undefined elsewhere. */
function busyMs(): number | undefined {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const n = ticks.map(Number);
    // user nice system idle iowait …: busy is all but idle and iowait, at 100 ticks a second.
    return (n.reduce((a, b) => a + b, 0) - n[3]! - n[4]!) * 10;
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU other processes used since `busy0`, this process's `own` use aside. */
function othersCores(busy0: number | undefined, own: NodeJS.CpuUsage, seconds: number) {
  const busy1 = busyMs();
  if (busy0 === undefined || busy1 === undefined || seconds <= 0) return null;
  const others = busy1 - busy0 - (own.user + own.system) / 1000;
  return Math.max(0, Number((others / 1000 / seconds).toFixed(2)));
}

const tmp = mkdtempSync(join(tmpdir(), 'posescope-bench-infer-'));
try {
  log(`writing ${people} people on ${Math.ceil(people / 4)} images`);
  const dataset = join(tmp, 'mupots');
  const images = [];
  const annotations = [];
  const rest = restPose(MUPOTS_17);
  for (let i = 0; i < Math.ceil(people / 4); i++) {
    const file = `TS1/img_${String(i).padStart(6, '0')}.jpg`;
    images.push({ id: i, file_name: file, width: 640, height: 480, intrinsic: [...K.f, ...K.c] });
    for (let p = 0; p < 4 && annotations.length < people; p++) {
      const at: Vec3 = [-900 + p * 600, 200, 4000 + p * 300];
      const cam = rest.map(([x, y, z]) => [at[0] - x, at[1] - y, at[2] - z] as Vec3);
      annotations.push(mupotsAnnotation(annotations.length, i, cam, K));
    }
    const abs = join(dataset, 'MultiPersonTestSet', file);
    mkdirSync(join(abs, '..'), { recursive: true });
    const noise = Buffer.alloc(640 * 480 * 3);
    for (let k = 0; k < noise.length; k++) noise[k] = (k * 2654435761 + i * 97) >>> 24;
    await sharp(noise, { raw: { width: 640, height: 480, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(abs);
  }
  writeFileSync(join(dataset, 'MuPoTS-3D.json'), JSON.stringify({ images, annotations }));
  const dbFile = join(tmp, 'index.sqlite');
  indexDataset({ root: dataset, dbFile });

  const bytes = convNetModel({
    height: H,
    width: W,
    outChannels: 17,
    hidden: C,
    layers: 4,
    inputName: 'image',
    outputName: 'hm',
  });
  const card = writeModel(
    tmp,
    {
      name: 'bench-hm',
      family: 'heatmap2d',
      skeleton: 'mupots17',
      inputs: [{ name: 'image', source: 'crop', size: [W, H] }],
      outputs: [{ name: 'hm', meaning: 'heatmaps' }],
    },
    bytes,
  );

  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: availableParallelism(),
    graphOptimizationLevel: 'all',
  });
  const feeds = (n: number) => ({
    image: new ort.Tensor('float32', new Float32Array(n * 3 * H * W).fill(0.1), [n, 3, H, W]),
  });
  await session.run(feeds(1)); // warm-up, as the pipeline's first batch is

  const round = (v: number, d = 2) => Number(v.toFixed(d));
  const rounds: {
    pipeline_per_s: number;
    raw_per_s: number;
    overhead_ratio: number;
    pipeline_steady_per_s: number | null;
    cpu_cores_used: number;
    other_processes_cores: { pipeline: number | null; raw: number | null };
  }[] = [];
  let provider = '';
  for (let k = 1; k <= Number(opts.rounds); k++) {
    log(`round ${k}: pipeline`);
    const cpu0 = process.cpuUsage();
    const busy0 = busyMs();
    const t0 = performance.now();
    let firstBatch: { at: number; done: number } | undefined;
    let lastBatchAt = 0;
    const r = await runInference(
      // A run of its own each round, so none starts by deleting the last one's results.
      { dbFile, dataset, cards: [card], runName: `bench-${k}`, provider: 'cpu', batchSize: batch },
      {
        onProgress: (p) => {
          lastBatchAt = performance.now();
          firstBatch ??= { at: lastBatchAt, done: p.done };
        },
      },
    );
    const pipelineS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pipelineOthers = othersCores(busy0, cpu, pipelineS);
    if (r.targets.computed !== people)
      throw new Error(`pipeline computed ${r.targets.computed} of ${people}`);
    provider = r.providers[0]!.provider;

    log(`round ${k}: bare session.run`);
    const rawCpu0 = process.cpuUsage();
    const rawBusy0 = busyMs();
    const t1 = performance.now();
    for (let done = 0; done < people; done += batch)
      await session.run(feeds(Math.min(batch, people - done)));
    const rawS = (performance.now() - t1) / 1000;
    const rawOthers = othersCores(rawBusy0, process.cpuUsage(rawCpu0), rawS);

    const steady = firstBatch && lastBatchAt > firstBatch.at ? firstBatch : undefined;
    rounds.push({
      pipeline_per_s: round(people / pipelineS),
      raw_per_s: round(people / rawS),
      overhead_ratio: round(pipelineS / rawS, 3),
      // From the end of the first batch to the last: without opening the session, the first
      // batch's preparation and scoring the run.
      pipeline_steady_per_s: steady
        ? round((people - steady.done) / ((lastBatchAt - steady.at) / 1000))
        : null,
      cpu_cores_used: round((cpu.user + cpu.system) / 1e6 / pipelineS),
      // CPU other processes used meanwhile (Linux): above ~0.1 the timings are disturbed.
      other_processes_cores: { pipeline: pipelineOthers, raw: rawOthers },
    });
  }
  await session.release();

  const median = (key: 'pipeline_per_s' | 'raw_per_s' | 'overhead_ratio' | 'cpu_cores_used') => {
    const v = rounds.map((r) => r[key]).sort((a, b) => a - b);
    return v.length % 2
      ? v[(v.length - 1) / 2]!
      : round((v[v.length / 2 - 1]! + v[v.length / 2]!) / 2, 3);
  };
  process.stdout.write(
    `${JSON.stringify(
      {
        people,
        batch,
        input: `${W}x${H}`,
        // Multiply-adds ×2 of the conv stack, per person. The pipeline's own cost per person
        // weighs more the lighter the model: see --gflops.
        model_gflops: round((2 * macsOf(C)) / 1e9),
        hidden: C,
        // Medians over the rounds, each a pipeline run then bare runs, so that a burst of other
        // work on the machine moves one round, not the figure.
        pipeline_per_s: median('pipeline_per_s'),
        raw_per_s: median('raw_per_s'),
        overhead_ratio: median('overhead_ratio'),
        provider,
        cpu_cores_used: median('cpu_cores_used'),
        cpu_cores: availableParallelism(),
        rounds,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
