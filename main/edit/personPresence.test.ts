import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotAddPeople } from '../../contract';
import { cameraToPixel, type Vec3 } from '../../core';
import {
  MUPOTS_FIXTURE_INTRINSICS,
  fixturePerson,
  writeMupotsFixture,
} from '../../test/fixtures/mupotsFixture';
import { indexFolder, type IndexedFolder } from '../../test/fixtures/indexedFolder';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import { groundTruthImages } from '../store/labels/groundTruth';
import { evaluateRun } from '../eval/evaluateRun';
import { exportDataset } from '../export/exportDataset';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { applyPatch } from './applyPatch';
import { commitEdit, editCounts, redoEdit, undoEdit } from './editLog';
import { mergePatches } from './mergePatches';
import { metricsReport } from './metricsReport';
import { buildPatch } from './patch';
import { addPerson, deletePerson } from './personPresence';
import { readPerson } from '../store/labels/personStore';
import { rescoreRuns } from './rescore';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-presence-'));
const dir = join(tmp, 'mupots');
const opened: IndexDb[] = [];
let fixture: Vec3[][];
beforeAll(async () => {
  fixture = (await writeMupotsFixture(dir)).people;
});
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

type Index = IndexedFolder;

let n = 0;
const index = (root = dir): Index => indexFolder(root, join(tmp, `${n++}.sqlite`), opened);

const imageRow = (x: Index, source: string) =>
  x.db.prepare('SELECT id, people FROM images WHERE source_id = ?').get(source) as {
    id: number;
    people: number;
  };
/** The people evaluation and the inspector see in an image, by annotation id. */
const gtPeople = (x: Index, source: string) =>
  [...groundTruthImages(x.db, x.ds.id, 'mupots', imageRow(x, source).id)][0]!.people.map((p) =>
    Number(x.db.prepare('SELECT source_id FROM instances WHERE id = ?').pluck().get(p.instanceId)),
  );
/** A new person 4.5 m away, to the right in image 3 (which holds one person). */
const newcomer = fixturePerson([600, 200, 4500]);

describe('adding and deleting people (MuPoTS-3D fixture)', () => {
  it('adds a person as one edit: next annotation id, 2D projected, counted; undo hides them, redo restores', () => {
    const x = index();
    const image = imageRow(x, '3');
    const r = addPerson(x.db, x.ds, { imageId: image.id, joints3d: newcomer }, 'ann');
    expect(r.editId).not.toBeNull();
    const row = x.db
      .prepare('SELECT source_id, person, added, removed, edited FROM instances WHERE id = ?')
      .get(r.instanceId) as Record<string, unknown>;
    // The fixture's ids run 100–103: the new person takes 104, second in their image.
    expect(row).toEqual({ source_id: '104', person: 1, added: 1, removed: 0, edited: 1 });
    const p = readPerson(x.db, x.ds.id, r.instanceId!).joints;
    expect(p.joints3d).toEqual(newcomer);
    const uv = cameraToPixel(newcomer[3]!, MUPOTS_FIXTURE_INTRINSICS);
    expect(p.joints2d![3]![0]).toBeCloseTo(uv[0], 9);
    expect(p.vis).toEqual(newcomer.map(() => 2));
    // The box is the projected joints' extent, padded.
    const xs = p.joints2d!.map((q) => q[0]);
    expect(p.bbox![0]).toBeLessThan(Math.min(...xs));
    expect(p.bbox![0] + p.bbox![2]).toBeGreaterThan(Math.max(...xs));
    expect(imageRow(x, '3').people).toBe(2);
    expect(gtPeople(x, '3')).toEqual([103, 104]);

    undoEdit(x.db, x.ds.id);
    expect(imageRow(x, '3').people).toBe(1);
    expect(gtPeople(x, '3')).toEqual([103]);
    // The row and its log stay: undo is a deletion, not a DELETE.
    expect(
      x.db.prepare('SELECT removed FROM instances WHERE id = ?').pluck().get(r.instanceId),
    ).toBe(1);
    expect(editCounts(x.db, x.ds.id)).toEqual({ undo: 0, redo: 1 });
    redoEdit(x.db, x.ds.id);
    expect(readPerson(x.db, x.ds.id, r.instanceId!).joints).toEqual({ ...p, present: true });
    expect(gtPeople(x, '3')).toEqual([103, 104]);
  });

  it('deletes a person: out of the labels, the counts and the scores; corrections refused; undo gives them back exactly', () => {
    const x = index();
    const preds = join(tmp, 'preds.json');
    writeFileSync(preds, JSON.stringify([{ image_id: 1, joints_cam: fixture[0] }]));
    evaluateRun(x.db, { ...x.ds, format: 'mupots' }, preds, { name: 'exact' });
    const missed = () =>
      x.db
        .prepare('SELECT missed FROM image_metrics WHERE image_id = ?')
        .pluck()
        .get(imageRow(x, '1').id);
    expect(missed()).toBe(1); // person 101 has no prediction
    const id = x.id('1', '101');
    const before = readPerson(x.db, x.ds.id, id).joints;
    const r = deletePerson(x.db, x.ds.id, id, 'ann');
    expect(r.editId).not.toBeNull();
    expect(imageRow(x, '1').people).toBe(1);
    expect(gtPeople(x, '1')).toEqual([100]);
    rescoreRuns(x.db, { ...x.ds, format: 'mupots' });
    expect(missed()).toBe(0);
    expect(() =>
      commitEdit(
        x.db,
        x.ds.id,
        { instanceId: id, tool: 'edit-box', joint: null, bbox: [0, 0, 1, 1] },
        'ann',
      ),
    ).toThrow(`person ${id} was deleted: undo the deletion before correcting them`);
    expect(deletePerson(x.db, x.ds.id, id, 'ann').editId).toBeNull(); // already deleted

    // The before/after report counts the deleted person in the original labels only.
    const report = metricsReport(x.db, x.ds);
    expect(report.corrected_people).toBe(1);
    undoEdit(x.db, x.ds.id);
    expect(readPerson(x.db, x.ds.id, id).joints).toEqual(before);
    expect(imageRow(x, '1').people).toBe(2);
  });

  it('exports the added person as a new annotation and leaves the deleted one out; re-indexing gives exactly that', () => {
    const x = index();
    const added = addPerson(x.db, x.ds, { imageId: imageRow(x, '3').id, joints3d: newcomer }, 'a');
    deletePerson(x.db, x.ds.id, x.id('1', '101'), 'a');
    const want = readPerson(x.db, x.ds.id, added.instanceId!).joints;
    const out = join(tmp, 'presence-out');
    const summary = exportDataset(x.db, { ...x.ds, format: 'mupots' }, out);
    expect(summary.people).toBe(4);
    const file = JSON.parse(readFileSync(join(out, 'MuPoTS-3D.json'), 'utf8')) as {
      annotations: Record<string, unknown>[];
    };
    expect(file.annotations.map((a) => a.id)).toEqual([100, 102, 103, 104]);
    const a = file.annotations[3]!;
    expect(a).toMatchObject({ id: 104, image_id: 3, category_id: 1, iscrowd: 0, is_valid: 1 });
    expect(a.keypoints_vis).toEqual(newcomer.map(() => true));
    expect(a.keypoints_cam).toEqual(newcomer.map((p) => [...p]));

    const back = index(out);
    expect(back.find('1', '101')).toBeUndefined();
    const again = readPerson(back.db, back.ds.id, back.id('3', '104')).joints;
    expect(again.joints3d).toEqual(want.joints3d);
    expect(again.joints2d).toEqual(want.joints2d);
    expect(again.bbox).toEqual(want.bbox);
  });

  it('re-indexing the folder keeps an added person and a deleted person deleted', () => {
    const x = index();
    const added = addPerson(x.db, x.ds, { imageId: imageRow(x, '2').id, joints3d: newcomer }, 'a');
    const gone = x.id('3', '103');
    deletePerson(x.db, x.ds.id, gone, 'a');
    x.db.close();
    // Touch the file so the indexer reads it again.
    const file = join(dir, 'MuPoTS-3D.json');
    writeFileSync(file, readFileSync(file));
    const r = indexDataset({ root: dir, dbFile: x.dbFile });
    expect(r.failed).toEqual([]);
    const db = openIndex(x.dbFile);
    opened.push(db);
    const y = { ...x, db };
    expect(readPerson(db, x.ds.id, added.instanceId!).joints.present).toBe(true);
    expect(readPerson(db, x.ds.id, gone).joints.present).toBe(false);
    expect(imageRow(y, '2').people).toBe(2);
    expect(imageRow(y, '3').people).toBe(0);
    expect(editCounts(db, x.ds.id)).toEqual({ undo: 2, redo: 0 });
  });

  it('patches carry adds and deletions to another index, an id in use there given a new one', () => {
    const a = index();
    addPerson(a.db, a.ds, { imageId: imageRow(a, '3').id, joints3d: newcomer }, 'ann');
    deletePerson(a.db, a.ds.id, a.id('1', '101'), 'ann');
    const patch = buildPatch(a.db, a.ds);
    expect(patch.edits.map((e) => [e.tool, e.image, e.person])).toEqual([
      ['add-person', '3', '104'],
      ['delete-person', '1', '101'],
    ]);

    const b = index();
    const r = applyPatch(b.db, b.ds, patch);
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toHaveLength(2);
    const bPerson = readPerson(b.db, b.ds.id, b.id('3', '104')).joints;
    expect(bPerson).toEqual(readPerson(a.db, a.ds.id, a.id('3', '104')).joints);
    expect(readPerson(b.db, b.ds.id, b.id('1', '101')).joints.present).toBe(false);
    // Twice is harmless.
    const again = applyPatch(b.db, b.ds, patch);
    expect(again.applied).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['already applied', 'already applied']);

    // Another annotator already gave id 104 to someone else: the patch's newcomer becomes 105,
    // and the patch's later entries for them follow.
    const c = index();
    addPerson(c.db, c.ds, { imageId: imageRow(c, '1').id, joints3d: newcomer }, 'other');
    const moved = structuredClone(patch);
    const later = buildPatch(a.db, a.ds).edits[0]!;
    moved.edits = [
      patch.edits[0]!,
      {
        ...later,
        tool: 'edit-box',
        before: { joints3d: [], joints2d: [], bbox: [[0, [...bPerson.bbox!]]] },
        after: { joints3d: [], joints2d: [], bbox: [[0, [1, 2, 3, 4]]] },
      },
    ];
    const rc = applyPatch(c.db, c.ds, moved);
    expect(rc.conflicts).toEqual([]);
    expect(rc.applied.map((x) => x.renamed)).toEqual(['105', '105']);
    expect(readPerson(c.db, c.ds.id, c.id('3', '105')).joints.bbox).toEqual([1, 2, 3, 4]);
    // Applied again, the renamed person is found as added already: no second copy.
    const twice = applyPatch(c.db, c.ds, moved);
    expect(twice.skipped.map((x) => x.reason)).toEqual(['already applied', 'already applied']);
    expect(
      c.db.prepare('SELECT count(*) FROM instances WHERE added != 0 AND removed = 0').pluck().get(),
    ).toBe(2);

    // A patch correcting a person this index deleted is a conflict, not a write.
    const d = index();
    deletePerson(d.db, d.ds.id, d.id('1', '100'), 'ann');
    const fix = commitEdit(
      a.db,
      a.ds.id,
      { instanceId: a.id('1', '100'), tool: 'edit-box', joint: null, bbox: [5, 5, 5, 5] },
      'ann',
    );
    expect(fix.editId).not.toBeNull();
    const rd = applyPatch(d.db, d.ds, { ...patch, edits: buildPatch(a.db, a.ds).edits.slice(2) });
    expect(rd.conflicts.map((x) => x.reason)).toEqual(['the person was deleted']);
  });

  it('a merge reports one annotator deleting a person the other corrects', () => {
    const a = index();
    const b = index();
    deletePerson(a.db, a.ds.id, a.id('1', '100'), 'alice');
    commitEdit(
      b.db,
      b.ds.id,
      { instanceId: b.id('1', '100'), tool: 'edit-box', joint: null, bbox: [5, 5, 5, 5] },
      'bob',
    );
    const [pa, pb] = [buildPatch(a.db, a.ds), buildPatch(b.db, b.ds)];
    const m = mergePatches(pa, pb);
    expect(m.conflicts).toMatchObject([
      { image: '1', person: '100', channel: 'bbox', a: null, b: [5, 5, 5, 5] },
    ]);
    expect(m.patch.edits).toEqual([]);
    expect(mergePatches(pa, pb, 'a').patch.edits.map((e) => e.tool)).toEqual(['delete-person']);
    expect(mergePatches(pa, pb, 'b').patch.edits.map((e) => e.tool)).toEqual(['edit-box']);

    // Alice also moved the box before deleting: one conflict on the box, listed once, and
    // without --prefer neither the box edits nor the deletion go through.
    const c = index();
    const box = (bbox: [number, number, number, number]) =>
      commitEdit(
        c.db,
        c.ds.id,
        { instanceId: c.id('1', '100'), tool: 'edit-box', joint: null, bbox },
        'alice',
      );
    box([6, 6, 6, 6]);
    deletePerson(c.db, c.ds.id, c.id('1', '100'), 'alice');
    const pc = buildPatch(c.db, c.ds);
    const both = mergePatches(pc, pb);
    expect(both.conflicts).toHaveLength(1);
    expect(both.patch.edits).toEqual([]);
    const bobWins = mergePatches(pc, pb, 'b');
    expect(bobWins.conflicts).toHaveLength(1);
    expect(bobWins.patch.edits.map((e) => [e.tool, e.annotator])).toEqual([['edit-box', 'bob']]);
  });

  it('two annotators adding someone to the same frame keep both people, in a merge and on apply', () => {
    const [a, b] = [index(), index()];
    addPerson(a.db, a.ds, { imageId: imageRow(a, '3').id, joints3d: newcomer }, 'alice');
    const other = fixturePerson([-900, 200, 5000]);
    addPerson(b.db, b.ds, { imageId: imageRow(b, '3').id, joints3d: other }, 'bob');
    const [pa, pb] = [buildPatch(a.db, a.ds), buildPatch(b.db, b.ds)];
    expect([pa.edits[0]!.person, pb.edits[0]!.person]).toEqual(['104', '104']);

    // Bob's patch on Alice's index: 104 is hers, so his person becomes 105.
    const onA = applyPatch(a.db, a.ds, pb);
    expect(onA.conflicts).toEqual([]);
    expect(onA.applied.map((x) => x.renamed)).toEqual(['105']);
    expect(gtPeople(a, '3')).toEqual([103, 104, 105]);

    // Merged, Bob's person is renumbered past both patches' ids; the merge applies whole.
    const m = mergePatches(pa, pb);
    expect(m.conflicts).toEqual([]);
    expect(m.renamed).toEqual([{ image: '3', from: '104', to: '105' }]);
    const c = index();
    expect(applyPatch(c.db, c.ds, m.patch).conflicts).toEqual([]);
    expect(gtPeople(c, '3')).toEqual([103, 104, 105]);
    expect(readPerson(c.db, c.ds.id, c.id('3', '105')).joints.joints3d).toEqual(other);
  });

  it('refuses what the files cannot hold, naming it', () => {
    const x = index();
    expect(() =>
      addPerson(x.db, x.ds, { imageId: imageRow(x, '1').id, joints3d: newcomer.slice(0, 15) }, 'a'),
    ).toThrow('cannot add a person: joints3d has 15 joints, mupots17 has 17');
    expect(() => addPerson(x.db, x.ds, { imageId: 999, joints3d: newcomer }, 'a')).toThrow(
      'cannot add a person: frame 999 is not in this dataset',
    );
    expect(() =>
      addPerson(
        x.db,
        x.ds,
        { imageId: imageRow(x, '1').id, joints2d: newcomer.map(() => [1, 1]) },
        'a',
      ),
    ).toThrow('a MuPoTS-3D person needs 3D joints');
    expect(cannotAddPeople('h36m')).toMatch(/four camera views/);
    expect(() =>
      addPerson(
        x.db,
        { ...x.ds, format: 'h36m', skeleton: 'h36m17' },
        { imageId: 1, joints3d: newcomer },
        'a',
      ),
    ).toThrow(/cannot add a person: Human3.6M/);
    // Nothing was written by the refusals.
    expect(editCounts(x.db, x.ds.id)).toEqual({ undo: 0, redo: 0 });
    expect(x.db.prepare('SELECT count(*) FROM instances').pluck().get()).toBe(4);
  });
});

const coco = sharedSample('coco-sample');
describe.skipIf('skip' in coco)('adding a person (COCO, real sample)', () => {
  it('exports a new COCO annotation with visibility, num_keypoints and the box area; re-import gives it back', () => {
    if ('skip' in coco) return;
    const x = index(coco.dir);
    const image = imageRow(x, '40083');
    // 17 joints in a column, two of them absent.
    const joints2d = Array.from({ length: 17 }, (_, j): [number, number] => [300, 100 + 10 * j]);
    const vis = joints2d.map((_, j) => (j === 1 || j === 2 ? 0 : 2));
    const r = addPerson(
      x.db,
      x.ds,
      { imageId: image.id, joints2d, vis, bbox: [280, 90, 40, 180] },
      'a',
    );
    const sourceId = x.db
      .prepare('SELECT source_id FROM instances WHERE id = ?')
      .pluck()
      .get(r.instanceId) as string;
    // Scored by the box's area (COCO's OKS scale), as the export will write it.
    const gt = [...groundTruthImages(x.db, x.ds.id, 'coco', image.id)][0]!;
    expect(gt.people.find((p) => p.instanceId === r.instanceId)!.area).toBe(7200);
    const out = join(tmp, 'coco-out');
    exportDataset(x.db, x.ds, out);
    const file = JSON.parse(readFileSync(join(out, 'test_coco.json'), 'utf8')) as {
      annotations: Record<string, unknown>[];
    };
    const a = file.annotations.find((q) => String(q.id) === sourceId)!;
    expect(a).toMatchObject({
      image_id: 40083,
      category_id: 1,
      iscrowd: 0,
      num_keypoints: 15,
      area: 7200,
    });
    expect(a.bbox).toEqual([280, 90, 40, 180]);
    expect((a.keypoints as number[]).slice(0, 9)).toEqual([300, 100, 2, 0, 0, 0, 0, 0, 0]);
    const ids = file.annotations.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);

    const back = index(out);
    const again = readPerson(back.db, back.ds.id, back.id('40083', sourceId)).joints;
    expect(again.vis).toEqual(vis);
    expect(again.joints2d!.filter((_, j) => vis[j])).toEqual(joints2d.filter((_, j) => vis[j]));
  });
});
const h36m = sharedSample('h36m-sample');
describe.skipIf('skip' in h36m)('deleting a person (Human3.6M, real sample)', () => {
  it('leaves the annotation out of the data file and the frame’s world pose in the joint file', () => {
    if ('skip' in h36m) return;
    const x = index(h36m.dir);
    const image = imageRow(x, '100');
    expect(() => addPerson(x.db, x.ds, { imageId: image.id, joints3d: newcomer }, 'a')).toThrow(
      /cannot add a person: Human3.6M frames hold one subject/,
    );
    deletePerson(x.db, x.ds.id, x.id('100', '100'), 'a');
    const out = join(tmp, 'h36m-out');
    exportDataset(x.db, x.ds, out);
    const read = (root: string, f: string) =>
      JSON.parse(readFileSync(join(root, 'annotations', f), 'utf8')) as Record<string, unknown>;
    const data = read(out, 'Human36M_subject1_data.json') as { annotations: unknown[] };
    expect(data.annotations).toEqual([]);
    expect(read(out, 'Human36M_subject1_joint_3d.json')).toEqual(
      read(h36m.dir, 'Human36M_subject1_joint_3d.json'),
    );
    const back = index(out);
    expect(back.find('100', '100')).toBeUndefined();
    expect(imageRow(back, '100').people).toBe(0);
  });
});

explainSkip('skip' in coco ? coco.skip : 'skip' in h36m ? h36m.skip : undefined);
