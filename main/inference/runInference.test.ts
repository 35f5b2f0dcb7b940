import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeDepthLogits, focalLength, HDNET_BINS, pixelToCamera } from '../../core';
import { blobF64 } from '../store/db/blobs';
import { decodeArtifact } from '../store/runs/artifacts';
import { openIndex } from '../store/db/openIndex';
import { inferenceResults } from '../store/runs/inferenceResults';
import {
  bboxes,
  cards,
  dataset,
  dbFile,
  expected2d,
  heatmaps,
  K,
  logits,
  relative,
  storedPredictions,
} from './inferTestKit';
import { runInference } from './runInference';

describe('runInference', () => {
  it('heatmap → root depth bins → lifter: decodes every person exactly and scores the run', async () => {
    const r = await runInference({
      dbFile,
      dataset,
      cards: [cards.hm!, cards.bins!, cards.lift!],
      runName: 'chain',
      provider: 'cpu',
    });
    expect(r.status).toBe('done');
    expect(r.targets).toEqual({ total: 4, computed: 4, resumed: 0, failed: 0 });
    expect(r.providers.map((p) => p.provider)).toEqual(['cpu', 'cpu', 'cpu']);
    const depth = decodeDepthLogits(logits, focalLength(K), HDNET_BINS).depth;
    const rows = storedPredictions('chain');
    expect(rows).toHaveLength(4);
    const boxes = new Map(bboxes().map((b) => [b.id, b.bbox]));
    for (const row of rows) {
      const want2d = expected2d(boxes.get(row.instance_id!)!);
      const img = blobF64(row.joints_img)!;
      want2d.forEach(([u, v], j) => {
        expect(img[2 * j]).toBeCloseTo(u, 6);
        expect(img[2 * j + 1]).toBeCloseTo(v, 6);
      });
      const rootCam = pixelToCamera(want2d[14]!, depth, K);
      expect(Array.from(blobF64(row.root_cam)!)).toEqual(rootCam.map((x) => expect.closeTo(x, 3)));
      const cam = blobF64(row.joints_cam)!;
      relative.forEach((p, j) =>
        p.forEach((x, k) => expect(cam[3 * j + k]).toBeCloseTo(x + rootCam[k]!, 2)),
      );
    }
    // Every crop's heatmaps and bin distribution are kept for the UI.
    const db = new Database(dbFile, { readonly: true });
    const arts = db
      .prepare(
        "SELECT a.kind, a.shape, a.encoding, a.data FROM artifacts a JOIN runs r ON r.id = a.run_id WHERE r.name = 'chain' ORDER BY a.id",
      )
      .all() as { kind: string; shape: string; encoding: string; data: Buffer }[];
    db.close();
    expect(arts.map((a) => a.kind).sort()).toEqual([
      ...Array(4).fill('depth_bins'),
      ...Array(4).fill('heatmaps'),
    ]);
    const hm = arts.find((a) => a.kind === 'heatmaps')!;
    const back = decodeArtifact({
      shape: JSON.parse(hm.shape) as number[],
      encoding: hm.encoding,
      data: hm.data,
    });
    expect(Array.from(back)).toEqual(Array.from(heatmaps));
    expect(hm.data.length).toBeLessThan(heatmaps.byteLength / 20);
    expect(r.metrics).toMatchObject({ matched: 4, instances: 4 });
    // Scoring it again reads its results a page at a time: pages of one give them all, in order.
    const idx = openIndex(dbFile, { readonly: true });
    try {
      const runId = idx.prepare("SELECT id FROM runs WHERE name = 'chain'").pluck().get() as number;
      const whole = [...inferenceResults(idx, runId)];
      expect(whole).toHaveLength(4);
      expect([...inferenceResults(idx, runId, 1)]).toEqual(whole);
      expect(whole.map((w) => w.imageId)).toEqual(
        whole.map((w) => w.imageId).sort((a, b) => a - b),
      );
    } finally {
      idx.close();
    }
  });

  it('cancels between batches and resumes without recomputing finished people', async () => {
    const ctl = new AbortController();
    // Stopped after the first person is saved: the one whose model already runs finishes too.
    const first = await runInference(
      { dbFile, dataset, cards: [cards.hm!], runName: 'resumable', provider: 'cpu', batchSize: 1 },
      {
        signal: ctl.signal,
        onProgress: (p) => p.stage === 'inferring' && p.done > 0 && ctl.abort(),
      },
    );
    expect(first.status).toBe('cancelled');
    expect(first.targets).toMatchObject({ computed: 2, resumed: 0 });
    expect(first.metrics).toBeUndefined();
    const second = await runInference({
      dbFile,
      dataset,
      cards: [cards.hm!],
      runName: 'resumable',
      provider: 'cpu',
      batchSize: 2,
    });
    expect(second.status).toBe('done');
    expect(second.targets).toMatchObject({ total: 4, computed: 2, resumed: 2 });
    const third = await runInference({
      dbFile,
      dataset,
      cards: [cards.hm!],
      runName: 'resumable',
      provider: 'cpu',
    });
    expect(third.targets).toMatchObject({ computed: 0, resumed: 4 });
    expect(storedPredictions('resumable')).toHaveLength(4);
    const again = await runInference({
      dbFile,
      dataset,
      cards: [cards.hm!],
      runName: 'resumable',
      provider: 'cpu',
      rerun: true,
    });
    expect(again.targets).toMatchObject({ computed: 4, resumed: 0 });
  });

  it('refuses to resume a run under the same name with a different pipeline', async () => {
    await expect(
      runInference({
        dbFile,
        dataset,
        cards: [cards.hm!, cards.bins!],
        runName: 'resumable',
        provider: 'cpu',
      }),
    ).rejects.toThrow(/run "resumable" was made by a different pipeline \(hm [0-9a-f]{8}\)/);
  });
});
