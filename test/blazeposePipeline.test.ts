import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { argmax2d, cropTransform, inputToImage, processBbox } from '../core';
import { decodeArtifact } from '../main/store/runs/artifacts';
import { indexDataset } from '../main/indexer/indexDataset';
import { blazePoseDir, ensureBlazePose } from '../main/inference/modelRegistry';
import { runInference } from '../main/inference/runInference';
import { openIndex } from '../main/store/db/openIndex';
import { sharedSample } from './helpers/sharedData';
import { explainSkip } from './helpers/skip';

/**
 * The BlazePose pipeline with the real converted models on real photos: ground-truth boxes on
 * the COCO sample (with the 2D accuracy floor the issue sets), the detector's rotated ROIs on
 * the Human3.6M sample, the heatmaps the inspector draws, and the error paths.
 */

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = ['blazepose-detector', 'blazepose-landmark-full', 'blazepose-landmark-lite'];
let modelsSkip: string | undefined;
try {
  await ensureBlazePose(MODELS, appRoot);
} catch (err) {
  modelsSkip = `the BlazePose models are missing and could not be converted (${(err as Error).message})`;
}
const card = (name: string) => join(blazePoseDir(appRoot), `${name}.json`);
const pipeline = (variant: string) => [
  card('blazepose-detector'),
  card(`blazepose-landmark-${variant}`),
];
const coco = sharedSample('coco-sample');
const h36m = sharedSample('h36m-sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-blazepose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Stored heatmaps of a run, with the box of each person, from the index. */
function heatmapsOf(dbFile: string, run: string) {
  const db = openIndex(dbFile);
  try {
    return db
      .prepare(
        `SELECT a.shape, a.encoding, a.data, r.predictions, i.bbox_x, i.bbox_y, i.bbox_w, i.bbox_h,
           im.width, im.height
         FROM artifacts a JOIN runs ru ON ru.id = a.run_id JOIN instances i ON i.id = a.instance_id
         JOIN images im ON im.id = i.image_id
         JOIN inference_results r ON r.run_id = a.run_id AND r.target = 'p' || a.instance_id
         WHERE ru.name = ? AND a.kind = 'heatmaps'`,
      )
      .all(run) as {
      shape: string;
      encoding: string;
      data: Buffer;
      predictions: string;
      bbox_x: number;
      bbox_y: number;
      bbox_w: number;
      bbox_h: number;
      width: number;
      height: number;
    }[];
  } finally {
    db.close();
  }
}

/**
 * Each stored map's peak, drawn where the inspector draws it (the crop it derives from the
 * person's box), lands near the landmark the run predicted, where the map is confident (a peak
 * of at least ½, MediaPipe's threshold for refining a landmark from it).
 */
function expectMapsOnJoints(dbFile: string, run: string, joint: number) {
  const rows = heatmapsOf(dbFile, run);
  expect(rows.length).toBeGreaterThan(0);
  const cells: number[] = [];
  for (const r of rows) {
    const shape = JSON.parse(r.shape) as [number, number, number];
    const maps = decodeArtifact({ shape, encoding: r.encoding, data: r.data });
    const box = processBbox(
      [r.bbox_x, r.bbox_y, r.bbox_w, r.bbox_h],
      { width: r.width, height: r.height },
      { width: shape[2], height: shape[1] },
    )!;
    const t = cropTransform(box, { width: shape[2], height: shape[1] });
    const [J, H, W] = shape;
    const peak = argmax2d({ data: maps, joints: J, height: H, width: W }, false)[joint]!;
    if (peak.score < 0.5) continue;
    const at = inputToImage(t, peak.xy);
    const pred = (JSON.parse(r.predictions) as { joints_img: number[][] }[])[0]!.joints_img[joint]!;
    cells.push(Math.hypot(at[0] - pred[0]!, at[1] - pred[1]!) / (box[2] / W));
  }
  // Typically within a cell: the landmark is the model's regression, refined in a 7×7 window
  // (small or half-hidden people stray further, hence the median).
  cells.sort((a, b) => a - b);
  expect(cells.length).toBeGreaterThan(0);
  expect(cells[Math.floor(cells.length / 2)]).toBeLessThan(1.5);
}

explainSkip(modelsSkip);
explainSkip('skip' in coco ? coco.skip : undefined);
describe.skipIf(modelsSkip !== undefined || 'skip' in coco)('BlazePose on the COCO sample', () => {
  it('with ground-truth boxes: PCK@0.2 ≥ 80 % (the sanity floor), 17 heatmaps per person', async () => {
    const dataset = (coco as { dir: string }).dir;
    const dbFile = join(tmp, 'coco.sqlite');
    indexDataset({ root: dataset, dbFile });
    const r = await runInference({
      dbFile,
      dataset,
      cards: pipeline('full'),
      runName: 'gt',
      provider: 'cpu',
    });
    expect(r.status).toBe('done');
    expect(r.targets.failed).toBe(0);
    const m = r.metrics as { PCK2D: number; matched: number };
    process.stdout.write(
      `blazepose-full, COCO sample, ground-truth boxes: PCK@0.2 ${m.PCK2D.toFixed(1)} %\n`,
    );
    expect(m.PCK2D).toBeGreaterThanOrEqual(80);
    expect(m.matched).toBe(12);
    expect(JSON.parse(heatmapsOf(dbFile, 'gt')[0]!.shape)).toEqual([17, 64, 64]);
    expectMapsOnJoints(dbFile, 'gt', 5); // left shoulder
  });
});

explainSkip('skip' in h36m ? h36m.skip : undefined);
describe.skipIf(modelsSkip !== undefined || 'skip' in h36m)(
  'BlazePose on the Human3.6M sample',
  () => {
    const dataset = (h36m as { dir: string }).dir;
    const dbFile = join(tmp, 'h36m.sqlite');

    it('with the detector: rotated ROIs, resampled heatmaps, root-relative metric 3D', async () => {
      indexDataset({ root: dataset, dbFile });
      const r = await runInference({
        dbFile,
        dataset,
        cards: pipeline('lite'),
        runName: 'det',
        provider: 'cpu',
        boxes: 'detector',
      });
      expect(r.status).toBe('done');
      const m = r.metrics as { MPJPE: number; PA_MPJPE: number; matched: number };
      expect(m.matched).toBeGreaterThanOrEqual(3);
      expect(m.PA_MPJPE).toBeLessThan(120);
      expect(m.MPJPE).toBeLessThan(200);
      expectMapsOnJoints(dbFile, 'det', 13); // left wrist
      const db = openIndex(dbFile);
      const preds = db
        .prepare(
          "SELECT predictions FROM inference_results r JOIN runs ru ON ru.id = r.run_id WHERE ru.name = 'det'",
        )
        .pluck()
        .all() as string[];
      db.close();
      for (const p of preds.flatMap(
        (t) => JSON.parse(t) as { joints_cam?: number[][]; root_cam?: number[] }[],
      )) {
        // Head top has no BlazePose landmark: scored as missing, never guessed.
        expect(p.joints_cam![10]).toEqual([null, null, null]);
        expect(p.root_cam![2]).toBeGreaterThan(2000);
      }
    });

    it('a card that misdescribes an output is refused naming it', async () => {
      const real = JSON.parse(readFileSync(card('blazepose-landmark-lite'), 'utf8')) as {
        model: string;
        outputs: { name: string; shape: number[] }[];
      };
      real.model = join(blazePoseDir(appRoot), real.model);
      real.outputs.find((o) => o.name === 'world_landmarks')!.shape = [99];
      const bad = join(tmp, 'bad-landmarks.json');
      writeFileSync(bad, JSON.stringify(real));
      await expect(
        runInference({
          dbFile,
          dataset,
          cards: [card('blazepose-detector'), bad],
          provider: 'cpu',
        }),
      ).rejects.toThrow(/outputs\.4\.shape.*"world_landmarks"/);
    });
  },
);

describe('BlazePose model files', () => {
  it('a missing model file is reported with its path', async () => {
    const real = JSON.parse(
      readFileSync(join(appRoot, 'models', 'kp-lifter-h36m17.json'), 'utf8'),
    ) as object;
    const file = join(tmp, 'lost.json');
    writeFileSync(file, JSON.stringify({ ...real, model: 'no-such-model.onnx' }));
    await expect(
      runInference({ dbFile: join(tmp, 'none.sqlite'), dataset: tmp, cards: [file] }),
    ).rejects.toThrow(join(tmp, 'no-such-model.onnx'));
  });

  it('a conversion that cannot write names the file it was to write', async () => {
    const root = join(tmp, 'app');
    // models/blazepose is a file here, so the converter cannot make the folder.
    rmSync(root, { recursive: true, force: true });
    writeFileSync(join(tmp, 'placeholder'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'models'), { recursive: true });
    writeFileSync(join(root, 'models', 'blazepose'), 'not a folder');
    await expect(ensureBlazePose(['blazepose-landmark-lite'], root)).rejects.toThrow(
      join(root, 'models', 'blazepose', 'blazepose-landmark-lite.onnx'),
    );
  });
});
