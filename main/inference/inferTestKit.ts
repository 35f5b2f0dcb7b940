// Shared by the inference tests: a MuPoTS fixture with real JPEGs, indexed, and tiny models
// whose outputs are known (heatmap peaks, a bins vector, a lifter that outputs a fixed pose).
// Importing it registers the setup and teardown hooks in the importing test file.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  cropTransform,
  heatmapToImage,
  MUPOTS_17,
  poseRoot,
  processBbox,
  type BBox,
  type Vec3,
} from '../../core';
import {
  fixturePerson,
  MUPOTS_FIXTURE_INTRINSICS,
  writeMupotsFixture,
} from '../../test/fixtures/mupotsFixture';
import { writeModel } from '../../test/helpers/modelFiles';
import { constantModel, matMulModel } from '../../test/helpers/onnxGraphs';
import { indexDataset } from '../indexer/indexDataset';

export const J = 17;
export const K = MUPOTS_FIXTURE_INTRINSICS;
export const IMAGE = { width: 640, height: 480 };
const tmp = mkdtempSync(join(tmpdir(), 'posescope-infer-'));
export const dataset = join(tmp, 'mupots');
export const models = join(tmp, 'models');
export const dbFile = join(tmp, 'index.sqlite');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

export const crop = { name: 'image', source: 'crop', size: [64, 64] };
/** Joint j's heatmap peak, in heatmap pixels of a 16×16 map. */
export const peak = (j: number): [number, number] => [2 + (j % 10), 1 + ((3 * j) % 13)];
export const heatmaps = new Float32Array(J * 16 * 16);
for (let j = 0; j < J; j++) heatmaps[j * 256 + peak(j)[1] * 16 + peak(j)[0]] = 1;
export const logits = new Float32Array(71);
logits[30] = 6;
logits[31] = 4;
const relPose = fixturePerson([0, 0, 0]).map(([x, y, z]) => [x, y, z] as Vec3);
const relRoot = poseRoot(relPose, MUPOTS_17.root);
export const relative = relPose.map(
  (p) => [p[0] - relRoot[0], p[1] - relRoot[1], p[2] - relRoot[2]] as Vec3,
);

export let cards: Record<string, string>;
beforeAll(async () => {
  mkdirSync(models);
  await writeMupotsFixture(dataset);
  indexDataset({ root: dataset, dbFile });
  const imageInput = [{ name: 'image', shape: ['N', 3, 64, 64] }];
  cards = {
    hm: writeModel(
      models,
      {
        name: 'hm',
        family: 'heatmap2d',
        skeleton: 'mupots17',
        inputs: [crop],
        outputs: [{ name: 'hm', meaning: 'heatmaps' }],
      },
      constantModel({
        inputs: imageInput,
        outputs: [{ name: 'hm', shape: [J, 16, 16], data: heatmaps }],
      }),
    ),
    bins: writeModel(
      models,
      {
        name: 'bins',
        family: 'depthbins',
        skeleton: 'mupots17',
        inputs: [crop],
        outputs: [{ name: 'logits', meaning: 'depth_logits' }],
      },
      constantModel({
        inputs: imageInput,
        outputs: [{ name: 'logits', shape: [71], data: logits }],
      }),
    ),
    lift: writeModel(
      models,
      {
        name: 'lift',
        family: 'lifter',
        skeleton: 'mupots17',
        inputs: [{ name: 'pose2d', source: 'joints2d' }],
        outputs: [{ name: 'pose3d', meaning: 'joints3d' }],
      },
      matMulModel({
        inputName: 'pose2d',
        outputName: 'pose3d',
        inFeatures: 2 * J,
        outFeatures: 3 * J,
        weights: new Float32Array(2 * J * 3 * J),
        bias: Float32Array.from(relative.flat()),
      }),
    ),
  };
});

export const bboxes = (): { id: number; bbox: BBox }[] => {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare('SELECT id, bbox_x, bbox_y, bbox_w, bbox_h FROM instances ORDER BY id')
    .all() as Record<string, number>[];
  db.close();
  return rows.map((r) => ({ id: r.id!, bbox: [r.bbox_x!, r.bbox_y!, r.bbox_w!, r.bbox_h!] }));
};

export function expected2d(bbox: BBox) {
  const t = cropTransform(processBbox(bbox, IMAGE, { width: 64, height: 64 })!, {
    width: 64,
    height: 64,
  });
  return Array.from({ length: J }, (_, j) => heatmapToImage(t, peak(j), { width: 16, height: 16 }));
}

export function storedPredictions(run: string) {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare(
      `SELECT p.instance_id, p.root_cam, p.joints_cam, p.joints_img FROM predictions p
       JOIN runs r ON r.id = p.run_id WHERE r.name = ? ORDER BY p.image_id, p.id`,
    )
    .all(run) as {
    instance_id: number | null;
    root_cam: Buffer | null;
    joints_cam: Buffer | null;
    joints_img: Buffer | null;
  }[];
  db.close();
  return rows;
}
