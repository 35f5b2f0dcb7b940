import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rayDrag, type Vec3 } from '../../../core';
import { writeMupotsFixture } from '../../../test/fixtures/mupotsFixture';
import { commitEdit } from '../../edit/editLog';
import { evaluateRun } from '../../eval/evaluateRun';
import { indexDataset } from '../../indexer/indexDataset';
import { openIndex, type IndexDb } from '../db/openIndex';
import { readPerson } from '../labels/personStore';
import { deleteRun, renameRun } from './runAdmin';
import { listRuns } from './runList';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-run-admin-'));
const dbFile = join(tmp, 'index.sqlite');
let db: IndexDb;
let people: Vec3[][];
/** Dataset row ids: the one under test, and a second dataset in the same index file. */
let ds: { id: number; format: 'mupots'; skeleton: string };
let other: { id: number; format: 'mupots'; skeleton: string };

const imageOf = [1, 1, 2, 3];

/** Imports a run whose every person is `people`, moved by `shift` mm along x. */
function importRun(dataset: { id: number }, name: string, shift: number): number {
  const file = join(tmp, `${dataset.id}-${name}.json`);
  const poses = people.map((p, i) => ({
    image_id: imageOf[i],
    joints_cam: p.map(([x, y, z]) => [x + shift, y, z]),
  }));
  writeFileSync(file, JSON.stringify(poses));
  evaluateRun(db, { ...dataset, format: 'mupots', skeleton: 'mupots17' }, file, { name });
  return listRuns(db, dataset.id).find((r) => r.name === name)!.id;
}

/** Tables with a run_id column, read from the schema so a table added later is covered too. */
function runTables(): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[];
  return tables.filter((t) =>
    (db.pragma(`table_info(${t})`) as { name: string }[]).some((c) => c.name === 'run_id'),
  );
}

const rowsOf = (runId: number) =>
  Object.fromEntries(
    runTables().map((t) => [
      t,
      db.prepare(`SELECT count(*) FROM ${t} WHERE run_id = ?`).pluck().get(runId) as number,
    ]),
  );

const everyRow = (table: string, order: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();

beforeAll(async () => {
  const dir = join(tmp, 'mupots');
  people = (await writeMupotsFixture(dir)).people;
  await writeMupotsFixture(join(tmp, 'second'));
  indexDataset({ root: dir, dbFile });
  indexDataset({ root: join(tmp, 'second'), dbFile });
  db = openIndex(dbFile);
  const ids = db.prepare('SELECT id FROM datasets ORDER BY id').pluck().all() as number[];
  ds = { id: ids[0]!, format: 'mupots', skeleton: 'mupots17' };
  other = { id: ids[1]!, format: 'mupots', skeleton: 'mupots17' };
});
afterAll(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('deleting a run', () => {
  it('leaves no row of the run in any table, and labels, edits and other runs as they were', () => {
    const doomed = importRun(ds, 'doomed', 30);
    const kept = importRun(ds, 'kept', 10);
    const elsewhere = importRun(other, 'doomed', 30);
    // What an inference run adds beyond an import: model outputs and finished targets.
    for (const run of [doomed, kept]) {
      const [instance, image] = db
        .prepare(
          'SELECT id, image_id FROM instances WHERE image_id IN (SELECT id FROM images WHERE dataset_id = ?) LIMIT 1',
        )
        .raw()
        .get(ds.id) as [number, number];
      db.prepare(
        "INSERT INTO artifacts (run_id, instance_id, image_id, kind, dtype, shape, data) VALUES (?, ?, ?, 'heatmaps', 'float32', '[1]', x'00000000')",
      ).run(run, instance, image);
      db.prepare(
        "INSERT INTO inference_results (run_id, target, image_id, predictions) VALUES (?, ?, ?, '[]')",
      ).run(run, `p${instance}`, image);
    }
    const first = db
      .prepare(
        'SELECT min(i.id) FROM instances i JOIN images m ON m.id = i.image_id WHERE m.dataset_id = ?',
      )
      .pluck()
      .get(ds.id) as number;
    const pose = readPerson(db, ds.id, first).joints.joints3d!;
    commitEdit(
      db,
      ds.id,
      {
        instanceId: first,
        tool: 'ray-drag',
        joint: 4,
        joints3d: rayDrag(pose, 4, pose[4]![2] + 300),
      },
      'annotator',
    );

    const held = {
      instances: everyRow('instances', 'id'),
      originals: everyRow('instance_originals', 'instance_id'),
      edits: everyRow('edits', 'id'),
      images: everyRow('images', 'id'),
      kept: rowsOf(kept),
      elsewhere: rowsOf(elsewhere),
      keptRun: db.prepare('SELECT * FROM runs WHERE id = ?').get(kept),
    };
    const before = rowsOf(doomed);
    expect(before).toMatchObject({
      predictions: 4,
      instance_metrics: 4,
      image_metrics: 3,
      artifacts: 1,
      inference_results: 1,
    });
    expect(held.edits).toHaveLength(1);

    expect(deleteRun(db, ds.id, doomed)).toBe('doomed');

    const after = rowsOf(doomed);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const n of Object.values(after)) expect(n).toBe(0);
    expect(db.prepare('SELECT count(*) FROM runs WHERE id = ?').pluck().get(doomed)).toBe(0);
    expect({
      instances: everyRow('instances', 'id'),
      originals: everyRow('instance_originals', 'instance_id'),
      edits: everyRow('edits', 'id'),
      images: everyRow('images', 'id'),
      kept: rowsOf(kept),
      elsewhere: rowsOf(elsewhere),
      keptRun: db.prepare('SELECT * FROM runs WHERE id = ?').get(kept),
    }).toEqual(held);
    expect(listRuns(db, ds.id).map((r) => r.name)).toEqual(['kept']);
    expect(listRuns(db, other.id).map((r) => r.name)).toEqual(['doomed']);
  });

  it('refuses a run of another dataset, or none, and deletes nothing', () => {
    const elsewhere = listRuns(db, other.id)[0]!.id;
    expect(() => deleteRun(db, ds.id, elsewhere)).toThrow(
      `run ${elsewhere} is not a run of this dataset`,
    );
    expect(() => deleteRun(db, ds.id, 9999)).toThrow('run 9999 is not a run of this dataset');
    expect(rowsOf(elsewhere).predictions).toBe(4);
  });
});

describe('renaming a run', () => {
  it('stores the trimmed name, and the run keeps its rows and figures', () => {
    const id = importRun(ds, 'to-rename', 20);
    const rows = rowsOf(id);
    const summary = listRuns(db, ds.id).find((r) => r.id === id)!.summary;
    expect(renameRun(db, ds.id, id, '  renamed run \t')).toBe('renamed run');
    const run = listRuns(db, ds.id).find((r) => r.id === id)!;
    expect(run).toMatchObject({ name: 'renamed run', predictions: 4 });
    expect(run.summary).toEqual(summary);
    expect(rowsOf(id)).toEqual(rows);
    // Its own name again is no clash.
    expect(renameRun(db, ds.id, id, 'renamed run')).toBe('renamed run');
  });

  it('refuses a blank name, a name another run of the dataset has, and a run not in the dataset', () => {
    const names = () => listRuns(db, ds.id).map((r) => [r.id, r.name]);
    const held = names();
    const [a, b] = listRuns(db, ds.id);
    expect(() => renameRun(db, ds.id, a!.id, '   ')).toThrow(
      'a run needs a name: the new name is blank',
    );
    expect(() => renameRun(db, ds.id, a!.id, ` ${b!.name} `)).toThrow(
      `another run of this dataset is already called "${b!.name}"`,
    );
    const elsewhere = listRuns(db, other.id)[0]!;
    expect(() => renameRun(db, ds.id, elsewhere.id, 'fresh')).toThrow(
      `run ${elsewhere.id} is not a run of this dataset`,
    );
    expect(names()).toEqual(held);
    expect(listRuns(db, other.id)[0]!.name).toBe(elsewhere.name);
    // Names are unique per dataset only: another dataset's run may share one.
    expect(renameRun(db, other.id, elsewhere.id, a!.name)).toBe(a!.name);
  });
});
