import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFolder } from '../../test/fixtures/indexedFolder';
import type { IndexDb } from '../store/db/openIndex';
import { storedRecordPages, storedRecords } from '../store/runs/storedRecords';
import { evaluateRun } from './evaluateRun';
import { withStoredRun } from './storedRun';

const sample = join(__dirname, '..', '..', 'assets', 'sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-stored-run-'));
const opened: IndexDb[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("a stored run's predictions read a page at a time", () => {
  const x = indexFolder(sample, join(tmp, 'index.sqlite'), opened);
  evaluateRun(x.db, x.ds, join(sample, 'predictions', 'baseline.json'), { name: 'baseline' });
  const runId = x.db.prepare('SELECT id FROM runs').pluck().get() as number;
  const held = storedRecords(x.db, runId);
  // Each stored record's image row id, in the order they were stored.
  const imageOf = x.db
    .prepare('SELECT image_id FROM predictions ORDER BY id')
    .pluck()
    .all() as number[];

  it('are the records storedRecords holds, in its order or by image', () => {
    expect(held.length).toBeGreaterThan(100);
    // Pages of 7, so every page boundary falls somewhere: within an image, between two.
    const stored = [...storedRecordPages(x.db, runId, 'stored', 7)];
    expect(stored.map((r) => r.record)).toEqual(
      [...storedRecordPages(x.db, runId, 'stored')].map((r) => r.record),
    );
    expect(stored.map((r) => r.record)).toEqual(held);
    expect(stored.map((r) => r.imageId)).toEqual(imageOf);
    const byImage = [...storedRecordPages(x.db, runId, 'image', 7)];
    expect(byImage.map((r) => r.imageId)).toEqual(
      [...byImage.map((r) => r.imageId)].sort((a, b) => a - b),
    );
    // The same records, those of one image in the order they were stored.
    const strip = ({ index: _, ...r }: (typeof held)[number]) => r;
    expect(byImage.map((r) => strip(r.record))).toEqual(
      stored
        .map((r, k) => ({ ...r, k }))
        .sort((a, b) => a.imageId - b.imageId || a.k - b.k)
        .map((r) => strip(r.record)),
    );
  });

  it("are a run's own when other runs' rows lie before and after them", () => {
    for (const name of ['second', 'third'])
      evaluateRun(x.db, x.ds, join(sample, 'predictions', 'baseline.json'), { name });
    const second = x.db
      .prepare("SELECT id FROM runs WHERE name = 'second'")
      .pluck()
      .get() as number;
    expect([...storedRecordPages(x.db, second, 'stored', 7)].map((r) => r.record)).toEqual(
      storedRecords(x.db, second),
    );
    expect([...storedRecordPages(x.db, runId, 'stored', 7)].map((r) => r.record)).toEqual(held);
    expect([...storedRecordPages(x.db, 999, 'stored', 7)]).toEqual([]);
  });

  it('are handed to scoring image by image from a stage that is removed after', () => {
    const images = x.db.prepare('SELECT id, source_id FROM images ORDER BY id').all() as {
      id: number;
      source_id: string;
    }[];
    // Every other image asked for; the rest come back as leftovers, as held records give them.
    const got = withStoredRun(x.db, runId, 'run baseline', (source) => ({
      asked: images.filter((_, k) => k % 2 === 0).map((im) => source.forImage(im.id, im.source_id)),
      rest: [...source.leftovers()],
    }));
    const want = images
      .filter((_, k) => k % 2 === 0)
      .map((im) => held.filter((r) => r.imageSourceId === im.source_id));
    expect(got.asked).toEqual(want);
    const askedIds = new Set(images.filter((_, k) => k % 2 === 0).map((im) => im.source_id));
    const restWant = held.filter((r) => !askedIds.has(r.imageSourceId));
    expect(new Set(got.rest)).toEqual(new Set(restWant));
    expect(got.rest).toHaveLength(restWant.length);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.posescope-eval-'))).toEqual([]);
  });
});
