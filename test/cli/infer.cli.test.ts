import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { writeModel } from '../helpers/modelFiles';
import { constantModel } from '../helpers/onnxGraphs';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-infer-'));
const dataset = join(tmp, 'mupots');
const models = join(tmp, 'models');
const db = join(tmp, 'm.sqlite');
const J = 17;

beforeAll(async () => {
  await writeMupotsFixture(dataset);
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
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('posescope infer', () => {
  it('runs installed cards by name and prints eval’s keys at the top level under --json', () => {
    const args = ['infer', dataset, '--pipeline', 'tiny-hm,tiny-bins', '--model-dir', models];
    const r = runCli([...args, '--db', db, '--provider', 'cpu', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      run: 'tiny-hm+1',
      status: 'done',
      targets: { total: 4, computed: 4, resumed: 0, failed: 0 },
      providers: [
        { card: 'tiny-hm', provider: 'cpu' },
        { card: 'tiny-bins', provider: 'cpu' },
      ],
      matched: 4,
      instances: 4,
    });
    for (const k of ['MRPE', 'MRPE_x', 'MRPE_y', 'MRPE_z', 'AP_root_25'])
      expect(out).toHaveProperty(k);
    // posescope eval scores the stored run again, to the same figures.
    const scored = runCli(['eval', dataset, '--run', 'tiny-hm+1', '--db', db, '--json']);
    expect(scored.code).toBe(0);
    const set = (JSON.parse(scored.stdout) as { sets: Record<string, unknown>[] }).sets[0]!;
    expect(set).toMatchObject({
      run: 'tiny-hm+1',
      predictions: 4,
      MRPE: out.MRPE,
      matched: 4,
    });
    const missing = runCli(['eval', dataset, '--run', 'nope', '--db', db]);
    expect(missing.stderr).toContain('no inference run "nope"');
    const again = runCli([...args, '--db', db, '--provider', 'cpu', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ targets: { computed: 0, resumed: 4 } });
    const text = runCli([...args, '--db', db, '--provider', 'cpu']);
    expect(text.stdout).toContain('tiny-hm on cpu');
    expect(text.stdout).toContain('targets 4: 0 computed, 4 resumed, 0 failed');
    expect(text.stdout).toMatch(/MRPE \d+\.\d mm/);
  });

  it('says which card name it could not find', () => {
    const r = runCli(['infer', dataset, '--pipeline', 'nope', '--model-dir', models, '--db', db]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no model card named "nope"');
  });
});

describe('posescope models and doctor', () => {
  it('lists installed cards, flags a broken one and exits 1', () => {
    const broken = join(tmp, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'bad.json'), JSON.stringify({ family: 'heatmap2d', name: 'bad' }));
    const ok = runCli(['models', '--model-dir', models, '--json']);
    expect(ok.code).toBe(0);
    // The app's own models/ (the shipped keypoint models) is listed too; these are the folder's.
    const listed = (
      JSON.parse(ok.stdout) as { models: { file: string; name: string; loads: boolean }[] }
    ).models.filter((m) => m.file.startsWith(models));
    expect(listed.map((m) => [m.name, m.loads])).toEqual([
      ['tiny-bins', true],
      ['tiny-hm', true],
    ]);
    const bad = runCli(['models', '--model-dir', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/BROKEN .*bad\.json\n\s+.*bad\.json: model: /);
  });

  it('reports the platform, onnxruntime and a working CPU provider', () => {
    const r = runCli(['doctor', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as {
      onnxruntime: string;
      providers: { name: string; available: boolean }[];
    };
    expect(d.onnxruntime).toMatch(/^\d+\.\d+\.\d+$/);
    expect(d.providers.find((p) => p.name === 'cpu')).toMatchObject({ available: true });
  });
});
