import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../core';
import { writeMupotsFixture } from '../../../test/fixtures/mupotsFixture';
import { evaluateRun, type DatasetRef } from '../../eval/evaluateRun';
import { indexDataset } from '../../indexer/indexDataset';
import { openIndex, type IndexDb } from '../db/openIndex';
import { worstInstances } from './worstInstances';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-worst-'));
let db: IndexDb;
let runId: number;
beforeAll(async () => {
  const dir = join(tmp, 'mupots');
  const { people } = await writeMupotsFixture(dir);
  indexDataset({ root: dir, dbFile: join(tmp, 'w.sqlite') });
  db = openIndex(join(tmp, 'w.sqlite'));
  const ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
  // Person k's head is k·40 mm off: MPJPE grows with k (person 0 exact).
  const imageOf = [1, 1, 2, 3];
  const preds = people.map((p: Vec3[], k) => ({
    image_id: imageOf[k],
    joints_cam: p.map(([x, y, z], j) => [x + (j === 0 ? 40 * k : 0), y, z]),
  }));
  const file = join(tmp, 'p.json');
  writeFileSync(file, JSON.stringify(preds));
  evaluateRun(db, ds, file);
  runId = db.prepare('SELECT id FROM runs').pluck().get() as number;
});
afterAll(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('worst instances of a run', () => {
  it('ranks people by MPJPE, worst first, within a sequence when asked', () => {
    const all = worstInstances(db, { runId, metric: 'mpjpe', limit: 10 });
    expect(all.map((r) => r.value)).toEqual(
      [120 / 17, 80 / 17, 40 / 17, 0].map((v) => expect.closeTo(v, 9)),
    );
    const ts1 = worstInstances(db, { runId, metric: 'mpjpe', group: 'TS1', limit: 10 });
    expect(ts1.map((r) => r.group)).toEqual(['TS1', 'TS1', 'TS1']);
    expect(ts1[0]!.file).toMatch(/TS1\/img_00000[01]\.jpg$/);
  });

  it('puts the lowest first for metrics where higher is better', () => {
    const r = worstInstances(db, { runId, metric: 'pck_rel', limit: 1 });
    expect(r).toHaveLength(1);
  });

  it('reads the (run, action, metric) index from its bad end instead of sorting the run', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT m.instance_id FROM instance_metrics m
         WHERE m.run_id = 1 AND m.action = 'TS1' AND m.mpjpe IS NOT NULL ORDER BY m.mpjpe DESC LIMIT 100`,
      )
      .all() as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/USING (COVERING )?INDEX metrics_action_mpjpe/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});
