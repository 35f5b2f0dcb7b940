import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cameraToPixel,
  posesWorldToCamera,
  rayDrag,
  type Extrinsics,
  type Pose2D,
  type Pose3D,
} from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import type { DatasetFormat } from '../datasets/records';
import { commitEdit } from '../edit/editLog';
import { readPerson } from '../store/labels/personStore';
import { indexDataset } from '../indexer/indexDataset';
import { blobU8 } from '../store/db/blobs';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { exportDataset } from './exportDataset';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-corrected-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
type Json = Record<string, unknown>;
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Json;

interface Indexed {
  db: IndexDb;
  ds: { id: number; root: string; format: DatasetFormat };
  /** Row id of the person the dataset's files call `person` in image `image`. */
  person(image: string, person: string): number;
}

function index(root: string, name: string): Indexed {
  const dbFile = join(tmp, `${name}.sqlite`);
  expect(indexDataset({ root, dbFile }).failed).toEqual([]);
  const db = openIndex(dbFile);
  const ds = db.prepare('SELECT id, root, format FROM datasets').get() as Indexed['ds'];
  const find = db.prepare(
    'SELECT i.id FROM instances i JOIN images im ON im.id = i.image_id WHERE im.source_id = ? AND i.source_id = ?',
  );
  return { db, ds, person: (image, person) => find.pluck().get(image, person) as number };
}

/** Every person's labels (camera space, pixels, visibility) keyed by the dataset's own ids. */
function labels(x: Indexed) {
  const rows = x.db
    .prepare(
      'SELECT i.id, im.source_id AS image, i.source_id AS person, i.vis FROM instances i JOIN images im ON im.id = i.image_id ORDER BY i.id',
    )
    .all() as { id: number; image: string; person: string; vis: Buffer | null }[];
  return new Map(
    rows.map((r) => {
      const p = readPerson(x.db, x.ds.id, r.id);
      const vis = blobU8(r.vis);
      return [`${r.image}/${r.person}`, { ...p.joints, vis: vis && Array.from(vis) }];
    }),
  );
}

/** The largest coordinate difference between two poses (NaN only where both are missing). */
function maxDiff(a: Pose3D | Pose2D | null, b: Pose3D | Pose2D | null): number {
  expect(a === null).toBe(b === null);
  let d = 0;
  a?.forEach((p, j) =>
    p.forEach((v, k) => {
      const w = b![j]![k]!;
      if (Number.isNaN(v) || Number.isNaN(w)) expect([v, w]).toEqual([NaN, NaN]);
      else d = Math.max(d, Math.abs(v - w));
    }),
  );
  return d;
}

function exportAndReindex(x: Indexed, name: string, onlyEdited = false) {
  const out = join(tmp, `${name}-out`);
  exportDataset(x.db, x.ds, out, { onlyEdited });
  return { out, back: index(out, `${name}-back`) };
}

describe('corrected export: MuPoTS-3D (fixture)', () => {
  it('writes keypoints_cam and a consistent keypoints_img; re-indexing gives the corrected labels exactly', async () => {
    const dir = join(tmp, 'mupots');
    await writeMupotsFixture(dir);
    const x = index(dir, 'mupots');
    const id = x.person('1', '101');
    const p = readPerson(x.db, x.ds.id, id).joints;
    const moved = rayDrag(p.joints3d!, 6, p.joints3d![6]![2] - 250);
    commitEdit(x.db, x.ds.id, { instanceId: id, tool: 'ray-drag', joint: 6, joints3d: moved }, 'a');
    const twoD = readPerson(x.db, x.ds.id, x.person('3', '103')).joints.joints2d!;
    const dragged = twoD.map((uv, j) => (j === 2 ? ([uv[0] + 7.5, uv[1] - 3] as const) : uv));
    commitEdit(
      x.db,
      x.ds.id,
      { instanceId: x.person('3', '103'), tool: 'drag-2d', joint: 2, joints2d: dragged },
      'a',
    );
    const corrected = labels(x);
    const { out, back } = exportAndReindex(x, 'mupots');

    const file = readJson(join(out, 'MuPoTS-3D.json'));
    const anns = file.annotations as Json[];
    const ann = anns.find((a) => a.id === 101)!;
    const cam = ann.keypoints_cam as number[][];
    const img = ann.keypoints_img as number[][];
    expect(cam[6]).toEqual([...moved[6]!]);
    const uv = cameraToPixel(moved[6]!, { f: [1400, 1400], c: [320, 240] });
    expect(img[6]![0]).toBeCloseTo(uv[0], 9);
    expect(img[6]![1]).toBeCloseTo(uv[1], 9);
    // Every other value of the file is as read: only the two corrected joints differ.
    const orig = readJson(join(dir, 'MuPoTS-3D.json'));
    const expected = structuredClone(orig) as { annotations: Json[] };
    const e101 = expected.annotations.find((a) => a.id === 101)!;
    (e101.keypoints_cam as number[][])[6] = cam[6]!;
    (e101.keypoints_img as number[][])[6] = img[6]!;
    const e103 = expected.annotations.find((a) => a.id === 103)!;
    (e103.keypoints_img as number[][])[2] = [...dragged[2]!];
    expect(file).toEqual(expected);

    // Camera space is stored as is: the round trip is exact.
    const again = labels(back);
    expect([...again.keys()]).toEqual([...corrected.keys()]);
    for (const [k, v] of corrected) expect(again.get(k), k).toEqual(v);
    x.db.close();
    back.db.close();
  });

  it('--only-edited writes a valid subset: the corrected images with all their people', async () => {
    const dir = join(tmp, 'mupots-subset');
    await writeMupotsFixture(dir);
    const f = join(dir, 'MuPoTS-3D.json');
    writeFileSync(f, JSON.stringify({ ...readJson(f), info: { kept: true } }));
    const x = index(dir, 'mupots-subset');
    const id = x.person('1', '100');
    const p = readPerson(x.db, x.ds.id, id).joints;
    const moved = rayDrag(p.joints3d!, 0, p.joints3d![0]![2] + 100);
    commitEdit(x.db, x.ds.id, { instanceId: id, tool: 'ray-drag', joint: 0, joints3d: moved }, 'a');
    const { out, back } = exportAndReindex(x, 'mupots-subset', true);
    const file = readJson(join(out, 'MuPoTS-3D.json'));
    expect((file.images as Json[]).map((i) => i.id)).toEqual([1]);
    expect((file.annotations as Json[]).map((a) => a.id)).toEqual([100, 101]);
    expect(file.info).toEqual({ kept: true });
    expect(file.categories).toEqual(readJson(f).categories);
    const corrected = labels(x);
    for (const [k, v] of labels(back)) expect(v, k).toEqual(corrected.get(k));
    x.db.close();
    back.db.close();
  });
});

const h36m = sharedSample('h36m-sample');
describe.skipIf('skip' in h36m)('corrected export: Human3.6M (real sample)', () => {
  it('writes joint_3d in world space through the inverse camera, a fix in one view labelling the frame', () => {
    if ('skip' in h36m) return;
    const dir = join(tmp, 'h36m');
    cpSync(h36m.dir, dir, { recursive: true });
    // A second view of subject 1's frame: camera 1 turned 40° about the vertical axis through
    // the pelvis. Both images hold the same world pose, so a fix made in camera 2 must label it.
    const ann = join(dir, 'annotations');
    const camFile = join(ann, 'Human36M_subject1_camera.json');
    const cam1 = (readJson(camFile) as Record<string, { R: number[][]; t: number[] }>)['1']!;
    const jf = 'annotations/Human36M_subject1_joint_3d.json';
    const frame = (file: string) =>
      (readJson(file) as Record<string, Record<string, Record<string, number[][]>>>)['2']!['2']![
        '1'
      ]!;
    const pelvis = frame(join(dir, jf))[0]!;
    const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
    const Rz = [
      [c, -s, 0],
      [s, c, 0],
      [0, 0, 1],
    ];
    const mul = (A: number[][], v: number[]) =>
      A.map((row) => row.reduce((a, x, k) => a + x * v[k]!, 0));
    const R = cam1.R.map((row) =>
      [0, 1, 2].map((k) => row.reduce((a, x, m) => a + x * Rz[m]![k]!, 0)),
    );
    const off = pelvis.map((p, k) => p - mul(Rz, pelvis)[k]!);
    const t = mul(cam1.R, off).map((v, k) => v + cam1.t[k]!);
    const cam2 = { ...cam1, R, t };
    writeFileSync(camFile, JSON.stringify({ ...readJson(camFile), 2: cam2 }));
    const dataFile = join(ann, 'Human36M_subject1_data.json');
    const data = readJson(dataFile) as { images: Json[]; annotations: Json[] };
    data.images.push({ ...data.images[0]!, id: 101, cam_idx: 2, file_name: 'cam2/a.jpg' });
    data.annotations.push({ ...data.annotations[0]!, id: 101, image_id: 101 });
    writeFileSync(dataFile, JSON.stringify(data));

    const x = index(dir, 'h36m');
    const id = x.person('101', '101');
    const p = readPerson(x.db, x.ds.id, id);
    let moved = rayDrag(p.joints.joints3d!, 3, p.joints.joints3d![3]![2] + 180);
    moved = moved.map((q, j) => (j === 13 ? ([q[0] + 40, q[1] - 25, q[2] + 60] as const) : q));
    commitEdit(
      x.db,
      x.ds.id,
      { instanceId: id, tool: 'free-drag', joint: 13, joints3d: moved },
      'a',
    );
    const corrected = labels(x).get('101/101')!;
    const { out, back } = exportAndReindex(x, 'h36m');

    const world = frame(join(out, jf));
    const origWorld = frame(join(dir, jf));
    // Untouched joints keep the file's exact values; the two moved joints are the corrected
    // camera-space joints sent back through the inverse camera (X_w = Rᵀ(X_c − t)).
    world.forEach((w, j) =>
      j === 3 || j === 13 ? expect(w).not.toEqual(origWorld[j]) : expect(w).toEqual(origWorld[j]),
    );
    const extr = { R, t } as unknown as Extrinsics;
    expect(maxDiff(posesWorldToCamera(world as unknown as Pose3D, extr), moved)).toBeLessThan(1e-9);

    // Everything else is as read: data and camera files, the other subjects, other frames.
    for (const f of readdirSync(join(dir, 'annotations'))) {
      if (f === 'Human36M_subject1_joint_3d.json') continue;
      expect(readJson(join(out, 'annotations', f)), f).toEqual(
        readJson(join(dir, 'annotations', f)),
      );
    }
    // Re-indexed, both views hold the corrected pose: camera 2's person within 1e-9 mm (one
    // world → camera round trip of the moved joints), camera 1's the same world pose.
    const again = labels(back);
    expect(maxDiff(again.get('101/101')!.joints3d, corrected.joints3d)).toBeLessThan(1e-9);
    expect(maxDiff(again.get('101/101')!.joints2d, corrected.joints2d)).toBeLessThan(1e-9);
    const view1 = readPerson(back.db, back.ds.id, back.person('100', '100'));
    expect(
      maxDiff(
        posesWorldToCamera(world as unknown as Pose3D, view1.extrinsics!),
        view1.joints.joints3d,
      ),
    ).toBe(0);
    for (const [k, v] of labels(x))
      if (k !== '101/101' && k !== '100/100') expect(again.get(k), k).toEqual(v);
    x.db.close();
    back.db.close();
  });
});

const coco = sharedSample('coco-sample');
describe.skipIf('skip' in coco)('corrected export: COCO (real sample)', () => {
  it('writes keypoints with COCO visibility for moved, deleted and placed joints', () => {
    if ('skip' in coco) return;
    const x = index(coco.dir, 'coco');
    // Annotation 198196 (image 40083): joint 3 is unlabelled (0, 0, 0) in the file.
    const id = x.person('40083', '198196');
    const before = readPerson(x.db, x.ds.id, id).joints.joints2d!;
    const after = before.map((uv, j): readonly [number, number] =>
      j === 0 ? [uv[0] + 4.25, uv[1] - 2] : j === 1 ? [NaN, NaN] : j === 3 ? [101.5, 140] : uv,
    );
    commitEdit(x.db, x.ds.id, { instanceId: id, tool: 'drag-2d', joint: 0, joints2d: after }, 'a');
    const corrected = labels(x);
    const { out, back } = exportAndReindex(x, 'coco');

    const orig = readJson(join(coco.dir, 'test_coco.json'));
    const file = readJson(join(out, 'test_coco.json'));
    const kp = (file.annotations as Json[]).find((a) => a.id === 198196)!.keypoints as number[];
    const origKp = (orig.annotations as Json[]).find((a) => a.id === 198196)!.keypoints as number[];
    // Moved keeps its visibility, deleted is COCO's unlabelled 0,0,0, placed becomes visible.
    expect(kp.slice(0, 12)).toEqual([
      after[0]![0],
      after[0]![1],
      2,
      0,
      0,
      0,
      origKp[6],
      origKp[7],
      2,
      101.5,
      140,
      2,
    ]);
    expect(kp.slice(12)).toEqual(origKp.slice(12));
    const expected = structuredClone(orig) as { annotations: Json[] };
    const e = expected.annotations.find((a) => a.id === 198196)!;
    e.keypoints = kp;
    e.num_keypoints = 14; // one deleted, one placed
    expect(file).toEqual(expected);

    // Positions round-trip exactly; a deleted joint comes back as COCO's unlabelled (0, 0, v 0).
    const again = labels(back);
    for (const [k, v] of corrected) {
      if (k !== '40083/198196') expect(again.get(k), k).toEqual(v);
    }
    const fixed = again.get('40083/198196')!;
    expect(fixed.joints2d).toEqual(after.map((uv, j) => (j === 1 ? [0, 0] : [...uv])));
    expect(fixed.vis).toEqual(kp.filter((_, i) => i % 3 === 2));
    x.db.close();
    back.db.close();
  });
});

explainSkip('skip' in h36m ? h36m.skip : 'skip' in coco ? coco.skip : undefined);
