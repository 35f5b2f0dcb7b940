import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFolder, type IndexedFolder } from '../../../test/fixtures/indexedFolder';
import { evaluateRun } from '../../eval/evaluateRun';
import type { IndexDb } from '../db/openIndex';
import { withFigureIndexesRebuilt } from './figureIndexes';

const sample = join(__dirname, '..', '..', '..', 'assets', 'sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-figure-indexes-'));
const opened: IndexDb[] = [];
let x: IndexedFolder;
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The metric tables' indexes as the schema holds them. */
const indexes = () =>
  x.db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN ('instance_metrics', 'image_metrics') ORDER BY name`,
    )
    .all() as { name: string; sql: string }[];

const baseline = join(sample, 'predictions', 'baseline.json');
let before: { name: string; sql: string }[];
let frames: number;

beforeAll(() => {
  x = indexFolder(sample, join(tmp, 'index.sqlite'), opened);
  evaluateRun(x.db, { ...x.ds, format: 'mupots' }, baseline, { name: 'first' });
  before = indexes();
  frames = x.db.prepare('SELECT count(*) FROM image_metrics').pluck().get() as number;
});

describe("a run's figure indexes", () => {
  it('are the run-led ones: twelve sort indexes, and not the foreign key’s', () => {
    expect(before.map((i) => i.name)).toContain('metrics_prediction');
    expect(before).toHaveLength(13);
    expect(frames).toBe(60);
  });

  it('are dropped while a run as large as the others is written, and built again the same', () => {
    const during = x.db.transaction(() =>
      withFigureIndexesRebuilt(x.db, x.ds.id, 999, () => indexes().map((i) => i.name), frames / 4),
    )();
    expect(during).toEqual(['metrics_prediction']);
    expect(indexes()).toEqual(before);
  });

  it('are kept up row by row while a small run is written beside large ones', () => {
    const during = x.db.transaction(() =>
      withFigureIndexesRebuilt(x.db, x.ds.id, 999, () => indexes(), frames / 4 - 1),
    )();
    expect(during).toEqual(before);
  });

  it('come back with the transaction when the write fails', () => {
    const failing = x.db.transaction(() =>
      withFigureIndexesRebuilt(x.db, x.ds.id, 999, () => {
        throw new Error('disk full');
      }),
    );
    expect(failing).toThrow('disk full');
    expect(indexes()).toEqual(before);
  });

  it('give the same figures and order when a run is scored again through a rebuild', () => {
    const worst = () =>
      x.db
        .prepare(
          `SELECT instance_id, mpjpe FROM instance_metrics WHERE run_id = ?
           ORDER BY mpjpe DESC LIMIT 20`,
        )
        .all(x.db.prepare("SELECT id FROM runs WHERE name = 'first'").pluck().get());
    const first = worst();
    evaluateRun(x.db, { ...x.ds, format: 'mupots' }, baseline, { name: 'first' });
    expect(worst()).toEqual(first);
    expect(indexes()).toEqual(before);
    expect(x.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
