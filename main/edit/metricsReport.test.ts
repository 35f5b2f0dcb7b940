import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rayDrag, type Vec3 } from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { evaluateRun } from '../eval/evaluateRun';
import type { Summary3d } from '../eval/setMetrics';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex } from '../store/db/openIndex';
import { commitEdit } from './editLog';
import { metricsReport, metricsReportCsv } from './metricsReport';
import type { PatchDataset } from './patch';
import { readPerson } from '../store/labels/personStore';
import { rescoreRuns } from './rescore';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('before/after metrics report', () => {
  it('scores every run against the original and the corrected labels, leaving the index as it was', async () => {
    const dir = join(tmp, 'mupots');
    const { people } = await writeMupotsFixture(dir);
    indexDataset({ root: dir, dbFile: join(tmp, 'm.sqlite') });
    const db = openIndex(join(tmp, 'm.sqlite'));
    const ds = db.prepare('SELECT id, root, format, skeleton FROM datasets').get() as PatchDataset;
    const imageOf = [1, 1, 2, 3];
    const run = (name: string, poses: readonly (readonly Vec3[])[]) => {
      const f = join(tmp, `${name}.json`);
      writeFileSync(
        f,
        JSON.stringify(poses.map((p, i) => ({ image_id: imageOf[i], joints_cam: p }))),
      );
      evaluateRun(db, ds, f, { name });
    };
    // "labels": the files' labels exactly; "fixed": a model that gets the corrected joint right.
    run('labels', people);
    const first = db.prepare('SELECT min(id) FROM instances').pluck().get() as number;
    const pose = readPerson(db, ds.id, first).joints.joints3d!;
    const moved = rayDrag(pose, 4, pose[4]![2] + 300);
    run('fixed', [moved, ...people.slice(1)]);
    commitEdit(db, ds.id, { instanceId: first, tool: 'ray-drag', joint: 4, joints3d: moved }, 'a');
    rescoreRuns(db, ds);

    const snapshot = () => ({
      runs: db.prepare('SELECT * FROM runs ORDER BY id').all(),
      metrics: db.prepare('SELECT * FROM instance_metrics ORDER BY prediction_id').all(),
      labels: db.prepare('SELECT joints_3d, joints_2d FROM instances ORDER BY id').all(),
    });
    const held = snapshot();
    const r = metricsReport(db, ds);
    expect(snapshot()).toEqual(held);

    expect(r).toMatchObject({ format: 'mupots', corrected_people: 1, applied_edits: 1 });
    const [labels, fixed] = r.runs as ((typeof r.runs)[number] & {
      original: Summary3d;
      corrected: Summary3d;
    })[];
    expect(labels!.run).toBe('labels');
    expect(labels!.original.MPJPE).toBe(0);
    expect(labels!.corrected.MPJPE).toBeGreaterThan(0);
    expect(fixed!.original.MPJPE).toBeCloseTo(labels!.corrected.MPJPE!, 9);
    expect(fixed!.corrected.MPJPE).toBeCloseTo(0, 9);
    // What the index stores now is the corrected side.
    const stored = JSON.parse((held.runs[1] as { summary: string }).summary) as Summary3d;
    expect(fixed!.corrected).toEqual(stored);
    // One person of four moved: theirs is the whole of the set's mean.
    expect(labels!.people).toMatchObject([{ image: '1', person: '100', original: { mpjpe: 0 } }]);
    expect(labels!.people[0]!.corrected!.mpjpe).toBeCloseTo(4 * labels!.corrected.MPJPE!, 9);

    const csv = metricsReportCsv(r).trim().split('\n');
    expect(csv[0]).toBe('run,metric,original,corrected,change');
    expect(csv).toContain(`labels,MPJPE,0,${labels!.corrected.MPJPE},${labels!.corrected.MPJPE}`);
    expect(csv.filter((l) => l.startsWith('fixed,'))).toHaveLength(
      csv.filter((l) => l.startsWith('labels,')).length,
    );
    db.close();
  });
});
