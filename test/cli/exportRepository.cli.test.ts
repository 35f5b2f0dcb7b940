import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tritonConfig } from '../../main/inference/remote/tritonRepository';
import { startOipServer } from '../helpers/oipServer';
import { runCli, runCliAsync } from './runCli';

/**
 * `posescope models export-repository`: a Triton model repository of PoseScope's own pipelines
 * (Triton's model_configuration.md layout and fields), each model under its card's name — and
 * served from that repository, `infer --remote` runs the pipeline it came from.
 */
const root = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-repository-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const repo = join(tmp, 'repo');

describe('models export-repository', () => {
  it('writes <card>/1/model.onnx and a config.pbtxt with the tensors and dynamic batching', () => {
    const r = runCli([
      'models',
      'export-repository',
      'keypoints-3d-lifter',
      '--out',
      repo,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { models } = JSON.parse(r.stdout) as { models: string[] };
    expect(models.sort()).toEqual(
      ['coco17', 'h36m17', 'mupots17']
        .flatMap((s) => [`kp-lifter-${s}`, `kp-rootbins-${s}`])
        .sort(),
    );
    const lifter = 'kp-lifter-h36m17';
    // Buffer.equals: a deep toEqual walks a model's megabytes index by index.
    const copied = readFileSync(join(repo, lifter, '1', 'model.onnx'));
    expect(copied.equals(readFileSync(join(root, 'models', `${lifter}.onnx`)))).toBe(true);
    expect(readFileSync(join(repo, lifter, 'config.pbtxt'), 'utf8')).toBe(
      [
        `name: "${lifter}"`,
        'platform: "onnxruntime_onnx"',
        'max_batch_size: 64',
        'input [\n  {\n    name: "joints2d"\n    data_type: TYPE_FP32\n    dims: [ 17, 2 ]\n  }\n]',
        'output [\n  {\n    name: "joints3d"\n    data_type: TYPE_FP32\n    dims: [ 17, 3 ]\n  }\n]',
        'dynamic_batching { }',
        '',
      ].join('\n'),
    );
  }, 60_000);

  it('gives a model without a free batch dimension max_batch_size 0 and its full dims', () => {
    const config = tritonConfig(
      'fixed',
      [{ name: 'x', isTensor: true, type: 'float32', shape: [1, 3, 'h', 8] }],
      [{ name: 'y', isTensor: true, type: 'int64', shape: [1, 2] }],
      64,
    );
    expect(config).toContain('max_batch_size: 0');
    expect(config).toContain('dims: [ 1, 3, -1, 8 ]');
    expect(config).toContain('data_type: TYPE_INT64');
    expect(config).not.toContain('dynamic_batching');
  });

  it('names a reference that is neither a pipeline nor a card', () => {
    const r = runCli(['models', 'export-repository', 'no-such-model', '--out', join(tmp, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no model card named "no-such-model"');
  });

  it('serves the pipeline it came from: infer --remote on the exported models', async () => {
    const names = ['kp-lifter-mupots17', 'kp-rootbins-mupots17'];
    const server = await startOipServer({
      models: Object.fromEntries(
        names.map((n) => [n, new Uint8Array(readFileSync(join(repo, n, '1', 'model.onnx')))]),
      ),
    });
    try {
      const r = await runCliAsync([
        'infer',
        join(root, 'assets', 'sample'),
        '--pipeline',
        'keypoints-3d-lifter',
        '--db',
        join(tmp, 'index.sqlite'),
        '--remote',
        server.url,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout) as { targets: { computed: number; failed: number } };
      expect(run.targets.computed).toBeGreaterThan(100);
      expect(run.targets.failed).toBe(0);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
