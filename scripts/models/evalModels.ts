// npm run eval:models [-- --data ../shared/data --pipelines a,b --datasets h36m-sample,sample]:
// runs every named pipeline that gives 3D (models/pipelines/*.json: the keypoint models and
// BlazePose's world landmarks) on the real Human3.6M sample and on the bundled sample, as a
// user would — `posescope infer <folder> --pipeline <name> --json`, ground-truth 2D for the
// keypoint models and ground-truth boxes for BlazePose — and prints one JSON table: MPJPE,
// PA-MPJPE and MRPE (mm) with the rest of each run's figures, per dataset and pipeline.
// A dataset that is not there is listed under `skipped` with what it needs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPipeline, pipelineFiles } from '../../main/inference/pipelines';

const appRoot = resolve(import.meta.dirname, '..', '..');
const { values: opts } = parseArgs({
  options: {
    data: { type: 'string', default: join(appRoot, '..', 'shared', 'data') },
    pipelines: { type: 'string' },
    datasets: { type: 'string' },
  },
});

/** The datasets with 3D labels the figures are measured on. */
const DATASETS = [
  { name: 'h36m-sample', root: join(resolve(opts.data), 'h36m-sample'), shared: true },
  { name: 'sample', root: join(appRoot, 'assets', 'sample'), shared: false },
].filter((d) => !opts.datasets || opts.datasets.split(',').includes(d.name));

/** Pipelines that end in 3D: the keypoint models', and BlazePose's world landmarks. */
const PIPELINES = pipelineFiles([join(appRoot, 'models')])
  .map((f) => loadPipeline(f).name)
  .filter((n) => /^(keypoints-3d|blazepose-|photo-3d)/.test(n))
  .filter((n) => !opts.pipelines || opts.pipelines.split(',').includes(n))
  .sort();

/** The figures of the table, then the rest that say how far to trust them. */
const FIGURES = ['MPJPE', 'PA_MPJPE', 'MRPE', 'MRPE_z', 'PCK3D_rel', 'PCK3D_abs', 'AUC_rel'];
const round = (v: unknown) => (typeof v === 'number' ? Number(v.toFixed(1)) : null);

const log = (m: string) => process.stderr.write(`eval:models: ${m}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'posescope-eval-models-'));
const results: Record<string, unknown>[] = [];
const skipped: { dataset: string; needs: string }[] = [];
try {
  for (const ds of DATASETS) {
    if (!existsSync(ds.root)) {
      skipped.push({ dataset: ds.name, needs: ds.root });
      log(`${ds.name}: skipped, needs ${ds.root}`);
      continue;
    }
    for (const pipeline of PIPELINES) {
      log(`${ds.name}: ${pipeline}`);
      const args = [
        join(appRoot, 'bin', 'posescope.mjs'),
        'infer',
        ds.root,
        '--pipeline',
        pipeline,
        '--json',
        '--db',
        join(tmp, `${ds.name}.sqlite`),
        // Ground-truth boxes for BlazePose, as the keypoint models get ground-truth 2D: the
        // figures are the 3D models', not the detector's.
        ...(/^(blazepose|photo)/.test(pipeline) ? ['--boxes', 'gt'] : []),
        '--user-data',
        join(tmp, 'user'),
      ];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0)
        throw new Error(`posescope infer ${ds.name} --pipeline ${pipeline}: ${r.stderr.trim()}`);
      const run = JSON.parse(r.stdout) as Record<string, unknown> & {
        format: string;
        targets: { total: number; failed: number };
        seconds: number;
      };
      results.push({
        dataset: ds.name,
        format: run.format,
        pipeline,
        ...Object.fromEntries(FIGURES.map((k) => [k, round(run[k])])),
        matched: run.matched,
        instances: run.instances,
        failed: run.targets.failed,
        seconds: round(run.seconds),
      });
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.stdout.write(
  `${JSON.stringify({ units: 'mm (PCK and AUC in %)', results, skipped }, null, 2)}\n`,
);
