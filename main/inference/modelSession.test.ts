import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeModel } from '../../test/helpers/modelFiles';
import { brokenModelBytes, constantModel } from '../../test/helpers/onnxGraphs';
import { loadCard, ModelCardError } from './modelCard';
import { ModelSession } from './modelSession';
import { providerOrder, providerPlan, supportedProviders, type Provider } from './providers';
import * as ort from 'onnxruntime-node';

const dir = mkdtempSync(join(tmpdir(), 'posescope-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const heatmapCard = {
  name: 'tiny-hm',
  family: 'heatmap2d',
  skeleton: 'h36m17',
  inputs: [{ name: 'image', source: 'crop', size: [32, 32] }],
  outputs: [{ name: 'heatmaps', meaning: 'heatmaps', shape: [17, 8, 8] }],
};
const tinyHeatmaps = (inputName = 'image', shape: (number | string)[] = ['N', 3, 32, 32]) =>
  constantModel({
    inputs: [{ name: inputName, shape }],
    outputs: [{ name: 'heatmaps', shape: [17, 8, 8], data: new Float32Array(17 * 64) }],
  });

async function open(card: Record<string, unknown>, bytes: Uint8Array, plan = providerPlan('cpu')) {
  const file = writeModel(dir, card, bytes);
  return ModelSession.open(
    loadCard(file),
    new Uint8Array(readFileSync(file.replace(/json$/, 'onnx'))),
    plan,
  );
}

describe('model cards', () => {
  it('fills defaults for what a card leaves out', () => {
    const file = writeModel(dir, heatmapCard, tinyHeatmaps());
    const { card, modelFile } = loadCard(file);
    expect(modelFile).toBe(join(dir, 'tiny-hm.onnx'));
    expect(card.inputs[0]).toMatchObject({
      layout: 'NCHW',
      channels: 'RGB',
      scale: 255,
      padding: 1.25,
    });
    expect(card.family === 'heatmap2d' && card.params).toEqual({
      decode: 'argmax',
      quarterOffset: true,
      beta: 1,
    });
  });

  it.each([
    [{ ...heatmapCard, family: 'transformer' }, 'family'],
    [{ ...heatmapCard, skeleton: 'kinect25' }, 'skeleton: one of'],
    [
      { ...heatmapCard, inputs: [{ name: 'image', source: 'crop', size: [32, -1] }] },
      'inputs.0.size.1',
    ],
    [
      { ...heatmapCard, outputs: [{ name: 'x', meaning: 'depth_logits' }] },
      'outputs: a heatmap2d model needs a "heatmaps" output',
    ],
    [{ ...heatmapCard, params: { decode: 'mean-shift' } }, 'params.decode'],
    [{ ...heatmapCard, license: undefined }, 'license'],
    [{ ...heatmapCard, stride: 4 }, '(card): Unrecognized key: "stride"'],
    [
      {
        ...heatmapCard,
        family: 'drm',
        params: { stride: 4 },
        outputs: ['drm_center', 'drm_offsets', 'drm_root_depth', 'drm_relative_depth'].map((m) => ({
          name: m,
          meaning: m,
        })),
      },
      'inputs: a drm model takes the whole image',
    ],
    [
      {
        ...heatmapCard,
        family: 'lifter',
        inputs: [{ name: 'joints2d', source: 'joints2d' }],
        outputs: [{ name: 'joints3d', meaning: 'joints3d' }],
        params: { exact2d: { rootFitLogSd: 0.02, jointSdMm: Array(16).fill(20) } },
      },
      'params.exact2d.jointSdMm: 16 spreads for the 17 joints of h36m17',
    ],
  ])('refuses a bad card, naming the field (%#)', (card, field) => {
    const file = writeModel(dir, card, tinyHeatmaps());
    expect(() => loadCard(file)).toThrow(ModelCardError);
    expect(() => loadCard(file)).toThrow(`${file}: ${field}`);
  });

  it('refuses a card that is not JSON, naming the file', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"name": ');
    expect(() => loadCard(file)).toThrow(`${file}: (file): not JSON`);
  });
});

describe('ModelSession', () => {
  it('opens a model that matches its card on the CPU', async () => {
    const s = await open(heatmapCard, tinyHeatmaps());
    expect(s.provider).toBe('cpu');
    expect(s.attempts).toEqual([{ provider: 'cpu' }]);
    await s.release();
  });

  it('refuses a model whose input is not the one the card names', async () => {
    await expect(open(heatmapCard, tinyHeatmaps('input'))).rejects.toThrow(
      'inputs.0.name: the model has no input "image" (it has "input")',
    );
  });

  it('refuses a model whose input size differs from the card', async () => {
    await expect(open(heatmapCard, tinyHeatmaps('image', ['N', 3, 64, 48]))).rejects.toThrow(
      'inputs.0: the card describes NCHW [N, 3, 32, 32] but the model\'s "image" is [N, 3, 64, 48]',
    );
  });

  it('refuses an output shape the card contradicts', async () => {
    const card = {
      ...heatmapCard,
      outputs: [{ name: 'heatmaps', meaning: 'heatmaps', shape: [17, 16, 16] }],
    };
    await expect(open(card, tinyHeatmaps())).rejects.toThrow(
      'outputs.0.shape: the card says [N, 17, 16, 16]',
    );
  });

  it('refuses a corrupt model with the file and every provider tried', async () => {
    await expect(open(heatmapCard, brokenModelBytes())).rejects.toThrow(
      /tiny-hm\.onnx: cannot load the model \(cpu: .+\)/,
    );
  });

  it('falls back to the CPU, visibly, when the provider asked for cannot start', async () => {
    const s = await open(heatmapCard, tinyHeatmaps(), providerPlan('cuda'));
    if (s.provider === 'cuda') {
      // A machine with the CUDA provider installed: nothing to fall back from.
      expect(s.attempts).toEqual([{ provider: 'cuda' }]);
    } else {
      expect(s.provider).toBe('cpu');
      expect(s.attempts[0]).toMatchObject({ provider: 'cuda', error: expect.any(String) });
      expect(s.attempts[1]).toEqual({ provider: 'cpu' });
    }
    await s.release();
  });
});

describe('a provider failing mid-run', () => {
  it('hands the batch to the next provider and records why', async () => {
    const file = writeModel(dir, heatmapCard, tinyHeatmaps());
    const bytes = new Uint8Array(readFileSync(file.replace(/json$/, 'onnx')));
    let gpuRuns = 0;
    // A session that opens like a GPU one and then loses its device on the second batch.
    const create = async (b: Uint8Array, provider: Provider) => {
      const real = await ort.InferenceSession.create(b, { executionProviders: ['cpu'] });
      if (provider === 'cpu') return real;
      const run = real.run.bind(real);
      return Object.assign(real, {
        run: (feeds: ort.InferenceSession.FeedsType) => {
          if (++gpuRuns > 1) return Promise.reject(new Error('CUDA error: device lost'));
          return run(feeds);
        },
      });
    };
    const s = await ModelSession.open(loadCard(file), bytes, ['cuda', 'cpu'], create);
    expect(s.provider).toBe('cuda');
    const feeds = {
      image: new ort.Tensor('float32', new Float32Array(3 * 32 * 32), [1, 3, 32, 32]),
    };
    await s.run(feeds);
    const out = await s.run(feeds);
    expect(out.heatmaps!.dims).toEqual([1, 17, 8, 8]);
    expect(s.provider).toBe('cpu');
    expect(s.attempts).toEqual([
      { provider: 'cuda' },
      { provider: 'cuda', error: 'run failed: CUDA error: device lost' },
      { provider: 'cpu' },
    ]);
    await s.release();
  });
});

describe('providers', () => {
  it('orders GPU providers first and the CPU last on every platform', () => {
    expect(providerOrder('linux')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(providerOrder('win32')).toEqual(['cuda', 'dml', 'webgpu', 'cpu']);
    expect(providerOrder('darwin')).toEqual(['coreml', 'webgpu', 'cpu']);
    expect(supportedProviders().at(-1)).toEqual({ name: 'cpu', bundled: true });
  });
  it('refuses an unknown provider name', () => {
    expect(() => providerPlan('tpu')).toThrow(
      'unknown provider "tpu"; known: auto, cuda, dml, coreml, webgpu, cpu',
    );
  });
});
