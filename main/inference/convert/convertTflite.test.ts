import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { blazePoseModel } from './blazeposeModels';
import { convertTflite } from './convertTflite';
import { ensureBlazePoseModels } from './ensureModels';
import { FlatFormatError } from './flatTable';
import { mediapipePackage, readPlain } from './mediapipeAssets';
import { noiseInput } from '../../../scripts/models/parityInputs';
import { buildTflite, floatBytes, OPTIONS } from './tfliteFixture';
import { TensorType } from './tfliteSchema';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-convert-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = async (onnx: Uint8Array, feeds: Record<string, ort.Tensor>) => {
  const s = await ort.InferenceSession.create(onnx);
  try {
    return await s.run(feeds);
  } finally {
    await s.release();
  }
};

// x [1,2,2,3] + fp16 constant → ADD with fused RELU6 → CONCATENATION with x on channels →
// RESHAPE to [1,24]; and LOGISTIC of the sum as an NCHW output. Concat's axis and RESHAPE's
// memory order are where an NHWC → NCHW converter goes wrong.
const HALVES = [
  0x3c00, 0xbc00, 0x3800, 0x4000, 0x4400, 0x4800, 0, 0x3c00, 0xc000, 0x4800, 0x3800, 0,
];
const C = [1, -1, 0.5, 2, 4, 8, 0, 1, -2, 8, 0.5, 0];
const X = Array.from({ length: 12 }, (_, i) => i / 4 - 1);
const layoutModel = buildTflite({
  tensors: [
    { name: 'x', shape: [1, 2, 2, 3] },
    {
      name: 'c16',
      shape: [1, 2, 2, 3],
      type: TensorType.FLOAT16,
      data: new Uint8Array(Uint16Array.from(HALVES).buffer),
    },
    { name: 'c', shape: [1, 2, 2, 3] },
    { name: 'sum', shape: [1, 2, 2, 3] },
    { name: 'cat', shape: [1, 2, 2, 6] },
    {
      name: 'shape',
      shape: [2],
      type: TensorType.INT32,
      data: new Uint8Array(Int32Array.of(1, -1).buffer),
    },
    { name: 'Identity', shape: [1, 24] },
    { name: 'Identity_1', shape: [1, 2, 2, 3] },
  ],
  inputs: [0],
  outputs: [6, 7],
  ops: [
    { op: 'DEQUANTIZE', inputs: [1], outputs: [2] },
    {
      op: 'ADD',
      inputs: [0, 2],
      outputs: [3],
      options: { type: OPTIONS.AddOptions, ints: { 0: 3 } },
    },
    {
      op: 'CONCATENATION',
      inputs: [3, 0],
      outputs: [4],
      options: { type: OPTIONS.ConcatenationOptions, ints: { 0: 3 } },
    },
    { op: 'RESHAPE', inputs: [4, 5], outputs: [6] },
    { op: 'LOGISTIC', inputs: [3], outputs: [7] },
  ],
});

describe('TFLite → ONNX conversion', () => {
  it('keeps TFLite semantics across the NHWC → NCHW change (concat axis, reshape order)', async () => {
    const { onnx, outputs } = convertTflite(layoutModel, 'layout.tflite', {
      input: 'image',
      docString: '',
      outputs: [
        { tflite: 'Identity', shape: [1, 24], name: 'flat', layout: 'native' },
        { tflite: 'Identity_1', shape: [1, 2, 2, 3], name: 'sigmoid', layout: 'nchw' },
      ],
    });
    expect(outputs).toEqual([
      { name: 'flat', shape: ['N', 24] },
      { name: 'sigmoid', shape: ['N', 3, 2, 2] },
    ]);
    const out = await run(onnx, {
      image: new ort.Tensor('float32', Float32Array.from(X), [1, 2, 2, 3]),
    });
    const sum = X.map((x, i) => Math.min(6, Math.max(0, x + C[i]!)));
    const flat = [0, 1, 2, 3].flatMap((p) => [
      ...sum.slice(3 * p, 3 * p + 3),
      ...X.slice(3 * p, 3 * p + 3),
    ]);
    expect(Array.from(out.flat!.data as Float32Array)).toEqual(flat.map(Math.fround));
    const nchw = [0, 1, 2].flatMap((c) =>
      [0, 1, 2, 3].map((p) => 1 / (1 + Math.exp(-sum[3 * p + c]!))),
    );
    (out.sigmoid!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(nchw[i]!, 6));
  });

  it('stops at an operator it does not convert, naming it and the file', () => {
    const bytes = buildTflite({
      tensors: [
        { name: 'a', shape: [1, 4] },
        { name: 'b', shape: [1, 4], data: floatBytes([1, 2, 3, 4]) },
        { name: 'Identity', shape: [1, 4] },
      ],
      inputs: [0],
      outputs: [2],
      ops: [{ op: 'SQUARED_DIFFERENCE', inputs: [0, 1], outputs: [2] }],
    });
    const convert = () =>
      convertTflite(bytes, 'odd_model.tflite', { input: 'x', outputs: [], docString: '' });
    expect(convert).toThrow(
      /^odd_model\.tflite: unsupported TFLite operator SQUARED_DIFFERENCE \(the converter handles ADD, /,
    );
  });

  it('refuses a truncated model, naming the file', () => {
    const src = readPlain(mediapipePackage(), 'pose_landmark_lite.tflite');
    const spec = {
      input: 'image',
      outputs: blazePoseModel('blazepose-landmark-lite').outputs,
      docString: '',
    };
    const cut = src.bytes.subarray(0, 100_000);
    expect(() => convertTflite(cut, 'pose_landmark_lite.tflite', spec)).toThrow(FlatFormatError);
    expect(() => convertTflite(cut, 'pose_landmark_lite.tflite', spec)).toThrow(
      /^pose_landmark_lite\.tflite: not a readable TFLite flatbuffer/,
    );
  });

  it('runs a batch of two exactly as two single images (the batch dimension is free)', async () => {
    const model = blazePoseModel('blazepose-landmark-lite');
    const src = readPlain(mediapipePackage(), model.source);
    const { onnx } = convertTflite(src.bytes, src.origin, {
      input: 'image',
      outputs: model.outputs,
      docString: '',
    });
    const n = 256 * 256 * 3;
    const a = noiseInput(n, 1, [0, 1]);
    const b = noiseInput(n, 2, [0, 1]);
    const both = new Float32Array(2 * n);
    both.set(a);
    both.set(b, n);
    const batch = await run(onnx, { image: new ort.Tensor('float32', both, [2, 256, 256, 3]) });
    const one = await run(onnx, { image: new ort.Tensor('float32', b, [1, 256, 256, 3]) });
    expect(batch.heatmaps!.dims).toEqual([2, 39, 64, 64]);
    for (const name of ['landmarks', 'world_landmarks', 'heatmaps']) {
      const second = (batch[name]!.data as Float32Array).subarray(
        (batch[name]!.data.length as number) / 2,
      );
      const single = one[name]!.data as Float32Array;
      const scale = single.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
      const diff = second.reduce((m, v, i) => Math.max(m, Math.abs(v - single[i]!)), 0);
      expect(diff, name).toBeLessThan(1e-4 * scale);
    }
  });

  it('converts once, then finds the model up to date; the card describes it', () => {
    const only = ['blazepose-landmark-lite'];
    const [first] = ensureBlazePoseModels({ outDir: tmp, only });
    const [again] = ensureBlazePoseModels({ outDir: tmp, only });
    const [forced] = ensureBlazePoseModels({ outDir: tmp, only, force: true });
    expect([first?.converted, again?.converted, forced?.converted]).toEqual([true, false, true]);
    const card = JSON.parse(readFileSync(first!.cardFile, 'utf8')) as Record<string, unknown>;
    expect(card).toMatchObject({
      name: 'blazepose-landmark-lite',
      family: 'blazepose',
      model: 'blazepose-landmark-lite.onnx',
      skeleton: 'blazepose33',
      inputs: [
        {
          name: 'image',
          layout: 'NHWC',
          size: [256, 256],
          scale: 255,
          mean: [0, 0, 0],
          std: [1, 1, 1],
        },
      ],
      outputs: [
        { name: 'landmarks', shape: [195] },
        { name: 'presence', shape: [1] },
        { name: 'segmentation', shape: [1, 256, 256] },
        { name: 'heatmaps', shape: [39, 64, 64] },
        { name: 'world_landmarks', shape: [117] },
      ],
    });
    expect(card.license).toMatch(/^Apache-2\.0/);
    expect(card.provenance).toMatch(
      /@mediapipe\/pose 0\.5\.\d+, pose_landmark_lite\.tflite \(sha256 [0-9a-f]{64}\)/,
    );
  });
});
