import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUPOTS_17, cameraToPixel, type Vec3 } from '../../core';
import { writeMupotsFixture, MUPOTS_FIXTURE_INTRINSICS } from '../../test/fixtures/mupotsFixture';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { evaluateRun, type DatasetRef } from './evaluateRun';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-eval-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ROOT = MUPOTS_17.root[0]!;

function indexed(dir: string, name: string): { db: IndexDb; ds: DatasetRef } {
  const dbFile = join(tmp, `${name}.sqlite`);
  indexDataset({ root: dir, dbFile });
  const db = openIndex(dbFile);
  const ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
  return { db, ds };
}

const writePreds = (name: string, preds: unknown) => {
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(preds));
  return file;
};

describe('evaluating predictions on a multi-person MuPoTS-3D set', () => {
  const dir = join(tmp, 'mupots');
  let people: Vec3[][] = [];
  let db: IndexDb;
  let ds: DatasetRef;
  const imageOf = [1, 1, 2, 3];
  beforeAll(async () => {
    people = (await writeMupotsFixture(dir)).people;
    ({ db, ds } = indexed(dir, 'mupots'));
  });
  afterAll(() => db.close());

  it('scores ground truth given as predictions perfectly, in any order', () => {
    const preds = people
      .map((p, i) => ({ image_id: imageOf[i], score: 0.5 + i / 10, joints_cam: p }))
      .reverse();
    const r = evaluateRun(db, ds, writePreds('perfect', preds));
    expect(r.metrics).toMatchObject({
      MPJPE: 0,
      PA_MPJPE: expect.closeTo(0, 6) as number,
      MRPE: 0,
      PCK3D_rel: 100,
      PCK3D_abs: 100,
      // Error < t at t = 0 counts nothing, not even a perfect joint: 30 of 31 thresholds.
      AUC_rel: (100 * 30) / 31,
      // RootNet's calculate_score: the first detection's step is not summed (3 of 4 steps).
      AP_root_25: 75,
      AR_root_10: 100,
      matched: 4,
      instances: 4,
    });
    expect(r.issues).toEqual([]);
  });

  it('measures a known shift exactly: MRPE, abs PCK and root AP follow it, MPJPE does not', () => {
    // Everyone 120 mm too far and 50 mm to the right: root error = hypot(50, 120) = 130 mm.
    const shift = (p: Vec3[]) => p.map(([x, y, z]) => [x + 50, y, z + 120]);
    const preds = people.map((p, i) => ({ image_id: imageOf[i], joints_cam: shift(p) }));
    const m = evaluateRun(db, ds, writePreds('shifted', preds)).metrics;
    expect(m).toMatchObject({ MPJPE: expect.closeTo(0, 9) as number, PCK3D_rel: 100 });
    if (!('MRPE' in m)) throw new Error('expected 3D metrics');
    expect(m.MRPE).toBeCloseTo(130, 9);
    expect(m.MRPE_x).toBeCloseTo(50, 9);
    expect(m.MRPE_y).toBeCloseTo(0, 9);
    expect(m.MRPE_z).toBeCloseTo(120, 9);
    expect(m.PCK3D_abs).toBe(100);
    // RootNet's calculate_score sums AP from the second detection on: 4 hits → 3 · ¼ = 75.
    expect(m.AP_root_15).toBe(75);
    expect(m.AR_root_15).toBe(100);
    expect(m.AP_root_10).toBe(0);
  });

  it('pairs people by nearest root and counts an unpredicted person as unmatched', () => {
    // Image 1 holds two people; predict only the far one, listed with a root-relative pose.
    const far = people[1]!;
    const root = far[ROOT]!;
    const rel = far.map(([x, y, z]) => [x - root[0], y - root[1], z - root[2]]);
    const r = evaluateRun(
      db,
      ds,
      writePreds('one', [{ image_id: 1, root_cam: root, joints_cam: rel }]),
    );
    expect(r.metrics).toMatchObject({ matched: 1, instances: 4, MPJPE: 0, MRPE: 0 });
    const row = db
      .prepare(
        `SELECT i.person, m.mpjpe FROM instance_metrics m JOIN runs r ON r.id = m.run_id
         JOIN instances i ON i.id = m.instance_id WHERE r.name = 'one'`,
      )
      .all();
    expect(row).toEqual([{ person: 1, mpjpe: 0 }]);
  });

  it('reports bad predictions per kind with counts, and scores the rest', () => {
    const good = { image_id: 3, joints_cam: people[3] };
    const r = evaluateRun(
      db,
      ds,
      writePreds('bad', [
        good,
        { image_id: 99, joints_cam: people[0] },
        { image_id: 98, joints_cam: people[0] },
        { image_id: 1, joints_cam: people[0]!.slice(0, 14) },
        { image_id: 2, joints_cam: people[2]!.map((p, j) => (j === 3 ? [null, 0, 0] : p)) },
        { bbox: [0, 0, 1, 1] },
      ]),
    );
    const kinds = Object.fromEntries(r.issues.map((i) => [i.kind, i.count]));
    expect(kinds).toEqual({
      'prediction for unknown image': 2,
      'wrong joint count': 1,
      'non-finite coordinates': 1,
      'invalid record': 1,
    });
    expect(r.issues.find((i) => i.kind === 'wrong joint count')?.examples[0]).toMatch(
      /bad\.json \[3\]: joints_cam has 14 joints, the dataset's skeleton 17/,
    );
    // The NaN joint is passed over and its person still counts, with 16 joints; the prediction
    // with 14 joints keeps no pose, so it pairs with nobody.
    expect(r.metrics).toMatchObject({ matched: 2, MPJPE: 0 });
  });

  it('keeps several runs side by side and replaces a run re-imported under its name', () => {
    const runs = () => db.prepare('SELECT name FROM runs ORDER BY name').pluck().all();
    expect(runs()).toEqual(['bad', 'one', 'perfect', 'shifted']);
    evaluateRun(db, ds, writePreds('one', [{ image_id: 3, joints_cam: people[3] }]));
    expect(runs()).toEqual(['bad', 'one', 'perfect', 'shifted']);
    const n = db
      .prepare(
        "SELECT count(*) FROM instance_metrics m JOIN runs r ON r.id = m.run_id WHERE r.name = 'one'",
      )
      .pluck()
      .get();
    expect(n).toBe(1);
  });

  it('refuses a malformed file by name and position, leaving no half run', () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(file, '[{"image_id": 1, "joints_cam": [[1, 2, 3],\n [4, 5');
    const before = db.prepare('SELECT count(*) FROM predictions').pluck().get();
    expect(() => evaluateRun(db, ds, file)).toThrow(/broken\.json:2:\d+/);
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(before);
    expect(db.prepare("SELECT count(*) FROM runs WHERE name = 'broken'").pluck().get()).toBe(0);
  });

  it('refuses a file that is not an array of predictions', () => {
    expect(() => evaluateRun(db, ds, writePreds('obj', { images: [] }))).toThrow(
      /obj\.json: expected a JSON array of predictions/,
    );
  });

  it('matches 2D-only predictions in pixels', () => {
    const K = MUPOTS_FIXTURE_INTRINSICS;
    const preds = people.map((p, i) => ({
      image_id: imageOf[i],
      joints_img: p.map((q) => cameraToPixel(q, K)),
    }));
    const r = evaluateRun(db, ds, writePreds('twod', preds));
    expect(r.metrics).toMatchObject({ matched: 4, MPJPE: null });
  });
});

const h36m = sharedSample('h36m-sample');
describe.skipIf('skip' in h36m)('evaluating on the real Human3.6M sample', () => {
  it('converts world ground truth with each camera: exact camera-space predictions score 0', () => {
    if ('skip' in h36m) return;
    const { db, ds } = indexed(h36m.dir, 'h36m');
    const ann = (s: string, k: string) =>
      JSON.parse(
        readFileSync(join(h36m.dir, 'annotations', `Human36M_subject${s}_${k}.json`), 'utf8'),
      );
    const preds = [];
    for (const s of ['1', '5', '7', '8']) {
      const data = ann(s, 'data');
      const cams = ann(s, 'camera');
      const joints = ann(s, 'joint_3d');
      for (const im of data.images) {
        const c = cams[im.cam_idx];
        const w = joints[im.action_idx][im.subaction_idx][im.frame_idx] as number[][];
        preds.push({
          image_id: im.id,
          joints_cam: w.map((x) =>
            [0, 1, 2].map(
              (r) => c.R[r][0] * x[0]! + c.R[r][1] * x[1]! + c.R[r][2] * x[2]! + c.t[r],
            ),
          ),
        });
      }
    }
    const r = evaluateRun(db, ds, writePreds('h36m-gt', preds));
    expect(r.metrics).toMatchObject({ matched: 4, instances: 4, PCK3D_abs: 100 });
    const m = r.metrics as { MPJPE: number; MRPE: number; per_group: { group: string }[] };
    expect(m.MPJPE).toBeLessThan(1e-9);
    expect(m.MRPE).toBeLessThan(1e-9);
    expect(m.per_group.map((g) => g.group).sort()).toEqual([
      'Directions',
      'Greeting',
      'SittingDown',
      'WalkDog',
    ]);
    // One subject per frame: a prediction 2 m to the side is still the subject's (Human36M.evaluate
    // scores every frame's prediction), not a missed person as a multi-person gate would make it.
    const astray = preds.map((p) => ({
      ...p,
      joints_cam: p.joints_cam.map(([x, y, z]) => [x! + 2000, y, z]),
    }));
    const far = evaluateRun(db, ds, writePreds('h36m-astray', astray)).metrics as {
      matched: number;
      MPJPE: number;
      MRPE: number;
    };
    expect(far.matched).toBe(4);
    expect(far.MPJPE).toBeLessThan(1e-9);
    expect(far.MRPE).toBeCloseTo(2000, 6);
    db.close();
  });
});

const coco = sharedSample('coco-sample');
describe.skipIf('skip' in coco)('evaluating on the real COCO sample (2D)', () => {
  it('gives OKS AP 100 and PCK 100 to the labels themselves', () => {
    if ('skip' in coco) return;
    const { db, ds } = indexed(coco.dir, 'coco');
    const gt = JSON.parse(readFileSync(join(coco.dir, 'test_coco.json'), 'utf8')) as {
      annotations: {
        image_id: number;
        keypoints: number[];
        num_keypoints: number;
        iscrowd: number;
      }[];
    };
    const preds = gt.annotations
      .filter((a) => a.iscrowd === 0 && a.num_keypoints > 0)
      .map((a) => ({
        image_id: a.image_id,
        score: 1,
        joints_img: Array.from({ length: 17 }, (_, j) => [
          a.keypoints[3 * j],
          a.keypoints[3 * j + 1],
        ]),
      }));
    const r = evaluateRun(db, ds, writePreds('coco-gt', preds));
    expect(r.metrics).toMatchObject({ AP_OKS: 100, AP_OKS_50: 100, PCK2D: 100 });
    db.close();
  });
});

explainSkip('skip' in h36m ? h36m.skip : 'skip' in coco ? coco.skip : undefined);
