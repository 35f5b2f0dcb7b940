import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../contract';
import { startBackend } from '../../main/services/startBackend';
import type { ServiceBackend } from '../../main/services/backend';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { writeModel } from '../helpers/modelFiles';
import { constantModel } from '../helpers/onnxGraphs';
import { runCli } from './runCli';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-user-data-'));
const dataset = join(tmp, 'mupots');
const models = join(tmp, 'models');
const userData = join(tmp, 'user');
const preds = join(tmp, 'pred.json');
const J = 17;

/** The index file the app keeps for `folder` under a user-data folder, spelled out here. */
const indexIn = (dir: string, folder: string) =>
  join(
    dir,
    'indexes',
    `mupots-${createHash('sha256').update(resolve(folder)).digest('hex').slice(0, 12)}.sqlite`,
  );

async function call<T>(backend: ServiceBackend, name: string, args: unknown): Promise<T> {
  const r = await backend.call(name, args);
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}

let app: ServiceBackend;

beforeAll(async () => {
  const { people } = await writeMupotsFixture(dataset);
  const imageOf = [1, 1, 2, 3];
  writeFileSync(
    preds,
    JSON.stringify(people.map((p, i) => ({ image_id: imageOf[i], joints_cam: p }))),
  );
  mkdirSync(models);
  const hm = new Float32Array(J * 16 * 16);
  for (let j = 0; j < J; j++) hm[j * 256 + 8 * 16 + 8] = 1;
  const logits = new Float32Array(71);
  logits[40] = 10;
  const image = [{ name: 'image', shape: ['N', 3, 64, 64] }];
  const crop = { name: 'image', source: 'crop', size: [64, 64] };
  writeModel(
    models,
    {
      name: 'tiny-hm',
      family: 'heatmap2d',
      skeleton: 'mupots17',
      inputs: [crop],
      outputs: [{ name: 'hm', meaning: 'heatmaps' }],
    },
    constantModel({ inputs: image, outputs: [{ name: 'hm', shape: [J, 16, 16], data: hm }] }),
  );
  writeModel(
    models,
    {
      name: 'tiny-bins',
      family: 'depthbins',
      skeleton: 'mupots17',
      inputs: [crop],
      outputs: [{ name: 'logits', meaning: 'depth_logits' }],
    },
    constantModel({ inputs: image, outputs: [{ name: 'logits', shape: [71], data: logits }] }),
  );
  // The app as `posescope serve --user-data <dir>` starts it, open on the dataset before the
  // terminal commands run.
  app = startBackend({ appRoot, version: 'test', shell: 'browser', userData });
  const info = await call<DatasetInfo>(app, 'openDataset', { path: dataset });
  expect(info.runs).toEqual([]);
});
afterAll(async () => {
  await app.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('--user-data: the CLI writes the index the app opens', () => {
  it('infer and eval write <dir>/indexes/<name>-<hash>.sqlite, and the open app lists their runs', async () => {
    const file = indexIn(userData, dataset);
    expect(existsSync(file)).toBe(true);
    const infer = runCli([
      'infer',
      dataset,
      '--pipeline',
      'tiny-hm,tiny-bins',
      '--model-dir',
      models,
      '--provider',
      'cpu',
      '--run-name',
      'from-terminal',
      '--user-data',
      userData,
      '--json',
    ]);
    expect(infer.stderr).toBe('');
    expect(infer.code).toBe(0);
    const evaluated = runCli(['eval', dataset, '--pred', preds, '--user-data', userData, '--json']);
    expect(evaluated.stderr).toBe('');
    expect(evaluated.code).toBe(0);
    // One index file, the app's: the commands neither made another nor used the cache folder.
    expect(readdirSync(join(userData, 'indexes')).filter((f) => f.endsWith('.sqlite'))).toEqual([
      file.split(/[\\/]/).pop(),
    ]);
    const info = await call<DatasetInfo>(app, 'datasetInfo', { datasetId: 1 });
    expect(info.runs.map((r) => [r.name, r.kind, r.predictions])).toEqual([
      ['from-terminal', 'inference', 4],
      ['pred', 'import', 4],
    ]);
  });

  it('POSESCOPE_USER_DATA stands for --user-data, and --db still names the file outright', () => {
    const other = join(tmp, 'env-user');
    const r = spawnSync(
      process.execPath,
      [join(appRoot, 'bin', 'posescope.mjs'), 'index', dataset, '--json'],
      { encoding: 'utf8', env: { ...process.env, POSESCOPE_USER_DATA: other } },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ db: indexIn(other, dataset) });
    expect(existsSync(indexIn(other, dataset))).toBe(true);

    const own = join(tmp, 'own.sqlite');
    const explicit = runCli(['index', dataset, '--db', own, '--user-data', userData, '--json']);
    expect(explicit.code).toBe(0);
    expect(JSON.parse(explicit.stdout)).toMatchObject({ db: own });
  });

  it('says in serve --help and the commands’ help where indexes go', () => {
    for (const command of ['serve', 'index', 'eval', 'infer', 'export', 'report', 'apply-patch']) {
      const help = runCli([command, '--help']).stdout;
      expect(help).toContain('--user-data <dir>');
      expect(help).toMatch(
        /Index files go in <dir>\/indexes with --user-data <dir> or\s+POSESCOPE_USER_DATA/,
      );
    }
  });
});
