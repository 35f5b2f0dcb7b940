import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDataset } from '../../indexer/indexDataset';
import { openIndex, type IndexDb } from '../db/openIndex';
import { groundTruthImages, groundTruthPageSql } from './groundTruth';

const sample = join(__dirname, '..', '..', '..', 'assets', 'sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-ground-truth-'));
const dbFile = join(tmp, 'index.sqlite');
let db: IndexDb;
let ids: number[];

beforeAll(() => {
  // Two copies of the sample in one index file: the second's images come after the first's.
  for (const name of ['a', 'b']) {
    cpSync(sample, join(tmp, name), { recursive: true });
    expect(indexDataset({ root: join(tmp, name), dbFile }).failed).toEqual([]);
  }
  db = openIndex(dbFile);
  ids = db.prepare('SELECT id FROM datasets ORDER BY id').pluck().all() as number[];
});
afterAll(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("a dataset's labels, page by page", () => {
  it("walks each dataset's own images in id order, and only them", () => {
    for (const id of ids) {
      const own = db
        .prepare('SELECT id FROM images WHERE dataset_id = ? ORDER BY id')
        .pluck()
        .all(id) as number[];
      const walked = [...groundTruthImages(db, id, 'mupots')];
      expect(walked.map((im) => im.imageId)).toEqual(own);
      expect(walked.reduce((n, im) => n + im.people.length, 0)).toBe(140);
    }
    const one = db.prepare('SELECT max(id) FROM images').pluck().get() as number;
    expect([...groundTruthImages(db, ids[1]!, 'mupots', one)].map((im) => im.imageId)).toEqual([
      one,
    ]);
    expect([...groundTruthImages(db, ids[0]!, 'mupots', one)]).toEqual([]);
  });

  it('reads a page from the images table by id, never sorting the rest of the dataset', () => {
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${groundTruthPageSql('mupots')}`).all(ids[0], 0, 60, 2000) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan).toContain('SEARCH images USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)');
    expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });
});
