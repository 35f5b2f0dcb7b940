import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rayDrag } from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { indexFolder, type IndexedFolder } from '../../test/fixtures/indexedFolder';
import type { IndexDb } from '../store/db/openIndex';
import { applyPatch } from './applyPatch';
import { commitEdit, undoEdit } from './editLog';
import { mergePatches } from './mergePatches';
import { buildPatch, readPatch, writePatch, type CorrectionsPatch } from './patch';
import { readPerson } from '../store/labels/personStore';
import { reviewCounts, setImageReview } from '../store/edits/review';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-patch-'));
const dir = join(tmp, 'mupots');
const opened: IndexDb[] = [];
beforeAll(async () => {
  await writeMupotsFixture(dir);
});
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

type Index = IndexedFolder;

let n = 0;
/** A new index of the fixture, as another annotator's machine would have. */
const fresh = (): Index => indexFolder(dir, join(tmp, `${n++}.sqlite`), opened);

/** Moves one joint of a person along its ray by `dz` mm (its 2D follows, MuPoTS-3D style). */
function deepen(x: Index, image: string, person: string, joint: number, dz: number, who = 'ann') {
  const instanceId = x.id(image, person);
  const pose = readPerson(x.db, x.ds.id, instanceId).joints.joints3d!;
  const joints3d = rayDrag(pose, joint, pose[joint]![2] + dz);
  return commitEdit(x.db, x.ds.id, { instanceId, tool: 'ray-drag', joint, joints3d }, who);
}

/** Moves joints of a person in 3D by `d` in one edit (a free drag of several joints). */
function shift(x: Index, image: string, person: string, joints: number[], d: number, who: string) {
  const instanceId = x.id(image, person);
  const pose = readPerson(x.db, x.ds.id, instanceId).joints.joints3d!;
  const joints3d = pose.map((p, j) => (joints.includes(j) ? ([p[0] + d, p[1], p[2]] as const) : p));
  return commitEdit(
    x.db,
    x.ds.id,
    { instanceId, tool: 'free-drag', joint: joints[0]!, joints3d },
    who,
  );
}

/** Drags one 2D joint of a person by (du, dv) pixels. */
function drag2d(x: Index, image: string, person: string, joint: number, du: number, who: string) {
  const instanceId = x.id(image, person);
  const pose = readPerson(x.db, x.ds.id, instanceId).joints.joints2d!;
  const joints2d = pose.map((p, j) => (j === joint ? ([p[0] + du, p[1] - du] as const) : p));
  return commitEdit(x.db, x.ds.id, { instanceId, tool: 'drag-2d', joint, joints2d }, who);
}

const labels = (x: Index) =>
  (x.db.prepare('SELECT id FROM instances ORDER BY id').pluck().all() as number[]).map(
    (id) => readPerson(x.db, x.ds.id, id).joints,
  );
const logged = (x: Index) =>
  x.db.prepare('SELECT annotator, tool, joint, state FROM edits ORDER BY id').all();

describe('corrections patch', () => {
  it('holds the applied edits in order, keyed by the dataset ids, and reads back as written', () => {
    const a = fresh();
    deepen(a, '1', '100', 4, 300);
    deepen(a, '3', '103', 2, -150);
    deepen(a, '1', '101', 7, 90);
    undoEdit(a.db, a.ds.id); // undone edits are not corrections
    const patch = buildPatch(a.db, a.ds);
    expect(patch).toMatchObject({ posescope_patch: 1, format: 'mupots', skeleton: 'mupots17' });
    expect(patch.edits.map((e) => [e.image, e.person, e.tool, e.joint, e.annotator])).toEqual([
      ['1', '100', 'ray-drag', 4, 'ann'],
      ['3', '103', 'ray-drag', 2, 'ann'],
    ]);
    // Only the moved joint; a ray drag leaves its 2D where it was.
    expect(patch.edits[0]!.after.joints3d!.map(([j]) => j)).toEqual([4]);
    expect(patch.edits[0]!.after.joints2d).toEqual([]);
    const file = join(tmp, 'a.json');
    writePatch(file, patch);
    expect(readPatch(file)).toEqual(patch);
  });

  it('carries the frames’ review status: applied with who and when, merged by the later review', () => {
    const a = fresh();
    const imageId = (x: Index, image: string) =>
      x.db
        .prepare('SELECT id FROM images WHERE dataset_id = ? AND source_id = ?')
        .pluck()
        .get(x.ds.id, image) as number;
    setImageReview(a.db, a.ds.id, imageId(a, '1'), 'verified', 'ann');
    setImageReview(a.db, a.ds.id, imageId(a, '3'), 'needs-fix', 'ann');
    const patch = buildPatch(a.db, a.ds);
    expect(patch.reviews!.map((r) => [r.image, r.status, r.by])).toEqual([
      ['1', 'verified', 'ann'],
      ['3', 'needs-fix', 'ann'],
    ]);
    const file = join(tmp, 'reviews.json');
    writePatch(file, patch);
    const b = fresh();
    const report = applyPatch(b.db, b.ds, readPatch(file));
    expect(report.reviews).toEqual({ applied: 2, unknownImages: [] });
    expect(reviewCounts(b.db, b.ds.id)).toEqual({
      unreviewed: 1,
      'needs-fix': 1,
      fixed: 0,
      verified: 1,
    });
    // Twice is harmless; an image the dataset lacks is named.
    const again = applyPatch(b.db, b.ds, {
      ...patch,
      reviews: [...patch.reviews!, { image: '99', status: 'fixed', by: 'bo', at: 'x' }],
    });
    expect(again.reviews).toEqual({ applied: 0, unknownImages: ['99'] });
    // Both reviewed frame 3: the later review wins the merge.
    const later = { image: '3', status: 'fixed' as const, by: 'bo', at: '2999-01-01T00:00:00Z' };
    const merged = mergePatches(patch, { ...patch, edits: [], reviews: [later] }).patch;
    expect(merged.reviews).toEqual([patch.reviews![0], later]);
  });

  it('names the file and the entry when a patch is invalid', () => {
    const a = fresh();
    deepen(a, '1', '100', 4, 300);
    const patch = buildPatch(a.db, a.ds);
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...patch,
        edits: [...patch.edits, { ...patch.edits[0], tool: 'teleport' }],
      }),
    );
    expect(() => readPatch(bad)).toThrow(
      `${bad}: not a PoseScope corrections patch (edit 1: person "100" of image "1"): edits.1.tool`,
    );
    writeFileSync(bad, '{"posescope_patch": 1,');
    expect(() => readPatch(bad)).toThrow(`${bad}: not a readable JSON file`);
    writeFileSync(bad, JSON.stringify({ ...patch, posescope_patch: 2 }));
    expect(() => readPatch(bad)).toThrow(/posescope_patch/);
  });

  it('applies through the edit log on another index: same labels, annotator kept, twice harmless', () => {
    const a = fresh();
    deepen(a, '1', '100', 4, 300, 'alice');
    deepen(a, '1', '100', 4, -50, 'alice');
    deepen(a, '2', '102', 9, 120, 'alice');
    const patch = buildPatch(a.db, a.ds);
    const b = fresh();
    const r = applyPatch(b.db, b.ds, patch);
    expect(r.applied.map((e) => e.entry)).toEqual([0, 1, 2]);
    expect(r.conflicts).toEqual([]);
    expect(labels(b)).toEqual(labels(a));
    expect(logged(b)).toEqual(logged(a));
    const again = applyPatch(b.db, b.ds, patch);
    expect(again.applied).toEqual([]);
    expect(again.skipped.map((s) => [s.entry, s.reason])).toEqual([
      [0, 'already applied'],
      [1, 'already applied'],
      [2, 'already applied'],
    ]);
    expect(again.conflicts).toEqual([]);
    expect(labels(b)).toEqual(labels(a));
  });

  it('reports conflicting entries and writes nothing for them; --dry-run writes nothing at all', () => {
    const a = fresh();
    deepen(a, '1', '100', 4, 300);
    deepen(a, '3', '103', 2, -150);
    const patch = buildPatch(a.db, a.ds);
    const c = fresh();
    deepen(c, '1', '100', 4, 500, 'carol'); // the same joint, moved elsewhere first
    const held = labels(c);
    const dry = applyPatch(c.db, c.ds, patch, { dryRun: true });
    expect(dry.applied.map((e) => e.entry)).toEqual([1]);
    expect(labels(c)).toEqual(held);
    expect(logged(c)).toHaveLength(1);
    const r = applyPatch(c.db, c.ds, patch);
    expect(r.conflicts).toMatchObject([
      {
        entry: 0,
        image: '1',
        person: '100',
        joints: [{ channel: 'joints3d', joint: 4 }],
      },
    ]);
    expect(labels(c)[0]).toEqual(held[0]);
    expect(labels(c)[3]).toEqual(labels(a)[3]);
    const missing: CorrectionsPatch = {
      ...patch,
      edits: [{ ...patch.edits[0]!, person: '999' }],
    };
    expect(applyPatch(c.db, c.ds, missing).conflicts[0]!.reason).toBe(
      'no such person in this dataset',
    );
    expect(() => applyPatch(c.db, c.ds, { ...patch, format: 'coco', skeleton: 'coco17' })).toThrow(
      /the patch is for a coco dataset/,
    );
  });
});

describe('merging two annotators’ patches', () => {
  /** Two annotators' patches of the fixture, each from its own index. */
  function twoPatches(alice: (x: Index) => void, bob: (x: Index) => void) {
    const [a, b] = [fresh(), fresh()];
    alice(a);
    bob(b);
    return [buildPatch(a.db, a.ds), buildPatch(b.db, b.ds)] as const;
  }

  it('merges disjoint corrections: applying the merge gives both', () => {
    const [pa, pb] = twoPatches(
      (x) => deepen(x, '1', '100', 4, 300, 'alice'),
      (x) => deepen(x, '1', '100', 5, -200, 'bob'),
    );
    const m = mergePatches(pa, pb);
    expect(m.conflicts).toEqual([]);
    expect(m.patch.edits).toEqual([...pa.edits, ...pb.edits]);
    const both = fresh();
    deepen(both, '1', '100', 4, 300);
    deepen(both, '1', '100', 5, -200);
    const target = fresh();
    expect(applyPatch(target.db, target.ds, m.patch).conflicts).toEqual([]);
    expect(labels(target)).toEqual(labels(both));
  });

  it('keeps a correction both made identically once', () => {
    const [pa, pb] = twoPatches(
      (x) => {
        deepen(x, '3', '103', 2, -150, 'alice');
        drag2d(x, '1', '101', 3, 6.5, 'alice');
      },
      (x) => {
        drag2d(x, '1', '101', 3, 6.5, 'bob');
        deepen(x, '3', '103', 2, -150, 'bob');
        deepen(x, '2', '102', 0, 80, 'bob');
      },
    );
    const m = mergePatches(pa, pb);
    expect(m.conflicts).toEqual([]);
    expect(m.identical).toBe(2);
    expect(m.patch.edits.map((e) => [e.person, e.annotator])).toEqual([
      ['103', 'alice'],
      ['101', 'alice'],
      ['102', 'bob'],
    ]);
  });

  it('lists a joint both changed differently with both values, resolved only by --prefer', () => {
    const [pa, pb] = twoPatches(
      (x) => {
        shift(x, '1', '100', [4, 5], 40, 'alice');
        deepen(x, '1', '101', 1, 60, 'alice');
      },
      (x) => deepen(x, '1', '100', 4, 450, 'bob'),
    );
    const m = mergePatches(pa, pb);
    expect(m.conflicts.map((c) => [c.person, c.channel, c.joint])).toEqual([
      ['100', 'joints3d', 4],
    ]);
    const c = m.conflicts[0]!;
    expect(c.a).toEqual(pa.edits[0]!.after.joints3d![0]![1]);
    expect(c.b).toEqual(pb.edits[0]!.after.joints3d![0]![1]);
    expect(c.before).toEqual(pa.edits[0]!.before.joints3d![0]![1]);
    expect(c.annotators).toEqual({ a: ['alice'], b: ['bob'] });
    // Unresolved, neither value of joint 4 is merged; the rest of alice's edit (joint 5) is.
    expect(m.patch.edits.map((e) => [e.person, e.after.joints3d!.map(([j]) => j)])).toEqual([
      ['100', [5]],
      ['101', [1]],
    ]);
    const preferB = mergePatches(pa, pb, 'b');
    expect(preferB.conflicts).toHaveLength(1);
    const target = fresh();
    expect(
      applyPatch(target.db, target.ds, readPatch(writeAndPath(preferB.patch))).conflicts,
    ).toEqual([]);
    const expected = fresh();
    shift(expected, '1', '100', [5], 40, 'x');
    deepen(expected, '1', '101', 1, 60);
    deepen(expected, '1', '100', 4, 450);
    expect(labels(target)).toEqual(labels(expected));
  });
});

function writeAndPath(p: CorrectionsPatch): string {
  const f = join(tmp, `merged-${n++}.json`);
  writePatch(f, p);
  return f;
}
