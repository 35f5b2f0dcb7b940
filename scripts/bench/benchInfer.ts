// npm run bench:infer [-- --people N --hidden C]: runs one heatmap model over N people of a
// synthetic MuPoTS-layout dataset (real JPEGs, decoded and cropped by sharp) through the full
// pipeline, then bare session.run over the same number of same-shaped batches, and prints JSON.
// Both are timed in this one process, so their ratio is what the pipeline costs on top.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    batch: { type: 'string', default: '16' },
  },
});
const people = Number(opts.people);
const batch = Number(opts.batch);
const [W, H] = [192, 256];
const K = { f: [1500, 1500] as const, c: [320, 240] as const };
const log = (m: string) => process.stderr.write(`bench:infer: ${m}\n`);

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
    hidden: Number(opts.hidden),
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

  log('pipeline');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runInference({
    dbFile,
    dataset,
    cards: [card],
    provider: 'cpu',
    batchSize: batch,
  });
  const pipelineS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (r.targets.computed !== people)
    throw new Error(`pipeline computed ${r.targets.computed} of ${people}`);

  log('bare session.run');
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: availableParallelism(),
    graphOptimizationLevel: 'all',
  });
  const feeds = (n: number) => ({
    image: new ort.Tensor('float32', new Float32Array(n * 3 * H * W).fill(0.1), [n, 3, H, W]),
  });
  await session.run(feeds(1)); // warm-up, as the pipeline's first batch is
  const t1 = performance.now();
  for (let done = 0; done < people; done += batch)
    await session.run(feeds(Math.min(batch, people - done)));
  const rawS = (performance.now() - t1) / 1000;
  await session.release();

  const round = (v: number, d = 2) => Number(v.toFixed(d));
  const C = Number(opts.hidden);
  const quarter = (H / 4) * (W / 4);
  const macs = (H / 2) * (W / 2) * C * 27 + quarter * C * C * 9 * 3 + quarter * C * 17;
  process.stdout.write(
    `${JSON.stringify(
      {
        people,
        batch,
        input: `${W}x${H}`,
        // Multiply-adds ×2 of the conv stack: 128 channels costs ~2.8 GFLOPs per person, the
        // order of SimpleBaseline/HRNet 2D models (7–9 GFLOPs), so overhead is weighed fairly.
        model_gflops: round((2 * macs) / 1e9),
        pipeline_per_s: round(people / pipelineS),
        raw_per_s: round(people / rawS),
        overhead_ratio: round(rawS === 0 ? 0 : pipelineS / rawS, 3),
        provider: r.providers[0]!.provider,
        cpu_cores_used: round((cpu.user + cpu.system) / 1e6 / pipelineS),
        cpu_cores: availableParallelism(),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
