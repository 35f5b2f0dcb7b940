// npm run bench:infer [-- --people N --hidden C | --gflops G --rounds R --conv-only]: runs one heatmap
// model over N people of a synthetic MuPoTS-layout dataset (real JPEGs, decoded and cropped by
// sharp) through the full pipeline, then bare session.run over the same number of
// same-shaped batches, R times (3), and prints JSON with the medians. Both are timed in this
// one process, so their ratio is what the pipeline costs on top. The model is a plain conv stack: --hidden sets its width (128, about
// 2.8 GFLOPs per person, a light 2D model), --gflops picks the width for a cost instead
// (7.1 is HRNet-W32 at 256×192, 8.9 SimpleBaseline-R50). Then the same for the BlazePose
// landmark models (lite, full, heavy; converted first if missing) on the same people and
// boxes, under `blazepose` in the JSON (--conv-only skips them).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { MUPOTS_17, restPose, type Vec3 } from '../../core';
import { blazePoseDir, ensureBlazePose } from '../../main/inference/modelRegistry';
import { indexDataset } from '../../main/indexer/indexDataset';
import { mupotsAnnotation } from '../../test/fixtures/mupotsFixture';
import { writeModel } from '../../test/helpers/modelFiles';
import { convNetModel } from '../../test/helpers/onnxGraphs';
import { log, measureRounds } from './inferRounds';

const { values: opts } = parseArgs({
  options: {
    people: { type: 'string', default: '256' },
    hidden: { type: 'string', default: '128' },
    gflops: { type: 'string' },
    batch: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    // Only the conv net, not the BlazePose landmark models (lite, full, heavy) after it.
    'conv-only': { type: 'boolean', default: false },
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

const appRoot = join(import.meta.dirname, '..', '..');

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

  const conv = await measureRounds({
    dbFile,
    dataset,
    cards: [card],
    model: bytes,
    feeds: (n) => ({
      image: new ort.Tensor('float32', new Float32Array(n * 3 * H * W).fill(0.1), [n, 3, H, W]),
    }),
    people,
    batch,
    rounds: Number(opts.rounds),
    label: 'conv net',
  });
  // BlazePose (ground-truth boxes: the detector is skipped, as with a dataset's boxes) against
  // bare session.run of the same landmark model on as many 256×256 NHWC crops.
  const blazepose: Record<string, unknown> = {};
  if (!opts['conv-only']) {
    const variants = ['lite', 'full', 'heavy'];
    await ensureBlazePose(
      ['blazepose-detector', ...variants.map((v) => `blazepose-landmark-${v}`)],
      appRoot,
    );
    for (const v of variants) {
      const landmark = join(blazePoseDir(appRoot), `blazepose-landmark-${v}.json`);
      const r = await measureRounds({
        dbFile,
        dataset,
        cards: [join(blazePoseDir(appRoot), 'blazepose-detector.json'), landmark],
        model: readFileSync(join(blazePoseDir(appRoot), `blazepose-landmark-${v}.onnx`)),
        feeds: (n) => ({
          image: new ort.Tensor('float32', new Float32Array(n * 256 * 256 * 3).fill(0.4), [
            n,
            256,
            256,
            3,
          ]),
        }),
        people,
        batch,
        rounds: Number(opts.rounds),
        label: `blazepose-${v}`,
      });
      blazepose[`blazepose-${v}`] = { input: '256x256', ...r };
    }
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        people,
        batch,
        input: `${W}x${H}`,
        // Multiply-adds ×2 of the conv stack, per person. The pipeline's own cost per person
        // weighs more the lighter the model: see --gflops.
        model_gflops: Number(((2 * macsOf(C)) / 1e9).toFixed(2)),
        hidden: C,
        ...conv,
        cpu_cores: availableParallelism(),
        ...(opts['conv-only'] ? {} : { blazepose }),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
