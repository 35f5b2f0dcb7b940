import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rayDrag } from '../../core';
import { indexFolder, type IndexedFolder } from '../../test/fixtures/indexedFolder';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import { evaluateRun } from '../eval/evaluateRun';
import { runSummaryJob, summariseRuns } from '../eval/summaryJob';
import type { IndexDb } from '../store/db/openIndex';
import { commitEdit, undoEdit } from './editLog';
import { addPerson, deletePerson } from './personPresence';
import { readPerson } from '../store/labels/personStore';
import { rescoreRuns, rescoreTouched } from './rescore';

const sample = join(__dirname, '..', '..', 'assets', 'sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-rescore-'));
const opened: IndexDb[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
function scored(): IndexedFolder {
  const x = indexFolder(sample, join(tmp, `${n++}.sqlite`), opened);
  evaluateRun(x.db, x.ds, join(sample, 'predictions', 'baseline.json'), { name: 'baseline' });
  return x;
}

/** The same corrections on an index: a joint moved, a person deleted, one added, an undo. */
function correct(x: IndexedFolder): number[] {
  const touched: number[] = [];
  const knee = x.id('23', '50');
  const p = readPerson(x.db, x.ds.id, knee).joints.joints3d!;
  touched.push(
    ...commitEdit(
      x.db,
      x.ds.id,
      { instanceId: knee, tool: 'ray-drag', joint: 13, joints3d: rayDrag(p, 13, p[13]![2] - 400) },
      'a',
    ).images,
  );
  touched.push(...deletePerson(x.db, x.ds.id, x.id('9', '12'), 'a').images);
  const other = readPerson(x.db, x.ds.id, x.id('30', '70')).joints.joints3d!;
  const image2 = x.db
    .prepare("SELECT id FROM images WHERE source_id = '2'")
    .pluck()
    .get() as number;
  touched.push(...addPerson(x.db, x.ds, { imageId: image2, joints3d: other }, 'a').images);
  touched.push(...deletePerson(x.db, x.ds.id, x.id('27', '63'), 'a').images);
  touched.push(...undoEdit(x.db, x.ds.id)!.images);
  return touched;
}

/** Everything the runs' scores consist of, without row ids that differ between indexes. */
function scores(db: IndexDb) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    predictions: all(
      `SELECT im.source_id AS image, i.source_id AS person, p.score, hex(p.joints_cam) AS joints
       FROM predictions p JOIN images im ON im.id = p.image_id LEFT JOIN instances i ON i.id = p.instance_id
       ORDER BY image, joints`,
    ),
    people: all(
      `SELECT i.source_id AS person, m.action, m.mpjpe, m.pa_mpjpe, m.mrpe, m.mrpe_x, m.mrpe_y,
         m.mrpe_z, m.pck_rel, m.pck_abs, m.ranking_acc, m.gt_root_z, m.pred_root_z, hex(m.joint_errors) AS errors
       FROM instance_metrics m JOIN instances i ON i.id = m.instance_id ORDER BY person`,
    ),
    frames: all(
      `SELECT im.source_id AS image, f.matched, f.missed, f.mpjpe, f.pa_mpjpe, f.mrpe, f.mrpe_z,
         f.pck_rel, f.ranking_acc FROM image_metrics f JOIN images im ON im.id = f.image_id ORDER BY image`,
    ),
    summary: JSON.parse(db.prepare('SELECT summary FROM runs').pluck().get() as string) as unknown,
  };
}

describe('scoring again after edits', () => {
  it('on the touched images, then the set figures apart, gives exactly what scoring everything gives', () => {
    const [full, part] = [scored(), scored()];
    correct(full);
    rescoreRuns(full.db, full.ds);
    const touched = correct(part);
    const before = scores(part.db).summary;
    rescoreTouched(part.db, part.ds, touched);
    // The per-person and per-frame figures are right at once; the set figures still the old.
    const now = scores(part.db);
    const want = scores(full.db);
    expect(now.predictions).toEqual(want.predictions);
    expect(now.people).toEqual(want.people);
    expect(now.frames).toEqual(want.frames);
    expect(now.summary).toEqual(before);
    const [s] = summariseRuns({ dbFile: part.dbFile, dataset: part.ds });
    expect(s!.summary).toEqual(want.summary);
    expect(want.summary).not.toEqual(before);
  });
});

const summaryWorker = resolve('dist/summaryWorker.mjs');
describe.skipIf(!existsSync(summaryWorker))('the set figures on the worker thread', () => {
  it('come back as computed inline', async () => {
    const x = scored();
    correct(x);
    const job = { dbFile: x.dbFile, dataset: x.ds };
    expect(await runSummaryJob(job, summaryWorker).done).toEqual(summariseRuns(job));
  });
});

const h36m = sharedSample('h36m-sample');
describe.skipIf('skip' in h36m)('the images an edit touches (Human3.6M, real sample)', () => {
  it('are the image and the other views of its frame, which share its world pose', () => {
    if ('skip' in h36m) return;
    const dir = join(tmp, 'h36m');
    cpSync(h36m.dir, dir, { recursive: true });
    const file = join(dir, 'annotations', 'Human36M_subject1_data.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      images: object[];
      annotations: object[];
    };
    data.images.push({ ...data.images[0]!, id: 101, file_name: 'another/view.jpg' });
    data.annotations.push({ ...data.annotations[0]!, id: 101, image_id: 101 });
    writeFileSync(file, JSON.stringify(data));
    const x = indexFolder(dir, join(tmp, 'h36m.sqlite'), opened);
    const image = (source: string) =>
      x.db.prepare('SELECT id FROM images WHERE source_id = ?').pluck().get(source) as number;
    const moveKnee = (source: string) => {
      const id = x.id(source, source);
      const pose = readPerson(x.db, x.ds.id, id).joints.joints3d!;
      return commitEdit(
        x.db,
        x.ds.id,
        {
          instanceId: id,
          tool: 'ray-drag',
          joint: 2,
          joints3d: rayDrag(pose, 2, pose[2]![2] + 50),
        },
        'a',
      );
    };
    expect([...moveKnee('100').images].sort()).toEqual([image('100'), image('101')].sort());
    expect(moveKnee('500').images).toEqual([image('500')]);
    expect([...undoEdit(x.db, x.ds.id)!.images]).toEqual([image('500')]);
    expect([...undoEdit(x.db, x.ds.id)!.images].sort()).toEqual(
      [image('100'), image('101')].sort(),
    );
  });
});
explainSkip(
  !existsSync(summaryWorker)
    ? `the worker-thread test needs ${summaryWorker} (npm run build)`
    : 'skip' in h36m
      ? h36m.skip
      : undefined,
);
