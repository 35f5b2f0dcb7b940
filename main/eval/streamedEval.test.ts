import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { evaluateRun, type DatasetRef } from './evaluateRun';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-streamed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A prediction file's records are staged on disk and scored in the dataset's image order. */
describe('evaluating a prediction file streamed through its stage', () => {
  const stages = join(tmp, 'stages');
  let db: IndexDb;
  let ds: DatasetRef;
  let people: Vec3[][] = [];
  // The first joint (not the root) off by `mm`: MPJPE mm / 17.
  const nudged = (p: Vec3[], mm: number) => p.map(([x, y, z], j) => [j === 0 ? x + mm : x, y, z]);
  // The fixture's images 1 (two people), 2 and 3, each person predicted a little off.
  const byImage = () => ({
    1: [
      { image_id: 1, score: 0.9, joints_cam: nudged(people[0]!, 10) },
      { image_id: 1, score: 0.8, joints_cam: nudged(people[1]!, 30) },
    ],
    2: [{ image_id: 2, score: 0.7, joints_cam: nudged(people[2]!, 20) }],
    3: [{ image_id: 3, score: 0.6, joints_cam: nudged(people[3]!, 40) }],
  });
  const write = (name: string, preds: unknown) => {
    const file = join(tmp, `${name}.json`);
    writeFileSync(file, JSON.stringify(preds));
    return file;
  };
  const staged = () => readdirSync(stages).filter((f) => f.startsWith('.posescope-eval-'));

  beforeAll(async () => {
    const dir = join(tmp, 'mupots');
    people = (await writeMupotsFixture(dir)).people;
    const dbFile = join(tmp, 'index.sqlite');
    indexDataset({ root: dir, dbFile });
    db = openIndex(dbFile);
    ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
    mkdirSync(stages);
  });
  afterAll(() => db.close());

  it('gives the same figures whatever order the file lists its images in', () => {
    const p = byImage();
    const ordered = evaluateRun(db, ds, write('ordered', [...p[1], ...p[2], ...p[3]]), {
      stageFolder: stages,
    });
    const unknown = (id: number, k: number) => ({ image_id: id, joints_cam: people[k] });
    const shuffled = evaluateRun(
      db,
      ds,
      write('shuffled', [
        ...p[3],
        p[1][0],
        unknown(99, 0),
        ...p[2],
        unknown(98, 1),
        p[1][1],
        unknown(99, 2),
      ]),
      { stageFolder: stages },
    );
    expect(shuffled.metrics).toEqual(ordered.metrics);
    expect(ordered.metrics).toMatchObject({ matched: 4, instances: 4 });
    expect((ordered.metrics as { MPJPE: number }).MPJPE).toBeCloseTo(25 / 17, 9);
    // Unknown images are told image by image, in the order each first appears in the file.
    expect(shuffled.issues).toEqual([
      {
        kind: 'prediction for unknown image',
        count: 3,
        examples: [
          expect.stringMatching(/shuffled\.json \[2\]: image_id 99$/),
          expect.stringMatching(/shuffled\.json \[6\]: image_id 99$/),
          expect.stringMatching(/shuffled\.json \[4\]: image_id 98$/),
        ],
      },
    ]);
    expect(shuffled.read?.unknownImages).toEqual({ count: 3, first: ['99', '98'] });
    expect(staged()).toEqual([]);
  });

  it('stores the predictions image by image as the images are numbered', () => {
    const rows = db
      .prepare(
        `SELECT p.image_id, p.score FROM predictions p JOIN runs r ON r.id = p.run_id
         WHERE r.name = 'shuffled' ORDER BY p.id`,
      )
      .all();
    expect(rows).toEqual([
      { image_id: 1, score: 0.9 },
      { image_id: 1, score: 0.8 },
      { image_id: 2, score: 0.7 },
      { image_id: 3, score: 0.6 },
    ]);
  });

  it('names the folder it could not stage in, and keeps the run it would replace', () => {
    const p = byImage();
    const file = write('kept', [...p[1], ...p[2], ...p[3]]);
    evaluateRun(db, ds, file, { stageFolder: stages });
    const count = () =>
      db
        .prepare(
          "SELECT count(*) FROM predictions p JOIN runs r ON r.id = p.run_id WHERE r.name = 'kept'",
        )
        .pluck()
        .get();
    expect(count()).toBe(4);
    const missing = join(tmp, 'no-such-folder');
    expect(() => evaluateRun(db, ds, file, { stageFolder: missing })).toThrow(
      /kept\.json: could not stage its predictions in .*no-such-folder: ENOENT/,
    );
    expect(count()).toBe(4);
  });

  it('leaves no stage behind when the file turns out malformed', () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(file, `[${JSON.stringify(byImage()[2][0])}, {"image_id": 1, "joints_cam": [[1`);
    expect(() => evaluateRun(db, ds, file, { stageFolder: stages })).toThrow(/broken\.json:1:\d+/);
    expect(staged()).toEqual([]);
  });
});
