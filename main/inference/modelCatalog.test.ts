import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeModel } from '../../test/helpers/modelFiles';
import { brokenModelBytes, tinyHeatmapModel } from '../../test/helpers/onnxGraphs';
import type { DoctorReport } from './doctor';
import { cardFit, modelCatalog } from './modelCatalog';
import { modelFolderList, modelFolders, type ModelFolder } from './modelRegistry';
import { ModelSession } from './modelSession';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const doctor: DoctorReport = {
  platform: 'linux',
  arch: 'x64',
  osRelease: '',
  node: '',
  onnxruntime: '',
  cpuCores: 1,
  providers: [
    { name: 'cuda', bundled: false, available: false, error: 'libcudart.so.12: not found' },
    { name: 'cpu', bundled: true, available: true },
  ],
  chosen: 'cpu',
};

const heatmapCard = (name: string, skeleton = 'h36m17') => ({
  name,
  family: 'heatmap2d',
  skeleton,
  inputs: [{ name: 'image', source: 'crop', size: [64, 64] }],
  outputs: [{ name: 'heatmaps', meaning: 'heatmaps' }],
  description: `${name}, for the test`,
  accuracy: [{ dataset: 'nowhere', metric: 'mpjpe', value: 1 }],
});

/** A folder with a good card, three broken ones and two pipelines (one invalid). */
function modelFolder(): string {
  const dir = mkdtempSync(join(tmp, 'models-'));
  writeModel(dir, heatmapCard('good'), tinyHeatmapModel());
  writeModel(dir, heatmapCard('bad-model'), brokenModelBytes());
  writeModel(dir, { ...heatmapCard('bad-field'), skeleton: 'nope' }, tinyHeatmapModel());
  writeFileSync(join(dir, 'not-json.json'), '{ "family": ');
  writeFileSync(join(dir, 'notes.json'), JSON.stringify({ about: 'not a card' }));
  mkdirSync(join(dir, 'pipelines'));
  const pipeline = (name: string, cards: Record<string, string[]>) =>
    writeFileSync(join(dir, 'pipelines', `${name}.json`), JSON.stringify({ name, cards }));
  pipeline('fine', { h36m17: ['good'], coco17: ['bad-model'] });
  pipeline('missing', { h36m17: ['good', 'elsewhere'] });
  writeFileSync(join(dir, 'pipelines', 'broken.json'), JSON.stringify({ name: 'broken' }));
  return dir;
}

describe('modelFolderList', () => {
  it('lists app, BlazePose, user, POSESCOPE_MODELS and extra folders with their origin, once each', () => {
    vi.stubEnv('POSESCOPE_MODELS', ['/env/a', '/user/models'].join(delimiter));
    const list = modelFolderList('/app', ['/extra', '/app/models'], '/user/models');
    expect(list).toEqual([
      { path: resolve('/app/models'), origin: 'app' },
      { path: resolve('/app/models/blazepose'), origin: 'app' },
      { path: resolve('/user/models'), origin: 'user' },
      { path: resolve('/env/a'), origin: 'env' },
      { path: resolve('/extra'), origin: 'env' },
    ]);
    expect(modelFolders('/app', [], null)).toEqual([
      resolve('/app/models'),
      resolve('/app/models/blazepose'),
      resolve('/env/a'),
      resolve('/user/models'),
    ]);
    vi.unstubAllEnvs();
  });

  it('defaults the user folder to POSESCOPE_USER_DATA/models, as the app does', () => {
    vi.stubEnv('POSESCOPE_USER_DATA', join(tmp, 'ud'));
    vi.stubEnv('POSESCOPE_MODELS', '');
    expect(modelFolderList('/app')[2]).toEqual({ path: join(tmp, 'ud', 'models'), origin: 'user' });
    vi.unstubAllEnvs();
  });
});

describe('modelCatalog', () => {
  const dir = modelFolder();
  const folders: ModelFolder[] = [{ path: dir, origin: 'env' }];
  const list = (skeleton?: string) =>
    modelCatalog({ folders, userFolder: join(tmp, 'user'), doctor, skeleton });

  it('lists every card, broken ones with their error, and the providers', async () => {
    const c = await list();
    expect(c.folders).toEqual([{ path: dir, origin: 'env' }]);
    expect(c.providers).toEqual(doctor.providers);
    expect(c.chosen).toBe('cpu');
    const byFile = new Map(c.models.map((m) => [m.file.slice(dir.length + 1), m]));
    expect([...byFile.keys()]).toEqual([
      'bad-field.json',
      'bad-model.json',
      'good.json',
      'not-json.json',
    ]);
    expect(byFile.get('good.json')).toEqual({
      file: join(dir, 'good.json'),
      origin: 'env',
      removable: false,
      name: 'good',
      family: 'heatmap2d',
      skeleton: 'h36m17',
      inputSize: [64, 64],
      inputs: [{ name: 'image', source: 'crop' }],
      outputs: [{ name: 'heatmaps', meaning: 'heatmaps' }],
      license: 'MIT',
      provenance: 'built by the test',
      description: 'good, for the test',
      accuracy: [{ dataset: 'nowhere', metric: 'mpjpe', value: 1 }],
      loads: true,
      error: null,
      fit: null,
    });
    // A card that does not validate keeps what its JSON says, beside the first bad field.
    expect(byFile.get('bad-field.json')).toMatchObject({
      name: 'bad-field',
      skeleton: 'nope',
      license: 'MIT',
      loads: false,
      error: expect.stringMatching(/bad-field\.json: skeleton: one of h36m17/),
    });
    expect(byFile.get('bad-model.json')).toMatchObject({
      name: 'bad-model',
      loads: false,
      error: expect.stringMatching(/bad-model\.onnx: cannot load the model \(cpu: /),
    });
    expect(byFile.get('not-json.json')).toMatchObject({
      name: null,
      loads: false,
      error: expect.stringMatching(/not-json\.json: \(file\): not JSON/),
    });
  });

  it('says whether each card fits the dataset skeleton, and why not', async () => {
    const fits = Object.fromEntries(
      (await list('coco17')).models.map((m) => [m.name ?? 'unnamed', m.fit]),
    );
    expect(fits.good).toEqual({ ok: false, reason: 'made for h36m17; the dataset is coco17' });
    expect(fits['bad-model']).toEqual({
      ok: false,
      reason: expect.stringMatching(/cannot load the model/),
    });
    expect((await list('h36m17')).models.find((m) => m.name === 'good')?.fit).toEqual({
      ok: true,
      reason: null,
    });
    // BlazePose cards map their own skeleton onto the dataset's.
    expect(cardFit({ family: 'blazepose', skeleton: 'blazepose33' }, null, 'coco17')).toEqual({
      ok: true,
      reason: null,
    });
  });

  it('lists pipelines with their card sets, errors and fit', async () => {
    const byName = (ps: Awaited<ReturnType<typeof list>>['pipelines']) =>
      Object.fromEntries(ps.map((p) => [p.name, p]));
    const plain = byName((await list()).pipelines);
    expect(plain.fine).toMatchObject({
      file: join(dir, 'pipelines', 'fine.json'),
      origin: 'env',
      cards: { h36m17: ['good'], coco17: ['bad-model'] },
      error: null,
      fit: null,
    });
    expect(plain.broken!.error).toMatch(/broken\.json: cards: /);
    const h36m = byName((await list('h36m17')).pipelines);
    expect(h36m.fine!.fit).toEqual({ ok: true, reason: null });
    expect(h36m.missing!.fit).toEqual({ ok: false, reason: 'card "elsewhere" is not installed' });
    expect(h36m.broken!.fit).toMatchObject({ ok: false });
    const coco = byName((await list('coco17')).pipelines);
    expect(coco.fine!.fit).toEqual({
      ok: false,
      reason: expect.stringMatching(/^card "bad-model" does not load: /),
    });
    expect(coco.missing!.fit).toEqual({
      ok: false,
      reason: 'no card set for coco17 (it has h36m17)',
    });
  });

  it('opens each model once, again only when its card or model file changes', async () => {
    const own = mkdtempSync(join(tmp, 'cache-'));
    const card = writeModel(own, heatmapCard('cached'), tinyHeatmapModel());
    const mine: ModelFolder[] = [{ path: own, origin: 'user' }];
    const open = vi.spyOn(ModelSession, 'open');
    const again = () => modelCatalog({ folders: mine, userFolder: own, doctor });
    expect((await again()).models[0]).toMatchObject({ loads: true, removable: true });
    expect((await again()).models[0]).toMatchObject({ loads: true });
    expect(open).toHaveBeenCalledTimes(1);
    writeFileSync(card.replace(/json$/, 'onnx'), brokenModelBytes());
    expect((await again()).models[0]).toMatchObject({ loads: false });
    expect(open).toHaveBeenCalledTimes(2);
    // Same size, a new time: the card was saved again, so its model is opened again.
    utimesSync(card, new Date(), new Date(Date.now() + 5000));
    await again();
    expect(open).toHaveBeenCalledTimes(3);
  });
});
