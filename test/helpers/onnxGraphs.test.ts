import onnxProtoDefault from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { brokenModelBytes, constantModel, convNetModel, matMulModel } from './onnxGraphs';

// Warnings (e.g. about unused initializers) would go to stderr; only errors matter here.
const options: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  logSeverityLevel: 3,
};

function floats(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

describe('constantModel', () => {
  it('repeats each output over the batch of the first input, using every input', async () => {
    const heat = floats(2 * 3 * 4, (i) => i * 0.5 - 3);
    const pose = floats(5, (i) => 10 + i);
    const bytes = constantModel({
      inputs: [
        { name: 'image', shape: ['N', 3, 8, 8] },
        { name: 'extra', shape: ['N', 4] },
      ],
      outputs: [
        { name: 'heat', shape: [2, 3, 4], data: heat },
        { name: 'pose', shape: [5], data: pose },
      ],
    });
    const session = await ort.InferenceSession.create(bytes, options);
    try {
      expect(session.inputNames).toEqual(['image', 'extra']);
      expect(session.outputNames).toEqual(['heat', 'pose']);
      const batch = 3;
      const result = await session.run({
        image: new ort.Tensor(
          'float32',
          floats(batch * 3 * 8 * 8, (i) => Math.sin(i)),
          [batch, 3, 8, 8],
        ),
        extra: new ort.Tensor(
          'float32',
          floats(batch * 4, (i) => -i),
          [batch, 4],
        ),
      });
      expect(result.heat?.dims).toEqual([batch, 2, 3, 4]);
      expect(result.pose?.dims).toEqual([batch, 5]);
      const heatOut = result.heat?.data as Float32Array;
      const poseOut = result.pose?.data as Float32Array;
      for (let b = 0; b < batch; b++) {
        expect(heatOut.subarray(b * heat.length, (b + 1) * heat.length)).toEqual(heat);
        expect(poseOut.subarray(b * pose.length, (b + 1) * pose.length)).toEqual(pose);
      }
    } finally {
      await session.release();
    }
  });
});

describe('convNetModel', () => {
  it('maps [N, C, H, W] to finite [N, outChannels, H/4, W/4]', async () => {
    const [height, width, outChannels] = [64, 48, 17];
    const bytes = convNetModel({ height, width, outChannels, seed: 7 });
    const session = await ort.InferenceSession.create(bytes, options);
    try {
      const input = floats(2 * 3 * height * width, (i) => Math.cos(i * 0.01));
      const result = await session.run({
        input: new ort.Tensor('float32', input, [2, 3, height, width]),
      });
      expect(result.output?.dims).toEqual([2, outChannels, height / 4, width / 4]);
      const data = result.output?.data as Float32Array;
      expect(data.every(Number.isFinite)).toBe(true);
      // A net that had collapsed to zeros would not exercise anything downstream.
      expect(data.some((v) => v !== 0)).toBe(true);
    } finally {
      await session.release();
    }
  });

  it('is deterministic for a seed', () => {
    const opts = { height: 16, width: 16, outChannels: 2, hidden: 4, seed: 3 };
    expect(convNetModel(opts)).toEqual(convNetModel(opts));
    expect(convNetModel(opts)).not.toEqual(convNetModel({ ...opts, seed: 4 }));
  });
});

describe('matMulModel', () => {
  it('computes x · W + b', async () => {
    const [inFeatures, outFeatures] = [3, 2];
    const weights = new Float32Array([1, 2, 3, 4, 5, 6]); // rows: [1,2] [3,4] [5,6]
    const bias = new Float32Array([0.5, -1]);
    const bytes = matMulModel({
      inputName: 'joints',
      outputName: 'lifted',
      inFeatures,
      outFeatures,
      weights,
      bias,
    });
    const session = await ort.InferenceSession.create(bytes, options);
    try {
      const x = new Float32Array([1, 0, -1, 0.5, 2, 3]);
      const result = await session.run({
        joints: new ort.Tensor('float32', x, [2, inFeatures]),
      });
      expect(result.lifted?.dims).toEqual([2, outFeatures]);
      // Row 0: [1,0,-1]·W = [1-5, 2-6] = [-4,-4]; row 1: [0.5,2,3]·W = [21.5, 27].
      const expected = [-4 + 0.5, -4 - 1, 21.5 + 0.5, 27 - 1];
      const got = Array.from(result.lifted?.data as Float32Array);
      expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    } finally {
      await session.release();
    }
  });

  it('works without a bias', async () => {
    const bytes = matMulModel({
      inputName: 'x',
      outputName: 'y',
      inFeatures: 2,
      outFeatures: 1,
      weights: new Float32Array([2, -3]),
    });
    const session = await ort.InferenceSession.create(bytes, options);
    try {
      const result = await session.run({
        x: new ort.Tensor('float32', new Float32Array([1, 1]), [1, 2]),
      });
      expect(Array.from(result.y?.data as Float32Array)).toEqual([-1]);
    } finally {
      await session.release();
    }
  });
});

describe('brokenModelBytes', () => {
  it('is rejected by InferenceSession.create', async () => {
    await expect(ort.InferenceSession.create(brokenModelBytes(), options)).rejects.toThrow();
  });
});

describe('the inline probe model of posescope doctor', () => {
  it('is the Relu graph its comment describes', async () => {
    const { PROBE_MODEL_BASE64 } = await import('../../main/inference/doctor');
    const { onnx } = onnxProtoDefault;
    const m = onnx.ModelProto.decode(Buffer.from(PROBE_MODEL_BASE64, 'base64'));
    expect(m.graph?.node?.map((n) => n.opType)).toEqual(['Relu']);
    expect(
      m.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.map((d) => Number(d.dimValue)),
    ).toEqual([4]);
  });
});
