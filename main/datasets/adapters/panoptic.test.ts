import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PANOPTIC_CAMERAS,
  PANOPTIC_DIST,
  PANOPTIC_FRAMES,
  PANOPTIC_SEQ,
  panopticBodies,
  panopticBody,
  sceneJson,
  writePanopticFixture,
  type PanopticCamera,
} from '../../../test/fixtures/panopticFixture';
import { indexDataset } from '../../indexer/indexDataset';
import { blobF64 } from '../../store/db/blobs';
import { openIndex } from '../../store/db/openIndex';
import { groundTruthImages } from '../../store/labels/groundTruth';
import { ADAPTERS, detectFormat } from '../detect';
import { panopticAdapter } from './panoptic';
import { readUnits } from './adapterTestKit';
import { joints3dSql } from '../../store/labels/sharedPose';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-panoptic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dir = join(tmp, PANOPTIC_SEQ);
beforeAll(async () => {
  await writePanopticFixture(dir);
});

/** Everything the folder's first unit sends, and the issues reported while reading it. */
const readUnit = (root: string) => readUnits(panopticAdapter, root, (_, i) => i === 0);

/**
 * The toolbox's projection (panutils.py projectPoints) of a world point in the file's own units,
 * cm: R·X + t, divided by depth, distorted with Kd = [k1, k2, p1, p2, k3] term by term as
 * projectPoints writes it, then K (its skew is 0 here).
 */
function toolboxPixel(cam: PanopticCamera, X: readonly number[]): [number, number] {
  const Kd = PANOPTIC_DIST;
  const c = cam.R.map((row, i) => row[0] * X[0]! + row[1] * X[1]! + row[2] * X[2]! + cam.t[i]!);
  const [x, y] = [c[0]! / c[2]!, c[1]! / c[2]!];
  const r = x * x + y * y;
  const radial = 1 + Kd[0] * r + Kd[1] * r * r + Kd[4] * r * r * r;
  const xd = x * radial + 2 * Kd[2] * x * y + Kd[3] * (r + 2 * x * x);
  const yd = y * radial + 2 * Kd[3] * x * y + Kd[2] * (r + 2 * y * y);
  return [cam.K[0]![0]! * xd + cam.K[0]![2]!, cam.K[1]![1]! * yd + cam.K[1]![2]!];
}

const stem = (cam: string, frame: number) => `${cam}_${String(frame).padStart(8, '0')}`;

describe('CMU Panoptic (calibration_<seq>.json + hdPose3d_stage1_coco19 + hdImgs)', () => {
  it('is detected by its calibration file and coco19 pose folder: one unit per sequence, panoptic19', () => {
    expect(detectFormat(dir)).toBe('panoptic');
    expect(ADAPTERS.panoptic).toBe(panopticAdapter);
    expect(panopticAdapter.skeleton).toBe('panoptic19');
    expect(panopticAdapter.listUnits(dir)).toEqual([
      {
        key: PANOPTIC_SEQ,
        files: [
          `calibration_${PANOPTIC_SEQ}.json`,
          'hdPose3d_stage1_coco19/body3DScene_00000100.json',
          'hdPose3d_stage1_coco19/body3DScene_00000101.json',
        ],
      },
    ]);
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(panopticAdapter.listUnits(empty)).toEqual([]);
  });

  it('reads the HD cameras with images as views, t from cm to mm, with their distortion', () => {
    const got = readUnit(dir);
    expect(got.issues).toEqual([]);
    // 00_00 (HD, no image folder) and 01_01 (VGA) are no views.
    expect(got.cameras.map((c) => [c.key, c.f, c.c, c.t])).toEqual([
      [`${PANOPTIC_SEQ}/00_03`, [1000, 1000], [960, 540], [0, 900, 5000]],
      [`${PANOPTIC_SEQ}/00_16`, [1000, 1000], [960, 540], [100, 700, 5000]],
    ]);
    expect(got.cameras[1]!.R).toEqual(PANOPTIC_CAMERAS[1]!.R);
    // Kd = [k1, k2, p1, p2, k3]: radial k1, k2, k3 and tangential p1, p2.
    expect(got.cameras[0]!.k).toEqual([-0.22, 0.17, -0.02]);
    expect(got.cameras[0]!.p).toEqual([0.0004, -0.0002]);
    expect(JSON.parse(got.cameras[0]!.raw!)).toMatchObject({
      distCoef: [-0.22, 0.17, 0.0004, -0.0002, -0.02],
    });
    expect(
      got.images.map((im) => [im.sourceId, im.file, im.camera, im.frame, im.sequence]),
    ).toEqual(
      PANOPTIC_FRAMES.flatMap((f) =>
        ['00_03', '00_16'].map((cam) => [
          stem(cam, f),
          join('hdImgs', cam, `${stem(cam, f)}.jpg`),
          cam,
          f,
          PANOPTIC_SEQ,
        ]),
      ),
    );
    expect(got.images[0]).toMatchObject({
      width: 1920,
      height: 1080,
      cameraKey: `${PANOPTIC_SEQ}/00_03`,
      missing: false,
    });
  });

  it('gives every view the frame’s people in world mm; confidence ≤ 0.1 or −1 is missing (NaN)', () => {
    const got = readUnit(dir);
    expect(got.people).toHaveLength(8);
    expect(got.people.map((p) => [p.imageSourceId, p.sourceId, p.person])).toEqual(
      PANOPTIC_FRAMES.flatMap((f) =>
        ['00_03', '00_16'].flatMap((cam) => [
          [stem(cam, f), `${stem(cam, f)}/0`, 0],
          [stem(cam, f), `${stem(cam, f)}/3`, 1],
        ]),
      ),
    );
    const [first, second] = panopticBodies(PANOPTIC_FRAMES[0]);
    const a = got.people[0]!;
    expect(a).toMatchObject({ space: 'world', valid: true, flags: 0, iscrowd: false });
    expect(Array.from(a.joints3d!)).toEqual(
      first!.joints.flatMap(([x, y, z]) => [x * 10, y * 10, z * 10]),
    );
    expect(Array.from(a.vis!)).toEqual(new Array(19).fill(2));
    const b = got.people[1]!;
    expect(Array.from(b.joints3d!.slice(5 * 3, 6 * 3))).toEqual([NaN, NaN, NaN]);
    expect(Array.from(b.joints3d!.slice(18 * 3))).toEqual([NaN, NaN, NaN]);
    expect(b.joints3d![0]).toBe(second!.joints[0]![0] * 10);
    expect(b.vis![5]).toBe(0);
    expect(b.vis![18]).toBe(0);
    expect(b.flags).toBe(0);
    // The other view of the frame holds the same world joints.
    expect(Array.from(got.people[3]!.joints3d!)).toEqual(Array.from(b.joints3d!));
    // Boxes cover the projected joints.
    const [x, y, w, h] = a.bbox!;
    for (let j = 0; j < 19; j++) {
      const [u, v] = toolboxPixel(PANOPTIC_CAMERAS[0]!, first!.joints[j]!);
      expect(u).toBeGreaterThan(x);
      expect(u).toBeLessThan(x + w);
      expect(v).toBeGreaterThan(y);
      expect(v).toBeLessThan(y + h);
    }
  });

  it('reads a folder of sequences (MMPose’s data/panoptic/<seq>/): one unit each, ids by folder', async () => {
    const root = join(tmp, 'panoptic');
    await writePanopticFixture(join(root, '160422_ultimatum1'));
    await writePanopticFixture(join(root, '160906_pizza1'));
    mkdirSync(join(root, 'notes'));
    expect(detectFormat(root)).toBe('panoptic');
    expect(panopticAdapter.listUnits(root).map((u) => [u.key, u.files[0]])).toEqual([
      ['160422_ultimatum1', `160422_ultimatum1/calibration_${PANOPTIC_SEQ}.json`],
      ['160906_pizza1', `160906_pizza1/calibration_${PANOPTIC_SEQ}.json`],
    ]);
    const s = indexDataset({ root, dbFile: join(tmp, 'multi.sqlite') });
    expect(s).toMatchObject({
      images: 8,
      people: 16,
      cameras: 4,
      missingImages: 0,
      failed: [],
      issues: [],
    });
    const db = openIndex(join(tmp, 'multi.sqlite'), { readonly: true });
    try {
      const files = db.prepare('SELECT source_id, file FROM images ORDER BY source_id').all();
      expect(files[0]).toEqual({
        source_id: '160422_ultimatum1/00_03_00000100',
        file: '160422_ultimatum1/hdImgs/00_03/00_03_00000100.jpg',
      });
      expect(files.at(-1)).toMatchObject({ source_id: expect.stringMatching(/^160906_pizza1\//) });
    } finally {
      db.close();
    }
  });

  it('indexes the sequence: camera-space joints in mm reproject where the toolbox projects them', () => {
    const dbFile = join(tmp, 'ok.sqlite');
    const s = indexDataset({ root: dir, dbFile });
    expect(s).toMatchObject({
      format: 'panoptic',
      skeleton: 'panoptic19',
      images: 4,
      people: 8,
      cameras: 2,
      flagged: 0,
      missingImages: 0,
      failed: [],
      issues: [],
    });
    const raw = new Database(dbFile, { readonly: true });
    const stored = raw
      .prepare(`SELECT ${joints3dSql('i')} FROM instances i WHERE source_id = '00_16_00000101/3'`)
      .pluck()
      .get() as Buffer;
    expect(blobF64(stored)![2 * 3]).toBe(panopticBodies(101)[1]!.joints[2]![0] * 10);
    raw.close();
    const db = openIndex(dbFile);
    try {
      const id = db.prepare('SELECT id FROM datasets').pluck().get() as number;
      const images = [...groundTruthImages(db, id, 'panoptic')];
      expect(images.map((im) => [im.sourceId, im.group])).toEqual(
        PANOPTIC_FRAMES.flatMap((f) => ['00_03', '00_16'].map((c) => [stem(c, f), PANOPTIC_SEQ])),
      );
      for (const im of images) {
        const cam = PANOPTIC_CAMERAS.find((c) => im.sourceId.startsWith(c.name))!;
        const frame = Number(im.sourceId.slice(-8));
        const bodies = panopticBodies(frame);
        expect(im.people).toHaveLength(2);
        for (const [k, person] of im.people.entries()) {
          const body = bodies[k]!;
          for (let j = 0; j < 19; j++) {
            const X = body.joints[j]!;
            const missing = X[3] <= 0.1;
            const [cx, cy, cz] = person.cam![j]!;
            if (missing) {
              expect([cx, cy, cz].every(Number.isNaN)).toBe(true);
              continue;
            }
            // X_cam = R·X_world + t, in mm.
            const want = cam.R.map(
              (row, i) => (row[0] * X[0] + row[1] * X[1] + row[2] * X[2] + cam.t[i]!) * 10,
            );
            expect(cx).toBeCloseTo(want[0]!, 9);
            expect(cy).toBeCloseTo(want[1]!, 9);
            expect(cz).toBeCloseTo(want[2]!, 9);
            const [u, v] = toolboxPixel(cam, X);
            expect(person.img![j]![0]).toBeCloseTo(u, 9);
            expect(person.img![j]![1]).toBeCloseTo(v, 9);
            // Inside the 1920×1080 frame.
            expect(u > 0 && u < 1920 && v > 0 && v < 1080).toBe(true);
          }
        }
      }
    } finally {
      db.close();
    }
  });

  describe('bad input', () => {
    it('names the calibration file when it is malformed JSON or lacks a camera field', async () => {
      const broken = join(tmp, 'badcalib');
      await writePanopticFixture(broken);
      const calib = join(broken, `calibration_${PANOPTIC_SEQ}.json`);
      writeFileSync(calib, '{"cameras": [{"name": "00_03", ');
      expect(() => readUnit(broken)).toThrow(
        new RegExp(`^${calib.replace(/[.\\]/g, '\\$&')}:.*malformed JSON`),
      );
      writeFileSync(calib, JSON.stringify({ cameras: [{ name: '00_03', type: 'hd' }] }));
      expect(() => readUnit(broken)).toThrow(`${calib}: cameras.0.K: `);
      const s = indexDataset({ root: broken, dbFile: join(tmp, 'badcalib.sqlite') });
      expect(s.failed).toEqual([
        { unit: PANOPTIC_SEQ, error: expect.stringContaining(`${calib}: cameras.0.K: `) as string },
      ]);
    });

    it('reports a body with the wrong joint count by file and body id, and flags it in every view', async () => {
      const broken = join(tmp, 'badbody');
      await writePanopticFixture(broken);
      const scene = join(broken, 'hdPose3d_stage1_coco19', 'body3DScene_00000101.json');
      const short = panopticBody(7, [0, -90, 0]);
      writeFileSync(
        scene,
        sceneJson([panopticBodies(101)[0]!, { id: 7, joints: short.joints.slice(0, 18) }], 101),
      );
      const got = readUnit(broken);
      expect(got.issues).toEqual([
        `wrong joint count: ${scene} body 7: joints19 has 72 values, expected 19 joints × 4 (x, y, z, confidence)`,
      ]);
      const bad = got.people.filter((p) => p.sourceId.endsWith('/7'));
      expect(bad.map((p) => p.imageSourceId)).toEqual([stem('00_03', 101), stem('00_16', 101)]);
      for (const p of bad) {
        expect(p.valid).toBe(false);
        expect(p.joints3d).toBeUndefined();
        expect(p.flags & 2).toBe(2);
      }
    });
  });
});
