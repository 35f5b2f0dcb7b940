import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { brokenModelBytes, matMulModel } from '../../test/helpers/onnxGraphs';
import { openInWorker } from './sessionWorker';

// y = x·M + b over 3 features, so every output value says which input values produced it.
const weights = Float32Array.from({ length: 3 * 2 }, (_, i) => i - 2.5);
const bias = Float32Array.from([0.25, -1]);
const bytes = matMulModel({
  inputName: 'x',
  outputName: 'y',
  inFeatures: 3,
  outFeatures: 2,
  weights,
  bias,
});
const expected = (x: Float32Array) =>
  Array.from({ length: (x.length / 3) * 2 }, (_, k) => {
    const [row, col] = [Math.floor(k / 2), k % 2];
    let sum = bias[col]!;
    for (let i = 0; i < 3; i++) sum += x[row * 3 + i]! * weights[i * 2 + col]!;
    return Math.fround(sum);
  });

describe('sessions on a worker thread', () => {
  it('runs like an in-thread session and leaves the feeds intact', async () => {
    const s = await openInWorker(bytes, 'cpu');
    expect([s.inputNames, s.outputNames]).toEqual([['x'], ['y']]);
    expect(s.inputMetadata[0]).toMatchObject({ name: 'x', isTensor: true, type: 'float32' });
    // Batches of different sizes, and the same size again, when its buffer comes back.
    for (const rows of [4, 1, 4, 4]) {
      const x = Float32Array.from({ length: rows * 3 }, (_, i) => (i * 7) % 5);
      const before = Array.from(x);
      const out = await s.run({ x: new ort.Tensor('float32', x, [rows, 3]) });
      expect(out.y!.dims).toEqual([rows, 2]);
      expect(Array.from(out.y!.data as Float32Array)).toEqual(expected(x));
      expect(Array.from(x)).toEqual(before);
    }
    await s.release();
  });

  it("rejects with onnxruntime's message when a model cannot load or a run fails", async () => {
    await expect(openInWorker(brokenModelBytes(), 'cpu')).rejects.toThrow(
      'Failed to load model because protobuf parsing failed.',
    );
    const s = await openInWorker(bytes, 'cpu');
    const wrong = new ort.Tensor('float32', new Float32Array(4), [1, 4]);
    await expect(s.run({ x: wrong })).rejects.toThrow('Got invalid dimensions for input: x');
    // A failed run leaves the session usable.
    const x = Float32Array.from([1, 2, 3]);
    const out = await s.run({ x: new ort.Tensor('float32', x, [1, 3]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual(expected(x));
    await s.release();
    await expect(s.run({ x: new ort.Tensor('float32', x, [1, 3]) })).rejects.toThrow(
      'the onnxruntime session was released',
    );
  });
});
