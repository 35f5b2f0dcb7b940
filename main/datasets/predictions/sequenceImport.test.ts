import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyArray, npyPickled } from '../../../test/fixtures/pickleFixture';
import { npz } from '../../../test/fixtures/npyFixture';
import { evaluateRun, type DatasetRef } from '../../eval/evaluateRun';
import { indexDataset } from '../../indexer/indexDataset';
import { openIndex, type IndexDb } from '../../store/db/openIndex';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-sequences-'));
let db: IndexDb;
let ds: DatasetRef;
afterAll(() => {
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** RootNet's Human36M_subject1_camera.json, cameras 1 and 2 (X_cam = R·X_world + t, mm). */
const CAMERAS = {
  1: {
    R: [
      [-0.9153617321513369, 0.40180836633680234, 0.02574754463350265],
      [0.051548117060134555, 0.1803735689384521, -0.9822464900705729],
      [-0.399319034032262, -0.8977836111057917, -0.185819527201491],
    ],
    t: [-346.05078140028075, 546.9807793144001, 5474.481087434061],
    f: [1145.04940458804, 1143.78109572365],
    c: [512.541504956548, 515.4514869776],
  },
  2: {
    R: [
      [0.9281683400814921, 0.3721538354721445, 0.002248380248018696],
      [0.08166409428175585, -0.1977722953267526, -0.976840363061605],
      [-0.3630902204349604, 0.9068559102440475, -0.21395758897485287],
    ],
    t: [251.42516271750836, 420.9422103702068, 5588.195881837821],
    f: [1149.67569986785, 1147.59161666764],
    c: [508.848621645943, 508.064917088557],
  },
};

/** Frame i's world joint j in metres: a body ~1.7 m tall walking along x. */
const world = (i: number, j: number) => [0.1 * i + 0.03 * j, -0.02 * j, 1.7 - 0.1 * j];
const FRAMES = [1, 6, 11];
const KEPT = [0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27];
const folder = (cam: number) => `s_01_act_02_subact_01_ca_0${cam}`;
const imageFile = (cam: number, f: number) =>
  `${folder(cam)}/${folder(cam)}_${String(f).padStart(6, '0')}.jpg`;

/** A RootNet-layout Human3.6M folder: S1 'Directions 1', cameras 1–2, every 5th frame to 11. */
beforeAll(async () => {
  const root = join(tmp, 'h36m');
  mkdirSync(join(root, 'annotations'), { recursive: true });
  const images = [1, 2].flatMap((cam) =>
    FRAMES.map((f) => ({
      id: cam * 100 + f,
      file_name: imageFile(cam, f),
      width: 1000,
      height: 1000,
      subject: 1,
      action_name: 'Directions',
      action_idx: 2,
      subaction_idx: 1,
      cam_idx: cam,
      frame_idx: f - 1,
    })),
  );
  for (const im of images) {
    mkdirSync(join(root, 'images', folder(im.cam_idx)), { recursive: true });
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .jpeg()
      .toFile(join(root, 'images', im.file_name));
  }
  const annotations = images.map((im) => ({
    id: im.id,
    image_id: im.id,
    bbox: [300, 200, 400, 600],
    keypoints_vis: Array<boolean>(17).fill(true),
  }));
  const joints = Object.fromEntries(
    FRAMES.map((f) => [
      String(f - 1),
      Array.from({ length: 17 }, (_, j) => world(f - 1, j).map((x) => x * 1000)),
    ]),
  );
  const ann = (kind: string, doc: unknown) =>
    writeFileSync(join(root, 'annotations', `Human36M_subject1_${kind}.json`), JSON.stringify(doc));
  ann('data', { images, annotations });
  ann('camera', CAMERAS);
  ann('joint_3d', { 2: { 1: joints } });
  const dbFile = join(tmp, 'index.sqlite');
  expect(indexDataset({ root, dbFile }).failed).toEqual([]);
  db = openIndex(dbFile);
  ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
});

describe('posescope eval --pred on sequence-keyed files', () => {
  it("scores VideoPose3D's data_3d_h36m.npz layout against the labels it was made from", () => {
    const N = 12;
    const values: number[] = [];
    for (let i = 0; i < N; i++)
      for (let j = 0; j < 32; j++)
        values.push(...(KEPT.includes(j) ? world(i, KEPT.indexOf(j)) : [0, 0, 0]));
    const positions = new Map([
      ['S1', new Map([['Directions 1', new PyArray([N, 32, 3], values)]])],
    ]);
    const file = join(tmp, 'data_3d_h36m.npz');
    writeFileSync(file, npz({ positions_3d: npyPickled(positions) }, true));
    const r = evaluateRun(db, ds, file);
    expect(r.read).toMatchObject({ format: 'videopose3d', paired: 6, unpaired: 0 });
    expect(r.read!.formatName).toMatch(/^VideoPose3D take-keyed arrays/);
    // World metres → mm → each camera with VideoPose3D's calibration: RootNet's, to float32.
    const m = r.metrics as { MPJPE: number; MRPE: number };
    expect(m.MPJPE).toBeLessThan(0.01);
    expect(m.MRPE).toBeLessThan(0.01);
  });

  it('scores a folder of OpenPose files named after the images', () => {
    const dir = join(tmp, 'openpose');
    for (const cam of [1, 2])
      for (const f of FRAMES) {
        const file = join(dir, imageFile(cam, f).replace(/\.jpg$/, '_keypoints.json'));
        mkdirSync(join(file, '..'), { recursive: true });
        const kp = Array.from({ length: 25 }, (_, j) => [400 + j, 300 + 10 * j, 0.9]).flat();
        writeFileSync(file, JSON.stringify({ version: 1.3, people: [{ pose_keypoints_2d: kp }] }));
      }
    const r = evaluateRun(db, ds, dir);
    expect(r.read).toMatchObject({ format: 'openpose', records: 6, paired: 6 });
    expect(r.read!.joints).toMatch(/^OpenPose BODY_25 → h36m17 by anatomy/);
    expect(r.read!.unknownImages.count).toBe(0);
  });
});
