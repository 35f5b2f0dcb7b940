import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const root = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-eval-models-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `npm run eval:models` without its build step (npm test has built the CLI). */
function evalModels(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'models', 'evalModels.ts'), ...args],
    { encoding: 'utf8', cwd: root },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    results: Record<string, number | string>[];
    skipped: { dataset: string; needs: string }[];
  };
}

describe('npm run eval:models', () => {
  it("prints each pipeline's figures on a dataset as posescope infer scores them", () => {
    const out = evalModels(
      '--datasets',
      'sample',
      '--pipelines',
      'keypoints-3d,keypoints-3d-lifter',
    );
    expect(out.results.map((r) => [r.dataset, r.pipeline])).toEqual([
      ['sample', 'keypoints-3d'],
      ['sample', 'keypoints-3d-lifter'],
    ]);
    const sample = join(root, 'assets', 'sample');
    for (const r of out.results) {
      const direct = runCli([
        'infer',
        sample,
        '--pipeline',
        String(r.pipeline),
        '--json',
        '--db',
        join(tmp, 'direct.sqlite'),
      ]);
      expect(direct.code, direct.stderr).toBe(0);
      const run = JSON.parse(direct.stdout) as Record<string, number>;
      for (const k of ['MPJPE', 'PA_MPJPE', 'MRPE', 'PCK3D_rel'])
        expect(r[k], `${r.pipeline} ${k}`).toBe(Number(run[k]!.toFixed(1)));
      expect(r).toMatchObject({ matched: run.matched, instances: run.instances, failed: 0 });
      // A model that lifted nothing would score the mean-pose ~200 mm or fail to pair.
      expect(r.matched).toBe(r.instances);
      expect(Number(r.MPJPE)).toBeLessThan(200);
    }
  });

  it('names what a missing dataset needs', () => {
    const missing = join(tmp, 'no-data');
    const out = evalModels(
      '--data',
      missing,
      '--datasets',
      'h36m-sample',
      '--pipelines',
      'keypoints-3d',
    );
    expect(out.results).toEqual([]);
    expect(out.skipped).toEqual([{ dataset: 'h36m-sample', needs: join(missing, 'h36m-sample') }]);
  });
});
