import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { getSkeleton, sidePartners } from '../core';
import { loadCard } from '../main/inference/modelCard';

/**
 * The shipped keypoint nets average their answer with their answer for the mirrored 2D
 * (test-time flip averaging, models/train/common.py `Flipped`), which makes each of them exactly
 * mirror-symmetric: the mirrored input's answer is the answer mirrored. A net without the
 * averaging is only roughly so (it learnt the symmetry from mirrored poses), so this fails if
 * the averaging is lost from a graph. The mirror is the one the dataset skeleton defines (its
 * flip pairs), not the Human3.6M one inside the graph, so it also checks the joint maps.
 */
const models = resolve(__dirname, '..', 'models');
const cards = readdirSync(models)
  .filter((f) => /^kp-.*\.json$/.test(f))
  .map((f) => join(models, f));

interface Tensor {
  dims: number[];
  data: (number | null)[];
}

/** People × joints × coords, x negated (about the origin the input is centred on), sides swapped. */
function mirrorPoints(data: Float32Array, dims: readonly number[], to: number[]): Float32Array {
  const [n, j, c] = dims as [number, number, number];
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let k = 0; k < j; k++)
      for (let d = 0; d < c; d++)
        out[(b * j + to[k]!) * c + d] = (d === 0 ? -1 : 1) * data[(b * j + k) * c + d]!;
  return out;
}

/** People × joints × joints, both joint axes swapped by side (a depth order has no x). */
function mirrorMatrix(data: Float32Array, dims: readonly number[], to: number[]): Float32Array {
  const [n, j] = dims as [number, number];
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < j; r++)
      for (let c = 0; c < j; c++) out[(b * j + to[r]!) * j + to[c]!] = data[(b * j + r) * j + c]!;
  return out;
}

function mirrored(name: string, data: Float32Array, dims: number[], to: number[]): Float32Array {
  if (name === 'ranking') return mirrorMatrix(data, dims, to);
  if (name === 'depth_logits') return data; // a root depth does not change in a mirror
  return mirrorPoints(data, dims, to);
}

function expectClose(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w)) expect(Number.isNaN(g), `${what}[${i}] NaN`).toBe(true);
    else expect(Math.abs(g - w), `${what}[${i}]: ${g} against ${w}`).toBeLessThanOrEqual(1e-5);
  }
}

describe('shipped keypoint nets are mirror-symmetric (test-time flip averaging)', () => {
  it('finds the keypoint nets', () => {
    expect(cards.length).toBeGreaterThanOrEqual(12);
  });
  for (const file of cards) {
    it(file.slice(models.length + 1), async () => {
      const { card, modelFile } = loadCard(file);
      const to = sidePartners(getSkeleton(card.skeleton));
      const fx = JSON.parse(
        readFileSync(join(models, 'fixtures', `${card.name}.json`), 'utf8'),
      ) as { inputs: Record<string, Tensor> };
      const session = await ort.InferenceSession.create(modelFile);
      try {
        const feeds = (mirror: boolean) =>
          Object.fromEntries(
            Object.entries(fx.inputs).map(([k, v]) => {
              const data = Float32Array.from(v.data, (x) => x ?? NaN);
              return [
                k,
                new ort.Tensor('float32', mirror ? mirrored(k, data, v.dims, to) : data, v.dims),
              ];
            }),
          );
        const plain = await session.run(feeds(false));
        const flipped = await session.run(feeds(true));
        for (const name of session.outputNames) {
          const p = plain[name]!;
          const dims = p.dims.map(Number);
          expectClose(
            flipped[name]!.data as Float32Array,
            mirrored(name, p.data as Float32Array, dims, to),
            `${card.name} ${name}`,
          );
        }
      } finally {
        await session.release();
      }
    });
  }
});
