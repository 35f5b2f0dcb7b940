import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraToPixel, cameraToWorld, rayDrag, type Vec3 } from '../../core';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import { MUPOTS_FIXTURE_INTRINSICS, writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { evaluateRun } from '../eval/evaluateRun';
import { indexDataset } from '../indexer/indexDataset';
import { blobF64 } from '../store/db/blobs';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { commitEdit, editCounts, redoEdit, undoEdit } from './editLog';
import { readPerson } from '../store/labels/personStore';
import { rescoreRuns } from './rescore';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-edit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const blob = (db: IndexDb, column: string, id: number) =>
  Array.from(
    blobF64(
      (db.prepare(`SELECT ${column} AS b FROM instances WHERE id = ?`).get(id) as { b: Buffer }).b,
    )!,
  );

describe('correcting labels (MuPoTS-3D fixture)', () => {
  let db: IndexDb;
  let people: Vec3[][];
  let first: number;
  const ds = { id: 1, format: 'mupots' as const, skeleton: 'mupots17' };

  beforeAll(async () => {
    const dir = join(tmp, 'mupots');
    people = (await writeMupotsFixture(dir)).people;
    indexDataset({ root: dir, dbFile: join(tmp, 'mupots.sqlite') });
    db = openIndex(join(tmp, 'mupots.sqlite'));
    first = db.prepare('SELECT min(id) FROM instances').pluck().get() as number;
    // A run that predicts person 1 exactly.
    const preds = join(tmp, 'preds.json');
    writeFileSync(preds, JSON.stringify([{ image_id: 1, joints_cam: people[0] }]));
    evaluateRun(db, ds, preds, { name: 'exact' });
  });
  afterAll(() => db.close());

  it('moves a joint along its ray: 3D stored, 2D kept consistent, original and log saved', () => {
    const before = readPerson(db, 1, first);
    const moved = rayDrag(before.joints.joints3d!, 4, before.joints.joints3d![4]![2] + 300);
    const r = commitEdit(
      db,
      1,
      { instanceId: first, tool: 'ray-drag', joint: 4, joints3d: moved },
      'ann',
    );
    expect(r.editId).not.toBeNull();
    const cam = blob(db, 'joints_3d', first);
    expect(cam.slice(12, 15)).toEqual([...moved[4]!]);
    // keypoints_img follows keypoints_cam: the projection of the moved joint (its own ray).
    const img = blob(db, 'joints_2d', first);
    const uv = cameraToPixel(moved[4]!, MUPOTS_FIXTURE_INTRINSICS);
    expect(img[8]).toBeCloseTo(uv[0], 9);
    expect(img[9]).toBeCloseTo(uv[1], 9);
    const log = db.prepare('SELECT * FROM edits').all() as Record<string, unknown>[];
    expect(log).toMatchObject([{ tool: 'ray-drag', joint: 4, annotator: 'ann', state: 'applied' }]);
    expect(JSON.parse(log[0]!.after as string).joints3d).toEqual([[4, [...moved[4]!]]]);
    const original = db
      .prepare('SELECT joints_3d FROM instance_originals')
      .pluck()
      .all() as Buffer[];
    expect(original).toHaveLength(1);
    expect(Array.from(blobF64(original[0])!).slice(12, 15)).toEqual([...people[0]![4]!]);
    expect(db.prepare('SELECT edited FROM instances WHERE id = ?').pluck().get(first)).toBe(1);
  });

  it('scores every run again against the corrected labels', () => {
    const mpjpe = () =>
      db.prepare('SELECT mpjpe FROM instance_metrics WHERE instance_id = ?').pluck().get(first);
    expect(mpjpe()).toBe(0);
    rescoreRuns(db, ds);
    // One joint of 17 now 300 mm deeper in the label: the exact prediction is off there.
    expect(mpjpe()).toBeGreaterThan(5);
  });

  it('undoes and redoes without limit, across people, and a new edit drops the redo', () => {
    const second = first + 1;
    const p2 = readPerson(db, 1, second).joints.joints3d!;
    commitEdit(
      db,
      1,
      { instanceId: second, tool: 'ray-drag', joint: 0, joints3d: rayDrag(p2, 0, 9000) },
      'ann',
    );
    expect(editCounts(db, 1)).toEqual({ undo: 2, redo: 0 });
    expect(undoEdit(db, 1)).toMatchObject({ instanceId: second });
    expect(blob(db, 'joints_3d', second)).toEqual(p2.flat());
    expect(db.prepare('SELECT edited FROM instances WHERE id = ?').pluck().get(second)).toBe(0);
    expect(undoEdit(db, 1)).toMatchObject({ instanceId: first });
    expect(blob(db, 'joints_3d', first)).toEqual(people[0]!.flat());
    expect(undoEdit(db, 1)).toBeNull();
    expect(editCounts(db, 1)).toEqual({ undo: 0, redo: 2 });
    expect(redoEdit(db, 1)).toMatchObject({ instanceId: first });
    expect(editCounts(db, 1)).toEqual({ undo: 1, redo: 1 });
    const p1 = readPerson(db, 1, first).joints.joints3d!;
    commitEdit(
      db,
      1,
      { instanceId: first, tool: 'ray-drag', joint: 1, joints3d: rayDrag(p1, 1, 7000) },
      'ann',
    );
    expect(editCounts(db, 1)).toEqual({ undo: 2, redo: 0 });
    expect(db.prepare("SELECT count(*) FROM edits WHERE state = 'discarded'").pluck().get()).toBe(
      1,
    );
  });

  it('sets a joint’s visibility and the box, logged and undone like any edit', () => {
    const person = readPerson(db, 1, first).joints;
    const vis = [...person.vis!];
    vis[3] = 1;
    const r = commitEdit(db, 1, { instanceId: first, tool: 'set-visibility', joint: 3, vis }, 'a');
    const log = db.prepare('SELECT before, after FROM edits WHERE id = ?').get(r.editId) as {
      before: string;
      after: string;
    };
    // Only the changed joint's visibility is recorded; the joints and box stay out.
    expect(JSON.parse(log.after)).toEqual({ joints3d: [], joints2d: [], vis: [[3, [1]]] });
    expect(Array.from(readPerson(db, 1, first).joints.vis!)).toEqual(vis);
    const box = [10, 20, 300, 400] as const;
    commitEdit(db, 1, { instanceId: first, tool: 'edit-box', joint: null, bbox: box }, 'a');
    expect(readPerson(db, 1, first).joints.bbox).toEqual(box);
    undoEdit(db, 1);
    undoEdit(db, 1);
    const back = readPerson(db, 1, first).joints;
    expect(back.vis).toEqual(person.vis);
    expect(back.bbox).toEqual(person.bbox);
  });

  it('logs nothing for an edit that changes nothing, and names a person not in the dataset', () => {
    const n = db.prepare('SELECT count(*) FROM edits').pluck().get();
    const p = readPerson(db, 1, first).joints;
    expect(
      commitEdit(
        db,
        1,
        { instanceId: first, tool: 'ray-drag', joint: 2, joints3d: p.joints3d! },
        'a',
      ).editId,
    ).toBeNull();
    expect(db.prepare('SELECT count(*) FROM edits').pluck().get()).toBe(n);
    expect(() => commitEdit(db, 1, { instanceId: 999, tool: 'ray-drag', joint: 0 }, 'a')).toThrow(
      /no person 999 in this dataset/,
    );
  });

  it('keeps corrections when the dataset file changes and is indexed again', () => {
    const corrected = blob(db, 'joints_3d', first);
    const file = join(tmp, 'mupots', 'MuPoTS-3D.json');
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    db.close();
    expect(
      indexDataset({ root: join(tmp, 'mupots'), dbFile: join(tmp, 'mupots.sqlite') }).units.indexed,
    ).toBe(1);
    db = openIndex(join(tmp, 'mupots.sqlite'));
    expect(blob(db, 'joints_3d', first)).toEqual(corrected);
    expect(db.prepare('SELECT edited FROM instances WHERE id = ?').pluck().get(first)).toBe(1);
  });

  it('refuses to undo over a change made since, naming the joints', () => {
    db.prepare('UPDATE instances SET joints_3d = ? WHERE id = ?').run(
      Buffer.from(
        new Float64Array(blob(db, 'joints_3d', first).map((v, k) => (k === 3 ? v + 1 : v))).buffer,
      ),
      first,
    );
    expect(() => undoEdit(db, 1)).toThrow(
      /cannot undo the edit of person \d+: 1 joint\(s\) changed since \(joints3d\[1\]\)/,
    );
  });
});

const h36m = sharedSample('h36m-sample');

describe.skipIf('skip' in h36m)('correcting Human3.6M world labels', () => {
  it('writes the moved joint back through the inverse camera and leaves the others exact', () => {
    if ('skip' in h36m) return;
    const dir = join(tmp, 'h36m');
    cpSync(h36m.dir, dir, { recursive: true });
    indexDataset({ root: dir, dbFile: join(tmp, 'h36m.sqlite') });
    const db = openIndex(join(tmp, 'h36m.sqlite'));
    try {
      const id = db.prepare('SELECT min(id) FROM instances').pluck().get() as number;
      const stored = blob(db, 'joints_3d', id);
      const person = readPerson(db, 1, id);
      const moved = rayDrag(person.joints.joints3d!, 3, person.joints.joints3d![3]![2] - 250);
      commitEdit(db, 1, { instanceId: id, tool: 'ray-drag', joint: 3, joints3d: moved }, 'a');
      const after = blob(db, 'joints_3d', id);
      const world = cameraToWorld(moved[3]!, person.extrinsics!);
      after.slice(9, 12).forEach((v, k) => expect(v).toBeCloseTo(world[k]!, 9));
      expect(after.filter((_, k) => k < 9 || k >= 12)).toEqual(
        stored.filter((_, k) => k < 9 || k >= 12),
      );
      // Read back in camera space, the joint is where it was put, still on its ray.
      const again = readPerson(db, 1, id).joints.joints3d![3]!;
      again.forEach((v, k) => expect(v).toBeCloseTo(moved[3]![k]!, 6));

      // Another view of the same frame (a copy of this image under another camera name) takes
      // the corrected world pose; undoing restores both.
      const image = db.prepare('SELECT image_id FROM instances WHERE id = ?').pluck().get(id);
      db.prepare(
        `INSERT INTO images (dataset_id, unit, source_id, file, width, height, camera_id, subject,
           action, sequence, camera, frame, missing, raw, people)
         SELECT dataset_id, unit, source_id || '-view2', file, width, height, camera_id, subject,
           action, sequence, 'view2', frame, missing, raw, people FROM images WHERE id = ?`,
      ).run(image);
      const view2 = db.prepare('SELECT max(id) FROM images').pluck().get() as number;
      db.prepare(
        `INSERT INTO instances (image_id, source_id, person, space, joints_3d, joints_2d, vis, valid, flags, raw)
         SELECT ?, source_id, person, space, ?, joints_2d, vis, valid, flags, raw FROM instances WHERE id = ?`,
      ).run(view2, Buffer.from(new Float64Array(stored).buffer), id);
      const twin = db.prepare('SELECT max(id) FROM instances').pluck().get() as number;
      const p2 = readPerson(db, 1, id).joints.joints3d!;
      commitEdit(
        db,
        1,
        { instanceId: id, tool: 'ray-drag', joint: 5, joints3d: rayDrag(p2, 5, p2[5]![2] + 100) },
        'a',
      );
      expect(blob(db, 'joints_3d', twin)).toEqual(blob(db, 'joints_3d', id));
      expect(db.prepare('SELECT edited FROM instances WHERE id = ?').pluck().get(twin)).toBe(1);
      undoEdit(db, 1);
      undoEdit(db, 1);
      expect(blob(db, 'joints_3d', twin)).toEqual(stored);
      expect(db.prepare('SELECT edited FROM instances WHERE id = ?').pluck().get(twin)).toBe(0);
    } finally {
      db.close();
    }
  });
});

explainSkip('skip' in h36m ? h36m.skip : undefined);
