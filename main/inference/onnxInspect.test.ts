import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  brokenModelBytes,
  shapeModel,
  tinyHeatmapModel,
  type ShapeModelSpec,
} from '../../test/helpers/onnxGraphs';
import { inspectModel } from './onnxInspect';
import { checkModelCard } from './userModels';

const dir = mkdtempSync(join(tmpdir(), 'posescope-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const appModels = resolve(__dirname, '..', '..', 'models');

function write(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Inspects a shape model and checks that the proposed card passes against its own file. */
async function propose(name: string, spec: ShapeModelSpec) {
  const file = write(`${name}.onnx`, shapeModel(spec));
  const p = await inspectModel(file);
  return { p, check: await checkModelCard(file, p.card) };
}

const image = (shape: (number | string)[]) => [{ name: 'image', shape }];
const pose = { name: 'joints2d', shape: ['N', 17, 2] };

describe('inspectModel guesses the family from tensor shapes', () => {
  it('heatmap2d: the tiny generated model, NCHW crop, 17 joints to confirm', async () => {
    const file = write('tiny heatmap.onnx', tinyHeatmapModel());
    const p = await inspectModel(file);
    expect(p).toMatchObject({ onnx: file, family: 'heatmap2d' });
    expect(p.inputs).toEqual([{ name: 'image', type: 'float32', shape: ['N', 3, 64, 64] }]);
    expect(p.reason).toMatch(/"heatmaps" is \[N, 17, 16, 16\].*h36m17, mupots17 or coco17/);
    expect(p.card).toMatchObject({
      name: 'tiny-heatmap',
      family: 'heatmap2d',
      model: 'tiny heatmap.onnx',
      skeleton: 'h36m17',
      inputs: [{ name: 'image', source: 'crop', layout: 'NCHW', size: [64, 64] }],
      outputs: [{ name: 'heatmaps', meaning: 'heatmaps', shape: [17, 16, 16] }],
    });
    expect(p.confirm).toEqual(
      expect.arrayContaining(['skeleton', 'license', 'inputs.0.mean', 'params.decode']),
    );
    expect(await checkModelCard(file, p.card)).toEqual({ ok: true, problems: [] });
  });

  it('the tiny heatmap model’s peaks move with the image', async () => {
    const s = await ort.InferenceSession.create(tinyHeatmapModel(), {
      executionProviders: ['cpu'],
    });
    const peaks = async (seed: number) => {
      const px = Float32Array.from({ length: 3 * 64 * 64 }, (_, i) => Math.sin(i * seed) * 2);
      const out = await s.run({ image: new ort.Tensor('float32', px, [1, 3, 64, 64]) });
      const hm = out.heatmaps!.data as Float32Array;
      return Array.from({ length: 17 }, (_, j) => {
        const map = hm.subarray(j * 256, (j + 1) * 256);
        return map.indexOf(Math.max(...map));
      });
    };
    const a = await peaks(0.37);
    expect(a).toEqual(await peaks(0.37));
    expect(a).not.toEqual(await peaks(1.91));
    await s.release();
  });

  it('heatmap2d from NHWC, with the size read as [width, height] and 16 joints as mpii16', async () => {
    const { p, check } = await propose('nhwc', {
      inputs: image(['N', 256, 192, 3]),
      outputs: [{ name: 'hm', shape: [16, 64, 48] }],
    });
    expect(p.card).toMatchObject({
      skeleton: 'mpii16',
      inputs: [{ layout: 'NHWC', size: [192, 256] }],
    });
    expect(check.ok).toBe(true);
  });

  it('volumetric3d: J·D channels, D taken equal to the map side', async () => {
    const { p, check } = await propose('volume', {
      inputs: image(['N', 3, 64, 64]),
      outputs: [{ name: 'vol', shape: [17 * 8, 8, 8] }],
    });
    expect(p.family).toBe('volumetric3d');
    expect(p.card).toMatchObject({ skeleton: 'h36m17', params: { depth: 8 } });
    expect(p.confirm).toContain('params.depthRangeMm');
    expect(check).toEqual({ ok: true, problems: [] });
  });

  it('depthbins: one [N, B] vector from an image, the family itself to confirm', async () => {
    const { p, check } = await propose('bins', {
      inputs: image(['N', 3, 64, 64]),
      outputs: [{ name: 'logits', shape: [71] }],
    });
    expect(p.family).toBe('depthbins');
    expect(p.card).toMatchObject({ params: { bins: 71 }, skeleton: '' });
    expect(p.confirm).toEqual(expect.arrayContaining(['family', 'skeleton', 'params.beta']));
    // No joints in or out: the skeleton is for a person to fill in.
    expect(check.problems.map((x) => x.field)).toEqual(['skeleton']);
  });

  it('ranking: J×J out of 2D joints', async () => {
    const { p, check } = await propose('ranking', {
      inputs: [pose],
      outputs: [{ name: 'rank', shape: [17, 17] }],
    });
    expect(p.family).toBe('ranking');
    expect(p.card).toMatchObject({
      inputs: [{ name: 'joints2d', source: 'joints2d' }],
      outputs: [{ meaning: 'ranking' }],
    });
    expect(p.confirm).toContain('inputs.0.normalize');
    expect(check.ok).toBe(true);
  });

  it('lifter: 2D joints and a ranking matrix in, [N, J, 3] out; J−1 joints leave the root out', async () => {
    const { p, check } = await propose('dpnet', {
      inputs: [pose, { name: 'rank', shape: ['N', 17, 17] }],
      outputs: [{ name: 'xyz', shape: [17, 3] }],
    });
    expect(p.family).toBe('lifter');
    expect(p.card).toMatchObject({
      inputs: [{ source: 'joints2d' }, { source: 'ranking' }],
      params: { rootOmitted: false },
    });
    expect(check.ok).toBe(true);
    const flat = await propose('flat', { inputs: [pose], outputs: [{ name: 'xyz', shape: [48] }] });
    expect(flat.p.card).toMatchObject({ family: 'lifter', params: { rootOmitted: true } });
    expect(flat.check.ok).toBe(true);
  });

  it('drm: four maps of one size, stride from the input, centre and root told apart by name', async () => {
    const [H, W] = [24, 32];
    const { p, check } = await propose('drm', {
      inputs: image(['N', 3, 96, 128]),
      outputs: [
        { name: 'root_depth', shape: [1, H, W] },
        { name: 'offsets', shape: [34, H, W] },
        { name: 'center', shape: [1, H, W] },
        { name: 'rel', shape: [17, H, W] },
      ],
    });
    expect(p.family).toBe('drm');
    expect(p.card).toMatchObject({
      inputs: [{ source: 'image', size: [128, 96] }],
      outputs: [
        { name: 'center', meaning: 'drm_center' },
        { name: 'offsets', meaning: 'drm_offsets' },
        { name: 'root_depth', meaning: 'drm_root_depth' },
        { name: 'rel', meaning: 'drm_relative_depth' },
      ],
      params: { stride: 4 },
    });
    expect(p.confirm).not.toContain('outputs.0.meaning');
    expect(check.ok).toBe(true);
  });

  it('the shipped keypoint models: DPNet is a lifter, the root-depth net depthbins', async () => {
    const dpnet = await inspectModel(join(appModels, 'kp-dpnet-coco17.onnx'));
    expect(dpnet.family).toBe('lifter');
    const bins = await inspectModel(join(appModels, 'kp-rootbins-coco17.onnx'));
    expect(bins.card).toMatchObject({ family: 'depthbins', params: { bins: 71 } });
  });

  it('unknown shapes: no family, the reason, and a card whose open fields are to confirm', async () => {
    const { p, check } = await propose('odd', {
      inputs: [{ name: 'feat', shape: ['N', 10] }],
      outputs: [{ name: 'y', shape: [5] }],
    });
    expect(p.family).toBeNull();
    expect(p.reason).toMatch(/input "feat" is \[N, 10\]: neither an image/);
    expect(p.card).toMatchObject({ family: null, skeleton: '', outputs: [{ name: 'y' }] });
    expect(p.confirm).toEqual(
      expect.arrayContaining(['family', 'skeleton', 'outputs.0.meaning', 'inputs.0.source']),
    );
    expect(check.ok).toBe(false);
  });

  it('free dims are not relied on: a free image side is a size to confirm', async () => {
    const { p } = await propose('free', {
      inputs: image(['N', 3, 'height', 'width']),
      outputs: [{ name: 'hm', shape: [17, 'h', 'w'] }],
    });
    expect(p.family).toBe('heatmap2d');
    expect(p.confirm).toContain('inputs.0.size');
  });

  it('refuses a file that is not a readable ONNX model, naming it', async () => {
    const broken = write('broken.onnx', brokenModelBytes());
    await expect(inspectModel(broken)).rejects.toThrow(
      new RegExp(
        `^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a readable ONNX model: \\S`,
      ),
    );
    const text = write('weights.pt', new Uint8Array([1, 2, 3]));
    await expect(inspectModel(text)).rejects.toThrow(/weights\.pt is not an \.onnx file/);
    await expect(inspectModel(join(dir, 'gone.onnx'))).rejects.toThrow(/cannot read .*gone\.onnx/);
  });
});
