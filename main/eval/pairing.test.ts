import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolResult } from '../../contract';
import type { Vec3 } from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { evaluateRun, type DatasetRef } from './evaluateRun';
import { NothingScoredError } from './nothingScored';
import { SCORING_VERSION } from './scoreRun';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-pairing-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const writePreds = (name: string, preds: unknown) => {
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(preds));
  return file;
};
const shift = (p: readonly Vec3[], d: Vec3) =>
  p.map(([x, y, z]) => [x + d[0], y + d[1], z + d[2]] as const);
const protocol = (m: { protocols: ProtocolResult[] }, id: ProtocolResult['id']) =>
  m.protocols.find((p) => p.id === id)!;
const fig = (p: ProtocolResult, key: string) => p.figures.find((f) => f.key === key)?.value;

// The fixture: image 1 holds annotations 100 and 101, image 2 holds 102, image 3 holds 103.
describe('pairing predictions with people, and sets that score nothing', () => {
  const dir = join(tmp, 'mupots');
  let people: Vec3[][] = [];
  let db: IndexDb;
  let ds: DatasetRef;
  beforeAll(async () => {
    people = (await writeMupotsFixture(dir)).people;
    const dbFile = join(tmp, 'index.sqlite');
    indexDataset({ root: dir, dbFile });
    db = openIndex(dbFile);
    ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
  });
  afterAll(() => db.close());

  it('pairs nobody with a detection 1.6 m from every person (MuPoTS-3D: 40 px per joint)', () => {
    // Image 2's person predicted 1.6 m to the side: the old nearest-root pairing took it.
    const r = evaluateRun(
      db,
      ds,
      writePreds('astray', [
        { image_id: 2, joints_cam: shift(people[2]!, [1600, 0, 0]) },
        { image_id: 3, joints_cam: people[3] },
      ]),
    );
    expect(r.metrics).toMatchObject({ matched: 1, instances: 4, MPJPE: 0 });
  });

  it('scores MuPoTS-3D over all annotated people (a miss is 0) and over detected people', () => {
    const r = evaluateRun(
      db,
      ds,
      writePreds('half', [
        { image_id: 1, joints_cam: people[0] },
        { image_id: 3, joints_cam: people[3] },
      ]),
    );
    const p = protocol(r.metrics, 'mupots');
    // TS1: 1 of its 3 people detected, perfectly; TS2: its one person, perfectly.
    expect(fig(p, 'PCK3D_rel_matched')).toBe(100);
    expect(fig(p, 'PCK3D_rel_all')).toBeCloseTo((100 / 3 + 100) / 2, 9);
    const ts1 = p.tables[0]!.rows.find((row) => row.label === 'TS1')!;
    expect(ts1.values.slice(8)).toEqual([3, 1]);
  });

  it("gives a prediction made from a person's own box (ann_id) to that person", () => {
    // Annotation 100's prediction carries annotation 101's pose, which would pair it with 101.
    const r = evaluateRun(
      db,
      ds,
      writePreds('own-box', [{ image_id: 1, ann_id: 100, joints_cam: people[1] }]),
    );
    expect(r.metrics.matched).toBe(1);
    const person = db
      .prepare(
        `SELECT i.source_id FROM predictions p JOIN runs r ON r.id = p.run_id
         JOIN instances i ON i.id = p.instance_id WHERE r.name = 'own-box'`,
      )
      .pluck()
      .get();
    expect(person).toBe('100');
    // Same rest pose, 1.3 m apart: the root error shows whose pose it was.
    expect((r.metrics as { MRPE: number }).MRPE).toBeGreaterThan(1000);
  });

  it('names predictions in metres against a millimetre dataset, with the factor, unscaled', () => {
    const metres = people.map((p, i) => ({
      image_id: [1, 1, 2, 3][i],
      joints_cam: p.map((q) => q.map((v) => v / 1000)),
      joints_img: undefined,
    }));
    const r = evaluateRun(db, ds, writePreds('metres', metres));
    expect(r.metrics.units).toMatch(/look like metres against a millimetre dataset/);
    expect(r.metrics.units).toMatch(/factor 0\.001/);
  });

  it('refuses a file whose every record has the wrong joint count, keeping the run it replaces', () => {
    evaluateRun(db, ds, writePreds('keep', [{ image_id: 3, joints_cam: people[3] }]));
    const bad = writePreds('keep', [
      { image_id: 1, joints_cam: people[0]!.slice(0, 14) },
      { image_id: 3, joints_cam: people[3]!.slice(0, 14) },
    ]);
    let err: unknown;
    try {
      evaluateRun(db, ds, bad, { name: 'keep' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NothingScoredError);
    expect((err as Error).message).toMatch(/keep\.json: no prediction could be read/);
    expect((err as Error).message).toMatch(/2 × wrong joint count/);
    expect((err as Error).message).toMatch(/joints_cam has 14 joints, the dataset's skeleton 17/);
    const kept = db
      .prepare(
        "SELECT count(*) FROM predictions p JOIN runs r ON r.id = p.run_id WHERE r.name = 'keep'",
      )
      .pluck()
      .get();
    expect(kept).toBe(1);
  });

  it('refuses predictions for images the dataset does not have, naming how many and which', () => {
    expect(() =>
      evaluateRun(
        db,
        ds,
        writePreds('elsewhere', [
          { image_id: 7001, joints_cam: people[0] },
          { image_id: 7002, joints_cam: people[1] },
        ]),
      ),
    ).toThrow(
      /none of its 2 predictions names an image of the dataset \(2 × prediction for unknown image \(.*image_id 7001; .*image_id 7002\)\)/,
    );
    expect(db.prepare("SELECT count(*) FROM runs WHERE name = 'elsewhere'").pluck().get()).toBe(0);
  });

  it('scores again, on the next index, a run whose figures an older PoseScope computed', () => {
    evaluateRun(db, ds, writePreds('stale', [{ image_id: 3, joints_cam: people[3] }]));
    db.prepare(
      'UPDATE runs SET summary = json(\'{"scoring": 1, "AUC_rel": 100}\') WHERE name = \'stale\'',
    ).run();
    indexDataset({ root: dir, dbFile: join(tmp, 'index.sqlite') });
    const summary = JSON.parse(
      db.prepare("SELECT summary FROM runs WHERE name = 'stale'").pluck().get() as string,
    ) as { scoring: number; AUC_rel: number };
    expect(summary.scoring).toBe(SCORING_VERSION);
    expect(summary.AUC_rel).toBeCloseTo((100 * 30) / 31, 9);
  });

  it('refuses a set of which no prediction pairs with anyone', () => {
    expect(() =>
      evaluateRun(
        db,
        ds,
        writePreds('nobody', [{ image_id: 3, joints_cam: shift(people[3]!, [3000, 0, 0]) }]),
      ),
    ).toThrow(/no prediction was paired with any of the dataset's 4 labelled people/);
  });
});
