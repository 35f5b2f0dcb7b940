import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadCard } from '../main/inference/modelCard';

/**
 * Every model shipped in models/ loads in onnxruntime-node, matches its card, stays under
 * 10 MB, and reproduces the outputs PyTorch computed for its fixture inputs
 * (models/fixtures/<card name>.json, written by models/train/train.py at export; a fixture
 * input's null is NaN, a joint not labelled) — so the shipped weights are pinned.
 */
const models = resolve(__dirname, '..', 'models');
const cards = readdirSync(models)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(models, f));

interface Fixture {
  model: string;
  inputs: Record<string, { dims: number[]; data: (number | null)[] }>;
  outputs: Record<string, { dims: number[]; data: (number | null)[] }>;
}

describe('shipped models', () => {
  it('ships at least the keypoint models', () => {
    expect(cards.length).toBeGreaterThanOrEqual(12);
  });
  for (const file of cards) {
    it(`${file.slice(models.length + 1)} runs and matches its fixture`, async () => {
      const { card, modelFile } = loadCard(file);
      expect(statSync(modelFile).size).toBeLessThan(10 * 1024 * 1024);
      const fx = JSON.parse(
        readFileSync(join(models, 'fixtures', `${card.name}.json`), 'utf8'),
      ) as Fixture;
      expect(fx.model).toBe(card.model);
      const session = await ort.InferenceSession.create(modelFile);
      try {
        expect([...session.inputNames].sort()).toEqual(card.inputs.map((i) => i.name).sort());
        expect([...session.outputNames]).toEqual(card.outputs.map((o) => o.name));
        const feeds = Object.fromEntries(
          Object.entries(fx.inputs).map(([k, v]) => [
            k,
            new ort.Tensor(
              'float32',
              Float32Array.from(v.data, (x) => x ?? NaN),
              v.dims,
            ),
          ]),
        );
        const out = await session.run(feeds);
        for (const [name, want] of Object.entries(fx.outputs)) {
          const got = out[name]!;
          expect(got.dims.map(Number)).toEqual(want.dims);
          const data = got.data as Float32Array;
          want.data.forEach((w, i) => {
            if (w === null) expect(Number.isNaN(data[i])).toBe(true);
            else expect(Math.abs(data[i]! - w)).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(w));
          });
          // A joint fed as NaN (not labelled) must not spread: every person's output has the
          // same NaNs (the skeleton's joints Human3.6M lacks), the person with the gap too.
          const per = data.length / want.dims[0]!;
          const nans = Array.from(
            { length: want.dims[0]! },
            (_, b) => data.subarray(b * per, (b + 1) * per).filter(Number.isNaN).length,
          );
          expect(new Set(nans).size, `NaNs per person ${nans.join(', ')}`).toBe(1);
        }
      } finally {
        await session.release();
      }
    });
  }
});
