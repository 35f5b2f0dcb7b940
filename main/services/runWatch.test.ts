import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { evaluateRun } from '../eval/evaluateRun';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { deleteRun, renameRun } from '../store/runs/runAdmin';
import { OpenDatasets, type OpenDataset } from './openDatasets';
import { watchRuns } from './runWatch';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-run-watch-'));
const root = join(tmp, 'mupots');
const dbFile = join(tmp, 'index.sqlite');
const open = new OpenDatasets();
const seen: number[] = [];
let d: OpenDataset;
/** Another process's writer, as `posescope infer` or `eval` in a terminal would hold. */
let outside: IndexDb;
let file: string;
let watch: ReturnType<typeof watchRuns>;

beforeAll(async () => {
  const { people } = await writeMupotsFixture(root);
  indexDataset({ root, dbFile });
  d = open.register(root, dbFile);
  file = join(tmp, 'pred.json');
  const imageOf = [1, 1, 2, 3];
  writeFileSync(
    file,
    JSON.stringify(people.map((p, i) => ({ image_id: imageOf[i], joints_cam: p }))),
  );
  outside = openIndex(dbFile);
  watch = watchRuns(
    open,
    (event, p) => {
      if (event === 'datasetChanged') seen.push((p as { datasetId: number }).datasetId);
    },
    20,
  );
});
afterAll(() => {
  watch.stop();
  outside.close();
  open.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Waits for the watch to report the dataset once more than `before` times. */
const reported = (before: number) =>
  vi.waitFor(() => expect(seen.length).toBeGreaterThan(before), { timeout: 10_000, interval: 10 });

describe('watching the open datasets’ runs', () => {
  it('says nothing while the runs stay as they are', async () => {
    await new Promise((ok) => setTimeout(ok, 100));
    expect(seen).toEqual([]);
  });

  it('reports a run another connection adds, renames, scores again and deletes', async () => {
    const ref = { id: d.dbId, format: d.format, skeleton: d.skeleton };
    evaluateRun(outside, ref, file, { name: 'terminal' });
    await reported(0);
    expect(new Set(seen)).toEqual(new Set([d.sessionId]));
    const runId = outside
      .prepare("SELECT id FROM runs WHERE name = 'terminal'")
      .pluck()
      .get() as number;

    let n = seen.length;
    renameRun(outside, d.dbId, runId, 'renamed');
    await reported(n);

    n = seen.length;
    outside.prepare('UPDATE runs SET summary = ? WHERE id = ?').run('{"MPJPE":1}', runId);
    await reported(n);

    n = seen.length;
    deleteRun(outside, d.dbId, runId);
    await reported(n);
  });

  it('does not tell again a change the app said itself', async () => {
    const ref = { id: d.dbId, format: d.format, skeleton: d.skeleton };
    evaluateRun(outside, ref, file, { name: 'own' });
    // The app emitted datasetChanged for this write: the watch takes it as its baseline.
    watch.ours(d.sessionId);
    const n = seen.length;
    await new Promise((ok) => setTimeout(ok, 120));
    expect(seen.length).toBe(n);
  });

  it('stops polling when stopped', async () => {
    const own = new OpenDatasets();
    own.register(root, dbFile);
    const events: unknown[] = [];
    const halt = watchRuns(own, (_e, p) => events.push(p), 10);
    halt.stop();
    evaluateRun(outside, { id: d.dbId, format: d.format, skeleton: d.skeleton }, file, {
      name: 'after-stop',
    });
    await reported(seen.length);
    expect(events).toEqual([]);
    own.close();
  });
});
