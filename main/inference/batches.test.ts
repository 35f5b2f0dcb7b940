import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeModel } from '../../test/helpers/modelFiles';
import { convNetModel } from '../../test/helpers/onnxGraphs';
import { decodeArtifact } from '../store/runs/artifacts';
import { cards, crop, dataset, dbFile, models, storedPredictions } from './inferTestKit';
import { runInference } from './runInference';

// A conv net whose heatmaps depend on every crop pixel, so a batch array or transfer buffer
// reused too early (or a crop written into the wrong slot) shows in what is stored.
let conv: string;
beforeAll(() => {
  conv = writeModel(
    models,
    {
      name: 'conv-hm',
      family: 'heatmap2d',
      skeleton: 'mupots17',
      inputs: [crop],
      outputs: [{ name: 'hm', meaning: 'heatmaps' }],
    },
    convNetModel({
      height: 64,
      width: 64,
      outChannels: 17,
      hidden: 8,
      layers: 2,
      inputName: 'image',
      outputName: 'hm',
    }),
  );
});

function heatmapsOf(run: string): Map<number, Float32Array> {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare(
      `SELECT a.instance_id, a.shape, a.encoding, a.data FROM artifacts a
       JOIN runs r ON r.id = a.run_id WHERE r.name = ? AND a.kind = 'heatmaps'`,
    )
    .all(run) as { instance_id: number; shape: string; encoding: string; data: Buffer }[];
  db.close();
  return new Map(
    rows.map((r) => [
      r.instance_id,
      decodeArtifact({
        shape: JSON.parse(r.shape) as number[],
        encoding: r.encoding,
        data: r.data,
      }),
    ]),
  );
}

describe('batches', () => {
  it('store the same results whether people run in one batch, one by one or in threes', async () => {
    // Several batches: each one's first model starts while the batch before it is decoded and
    // stored, and batch arrays and transfer buffers are reused, a shorter last batch included.
    for (const batchSize of [16, 1, 3]) {
      const r = await runInference({
        dbFile,
        dataset,
        cards: [conv, cards.bins!, cards.lift!],
        runName: `conv-${batchSize}`,
        provider: 'cpu',
        batchSize,
      });
      expect(r.targets).toEqual({ total: 4, computed: 4, resumed: 0, failed: 0 });
    }
    const whole = heatmapsOf('conv-16');
    const predictions = new Map(storedPredictions('conv-16').map((p) => [p.instance_id, p]));
    expect(whole.size).toBe(4);
    for (const run of ['conv-1', 'conv-3']) {
      const maps = heatmapsOf(run);
      expect([...maps.keys()].sort()).toEqual([...whole.keys()].sort());
      for (const [id, hm] of maps) {
        const want = whole.get(id)!;
        // The crops' maps differ from one another far more than a batch's rounding.
        let worst = 0;
        hm.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - want[i]!))));
        expect(worst).toBeLessThan(1e-3);
      }
      for (const p of storedPredictions(run)) expect(p).toEqual(predictions.get(p.instance_id));
    }
    const [a, b] = [...whole.values()];
    expect(a!.some((x, i) => Math.abs(x - b![i]!) > 1e-2)).toBe(true);
  });
});
