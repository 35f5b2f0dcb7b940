import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyHeatmapModel } from '../../test/helpers/onnxGraphs';
import type { DoctorReport } from '../inference/doctor';
import { modelCalls } from './modelCalls';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-model-calls-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const appRoot = resolve(__dirname, '..', '..');
const userDir = join(tmp, 'settings');
const picked = join(tmp, 'My Net.onnx');
writeFileSync(picked, tinyHeatmapModel());

const doctor = (): Promise<DoctorReport> =>
  Promise.resolve({
    platform: 'linux',
    arch: 'x64',
    osRelease: '',
    node: '',
    onnxruntime: '',
    cpuCores: 1,
    providers: [{ name: 'cpu', bundled: true, available: true }],
    chosen: 'cpu',
  });

const calls = modelCalls({
  appRoot,
  userDir,
  doctor,
  skeletonOf: (id) => {
    if (id !== 7) throw new Error(`dataset ${id} is not open`);
    return 'coco17';
  },
});

describe('modelCalls', () => {
  it('adds a picked model to <userDir>/models, lists it for the dataset, and removes it', async () => {
    const proposal = await calls.inspectModel({ onnx: picked });
    const card = { ...proposal.card, skeleton: 'coco17', license: 'MIT' };
    expect(await calls.checkModelCard({ onnx: picked, card })).toEqual({ ok: true, problems: [] });
    const entry = await calls.saveModelCard({ onnx: picked, card });
    expect(entry).toMatchObject({
      file: join(userDir, 'models', 'My-Net.json'),
      origin: 'user',
      loads: true,
    });

    const catalog = await calls.listModels({ datasetId: 7 });
    expect(catalog.userFolder).toBe(join(userDir, 'models'));
    expect(catalog.folders).toContainEqual({ path: join(userDir, 'models'), origin: 'user' });
    expect(catalog.chosen).toBe('cpu');
    const mine = catalog.models.find((m) => m.origin === 'user');
    expect(mine).toMatchObject({ name: 'My-Net', fit: { ok: true, reason: null } });
    // The app's own cards are listed beside it, fitting or not.
    expect(catalog.models.find((m) => m.name === 'kp-lifter-h36m17')?.fit).toEqual({
      ok: false,
      reason: 'made for h36m17; the dataset is coco17',
    });
    expect(catalog.pipelines.find((p) => p.name === 'keypoints-3d')?.fit).toEqual({
      ok: true,
      reason: null,
    });

    expect(calls.removeModelCard({ file: entry.file })).toEqual({ removed: entry.file });
    expect(existsSync(join(userDir, 'models', 'My-Net.onnx'))).toBe(false);
    const app = (await calls.listModels({})).models.find((m) => m.origin === 'app')!;
    expect(app.fit).toBeNull();
    expect(() => calls.removeModelCard({ file: app.file })).toThrow(/is not in your model folder/);
  });

  it('refuses a picked file that is not an .onnx file', async () => {
    const pt = join(tmp, 'weights.pth');
    writeFileSync(pt, 'x');
    await expect(calls.inspectModel({ onnx: pt })).rejects.toThrow(/weights\.pth is not an \.onnx/);
    await expect(calls.checkModelCard({ onnx: pt, card: {} })).rejects.toThrow(/is not an \.onnx/);
  });
});
