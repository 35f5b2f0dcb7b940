import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFolder, type IndexedFolder } from '../../../test/fixtures/indexedFolder';
import { evaluateRun } from '../../eval/evaluateRun';
import type { IndexDb } from '../db/openIndex';
import { registerJointError } from '../runs/runQueries';
import { takeMetrics, takeTimeline } from './takeSeries';
import { takeFrames } from './takes';

const sample = join(__dirname, '..', '..', '..', 'assets', 'sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-take-series-'));
const opened: IndexDb[] = [];
let x: IndexedFolder;
let runId: number;
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeAll(() => {
  x = indexFolder(sample, join(tmp, 'index.sqlite'), opened);
  registerJointError(x.db);
  const ds = { ...x.ds, format: 'mupots' as const };
  evaluateRun(x.db, ds, join(sample, 'predictions', 'baseline.json'), { name: 'baseline' });
  runId = x.db.prepare("SELECT id FROM runs WHERE name = 'baseline'").pluck().get() as number;
});

/** Each image's row looked up on its own: what the timeline's batched reads must agree with. */
const metricOf = (imageId: number, k: 'mpjpe' | 'oks' | 'missed') =>
  (x.db
    .prepare(`SELECT ${k} FROM image_metrics WHERE run_id = ? AND image_id = ?`)
    .pluck()
    .get(runId, imageId) as number | null | undefined) ?? null;

describe("a take's timeline", () => {
  it("lines a run's figures up with the take's frames, which carry no file names", () => {
    const ts2 = takeFrames(x.db, x.ds.id, 'TS2');
    const t = takeTimeline(x.db, { id: x.ds.id, format: 'mupots' }, ts2[7]!.imageId, runId, 0)!;
    expect(t.take.key).toBe('TS2');
    expect(t.frames.map((f) => f.imageId)).toEqual(ts2.map((f) => f.imageId));
    expect(t.frames[7]).toEqual({ imageId: ts2[7]!.imageId, frame: 7, slot: 7 });
    expect(t.series.mpjpe).toEqual(ts2.map((f) => metricOf(f.imageId, 'mpjpe')));
    expect(t.series.missed).toEqual(ts2.map((f) => metricOf(f.imageId, 'missed')));
    expect(t.series.mpjpe.filter((v) => v !== null).length).toBeGreaterThan(20);
    expect(t.series.joint).toHaveLength(30);
  });

  it('reads the same rows by a range of ids as by each id, and no row of another frame', () => {
    const ts1 = takeFrames(x.db, x.ds.id, 'TS1').map((f) => ({ imageId: f.imageId }));
    const ids = (fs: { imageId: number }[]) => JSON.stringify(fs.map((f) => f.imageId));
    const byId = (fs: { imageId: number }[]) =>
      fs.map((f) => metricOf(f.imageId, 'mpjpe')).filter((v) => v !== null);
    const read = (fs: { imageId: number }[]) =>
      takeMetrics(x.db, runId, fs, ids(fs))
        .sort((a, b) => a.image_id - b.image_id)
        .map((r) => r.mpjpe)
        .filter((v) => v !== null);
    // Consecutive ids less one in the middle: read as a range, the middle one filtered out.
    const holed = ts1.filter((_, i) => i !== 15);
    expect(read(holed)).toEqual(byId(holed));
    expect(metricOf(ts1[15]!.imageId, 'mpjpe')).not.toBeNull();
    // Two frames far apart: looked up by id.
    const spread = [ts1[0]!, ts1[29]!];
    expect(read(spread)).toEqual(byId(spread));
  });
});
