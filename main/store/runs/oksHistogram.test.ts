import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../../eval/evaluateRun';
import { indexDataset } from '../../indexer/indexDataset';
import { openIndex } from '../db/openIndex';
import { runDistributions } from './runQueries';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-oks-hist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a 2D run’s distributions', () => {
  it('hold each paired person’s OKS in twentieths, as the stored per-person OKS gives them', () => {
    const dir = join(tmp, 'coco');
    mkdirSync(dir);
    const kp = (dx: number) =>
      Array.from({ length: 17 }, (_, j) => [100 + 10 * j + dx, 50 + 5 * j, 2]).flat();
    writeFileSync(
      join(dir, 'person_keypoints_val.json'),
      JSON.stringify({
        images: [1, 2, 3].map((id) => ({ id, file_name: `${id}.jpg`, width: 640, height: 480 })),
        annotations: [1, 2, 3].map((k) => ({
          id: 10 + k, image_id: k, category_id: 1, iscrowd: 0, area: 20000,
          bbox: [90, 40, 200, 120], num_keypoints: 17, keypoints: kp(0),
        })), // prettier-ignore
        categories: [{ id: 1, name: 'person' }],
      }),
    );
    const dbFile = join(tmp, 'coco.sqlite');
    indexDataset({ root: dir, dbFile });
    const preds = join(tmp, 'results.json');
    // Exact, and two shifted by 4 and 30 px: three different OKS.
    writeFileSync(
      preds,
      JSON.stringify(
        [0, 4, 30].map((dx, k) => ({
          image_id: k + 1,
          category_id: 1,
          score: 0.9,
          keypoints: kp(dx),
        })),
      ),
    );
    const db = openIndex(dbFile);
    try {
      evaluateRun(db, { id: 1, format: 'coco', skeleton: 'coco17' }, preds);
      const oks = db
        .prepare('SELECT oks FROM instance_metrics ORDER BY instance_id')
        .pluck()
        .all() as number[];
      const h = runDistributions(db, 1).histograms.find((x) => x.metric === 'oks')!;
      expect(h.binWidth).toBe(0.05);
      expect(h.counts).toHaveLength(20);
      const expected = new Array<number>(20).fill(0);
      for (const v of oks) expected[Math.min(19, Math.floor(v * 20 + 1e-9))]!++;
      expect(h.counts).toEqual(expected);
      expect(h.counts[19]).toBeGreaterThanOrEqual(1); // the exact prediction: OKS 1
    } finally {
      db.close();
    }
  });
});
