import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeModel } from '../../test/helpers/modelFiles';
import { brokenModelBytes, tinyHeatmapModel } from '../../test/helpers/onnxGraphs';
import type * as AtomicFileModule from '../platform/atomicFile';
import type { DoctorReport } from './doctor';
import { modelCatalog } from './modelCatalog';
import { checkModelCard, removeModelCard, saveModelCard } from './userModels';

// Lets one test fail the card's write after the model was copied, as a full disk would.
const failCardWrite = vi.hoisted(() => ({ on: false }));
vi.mock('../platform/atomicFile', async (original) => {
  const real = await original<typeof AtomicFileModule>();
  return {
    ...real,
    writeAtomically: (...args: Parameters<typeof real.writeAtomically>) => {
      if (failCardWrite.on) throw new Error('no space left on device');
      return real.writeAtomically(...args);
    },
  };
});

const tmp = mkdtempSync(join(tmpdir(), 'posescope-user-models-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const user = join(tmp, 'user', 'models');
const app = join(tmp, 'app');
const picked = join(tmp, 'picked');
mkdirSync(app);
mkdirSync(picked);
const tiny = join(picked, 'tiny.onnx');
writeFileSync(tiny, tinyHeatmapModel());
const broken = join(picked, 'broken.onnx');
writeFileSync(broken, brokenModelBytes());

const doctor: DoctorReport = {
  platform: 'linux',
  arch: 'x64',
  osRelease: '',
  node: '',
  onnxruntime: '',
  cpuCores: 1,
  providers: [{ name: 'cpu', bundled: true, available: true }],
  chosen: 'cpu',
};

const card = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'tiny',
  family: 'heatmap2d',
  skeleton: 'coco17',
  inputs: [{ name: 'image', source: 'crop', size: [64, 64] }],
  outputs: [{ name: 'heatmaps', meaning: 'heatmaps', shape: [17, 16, 16] }],
  license: 'MIT',
  provenance: 'built by the test',
  ...over,
});

const save = (c: Record<string, unknown>, onnx = tiny) =>
  saveModelCard({ onnx, card: c, userFolder: user, folders: [app] });
const userFiles = () => (existsSync(user) ? readdirSync(user) : []);

beforeEach(() => {
  rmSync(user, { recursive: true, force: true });
  failCardWrite.on = false;
});

describe('checkModelCard', () => {
  it('passes a card that fits its model, the model file defaulting to the picked one', async () => {
    expect(await checkModelCard(tiny, card())).toEqual({ ok: true, problems: [] });
  });

  it('names every schema problem by its field, not only the first', async () => {
    const r = await checkModelCard(tiny, card({ name: 'a b', license: '', stride: 4 }));
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.field)).toEqual(['name', 'license', 'stride']);
    expect(r.problems[2]!.message).toBe('unknown field "stride"');
  });

  it('reports the family checks: the output a family reads, crops or whole images', async () => {
    const r = await checkModelCard(
      tiny,
      card({
        inputs: [{ name: 'image', source: 'image', size: [64, 64] }],
        outputs: [{ name: 'heatmaps', meaning: 'volumes' }],
      }),
    );
    expect(r.problems.map((p) => p.field)).toEqual(['outputs', 'outputs.0.meaning', 'inputs']);
  });

  it('names the field whose tensor does not match the model', async () => {
    const r = await checkModelCard(
      tiny,
      card({ outputs: [{ name: 'heatmaps', meaning: 'heatmaps', shape: [17, 32, 32] }] }),
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          field: 'outputs.0.shape',
          message: `the card says [N, 17, 32, 32] but the model's "heatmaps" is [N, 17, 16, 16]`,
        },
      ],
    });
    const size = await checkModelCard(
      tiny,
      card({ inputs: [{ name: 'image', source: 'crop', size: [128, 96] }] }),
    );
    expect(size.problems.map((p) => p.field)).toEqual(['inputs.0']);
    const name = await checkModelCard(
      tiny,
      card({ outputs: [{ name: 'hm', meaning: 'heatmaps' }] }),
    );
    expect(name.problems[0]).toMatchObject({ field: 'outputs.0.name' });
  });

  it('a broken model is a problem of the model field, naming the file', async () => {
    const r = await checkModelCard(broken, card());
    expect(r.problems).toEqual([
      {
        field: 'model',
        message: expect.stringMatching(/broken\.onnx is not a readable ONNX model/),
      },
    ]);
  });
});

describe('saveModelCard and removeModelCard', () => {
  it('saves into the user folder, is listed at once as removable, and is removed with its model', async () => {
    const entry = await save(card());
    expect(entry).toMatchObject({
      file: join(user, 'tiny.json'),
      origin: 'user',
      removable: true,
      name: 'tiny',
      family: 'heatmap2d',
      inputSize: [64, 64],
      loads: true,
      error: null,
    });
    expect(userFiles().sort()).toEqual(['tiny.json', 'tiny.onnx']);
    const saved = JSON.parse(readFileSync(join(user, 'tiny.json'), 'utf8')) as { model: string };
    expect(saved.model).toBe('tiny.onnx');

    const folders = [
      { path: app, origin: 'app' as const },
      { path: user, origin: 'user' as const },
    ];
    const listed = await modelCatalog({ folders, userFolder: user, doctor, skeleton: 'coco17' });
    expect(listed.models).toEqual([{ ...entry, fit: { ok: true, reason: null } }]);

    expect(removeModelCard({ file: entry.file, userFolder: user })).toEqual({
      removed: entry.file,
    });
    expect(userFiles()).toEqual([]);
    expect((await modelCatalog({ folders, userFolder: user, doctor })).models).toEqual([]);
  });

  it('refuses a broken model, naming the file, and writes nothing', async () => {
    await expect(save(card(), broken)).rejects.toThrow(
      /does not check: model: .*broken\.onnx is not a readable ONNX model/,
    );
    expect(userFiles()).toEqual([]);
  });

  it('refuses a card that does not check, or a name already taken, and writes nothing', async () => {
    await expect(save(card({ skeleton: 'nope' }))).rejects.toThrow(/skeleton: one of h36m17/);
    writeModel(app, card({ name: 'taken' }), tinyHeatmapModel());
    await expect(save(card({ name: 'taken' }))).rejects.toThrow(
      /a model card named "taken" already exists: .*app\/taken\.json/,
    );
    expect(userFiles()).toEqual([]);
  });

  it('a failure writing the card leaves nothing behind, not even the copied model', async () => {
    failCardWrite.on = true;
    await expect(save(card())).rejects.toThrow(/cannot save tiny into .*no space left on device/);
    expect(userFiles()).toEqual([]);
  });

  it('refuses to remove anything not directly in the user folder', async () => {
    await save(card());
    const other = writeModel(app, card({ name: 'theirs' }), tinyHeatmapModel());
    expect(() => removeModelCard({ file: other, userFolder: user })).toThrow(
      `${other} is not in your model folder ${user}; PoseScope removes only cards it saved there`,
    );
    expect(existsSync(other)).toBe(true);
    // A link in the user folder is judged by where it leads.
    const link = join(user, 'link.json');
    symlinkSync(other, link);
    expect(() => removeModelCard({ file: link, userFolder: user })).toThrow(/is not in your/);
    expect(() =>
      removeModelCard({ file: join(user, '..', '..', 'app', 'theirs.json'), userFolder: user }),
    ).toThrow(/is not in your model folder/);
    expect(() => removeModelCard({ file: join(user, 'tiny.onnx'), userFolder: user })).toThrow(
      /is not in your model folder/,
    );
    expect(() => removeModelCard({ file: join(user, 'gone.json'), userFolder: user })).toThrow(
      /gone\.json does not exist/,
    );
    expect(existsSync(join(user, 'tiny.onnx'))).toBe(true);
  });
});
