// npx tsx scripts/models/measureAccuracy.ts [--data ../shared/data]: runs the BlazePose
// pipelines (lite, full, heavy × ground-truth boxes / detector) over the COCO and Human3.6M
// samples, scores them as `posescope eval` does, and writes models/measured/accuracy.json,
// which the converted cards quote as `accuracy` entries (npm run models rewrites them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pck2dCount, type Pose2D } from '../../core';
import { groundTruthImages } from '../../main/store/labels/groundTruth';
import { PCK2D_ALPHA } from '../../main/eval/personMetrics';
import { indexDataset } from '../../main/indexer/indexDataset';
import { blazePoseDir, ensureBlazePose } from '../../main/inference/modelRegistry';
import { runInference } from '../../main/inference/runInference';
import { allDatasets } from '../../main/store/datasets/datasets';
import { openIndex } from '../../main/store/db/openIndex';
import { inferenceResults, runByName } from '../../main/store/runs/inferenceResults';
import { type AccuracyRecord } from '../../main/inference/convert/blazeposeCard';

const { values: opts } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data' } },
});
const appRoot = resolve(import.meta.dirname, '..', '..');
/** The figures the cards quote, committed beside the models. */
const ACCURACY_FILE = join(appRoot, 'models', 'measured', 'accuracy.json');
const VARIANTS = ['lite', 'full', 'heavy'] as const;
const DATASETS = ['coco-sample', 'h36m-sample'] as const;
const round = (v: number | undefined) => (v === undefined ? undefined : Number(v.toFixed(1)));

/** PCK@0.2 of the box's longer side over every target's own prediction (eval's 2D measure). */
function pck2dPerTarget(dbFile: string, runName: string) {
  const db = openIndex(dbFile);
  try {
    const ds = allDatasets(db)[0]!;
    const run = runByName(db, ds.id, runName)!;
    const preds = new Map(
      [...inferenceResults(db, run.id)].map((r) => [
        r.target,
        JSON.parse(r.predictions) as { joints_img?: number[][] }[],
      ]),
    );
    let hits = 0;
    let total = 0;
    let missed = 0;
    let people = 0;
    let found = 0;
    for (const im of groundTruthImages(db, ds.id, ds.format))
      for (const p of im.people) {
        if (p.iscrowd || !p.img || !p.bbox || !p.vis || !p.vis.some((v) => v > 0)) continue;
        people++;
        const joints = preds.get(`p${p.instanceId}`)?.[0]?.joints_img;
        const visible = Array.from(p.vis, (v) => v > 0);
        if (!joints) {
          missed += visible.filter(Boolean).length; // a person the detector missed scores 0
          continue;
        }
        found++;
        const pred = joints.map((j) => [j[0] ?? NaN, j[1] ?? NaN]) as unknown as Pose2D;
        const r = pck2dCount(pred, p.img, visible, { kind: 'bbox', bbox: p.bbox }, PCK2D_ALPHA);
        hits += r.hits;
        total += r.total;
      }
    return {
      pckFound: total > 0 ? (100 * hits) / total : undefined,
      pckAll: (100 * hits) / (total + missed),
      people,
      found,
    };
  } finally {
    db.close();
  }
}

const record: AccuracyRecord = { measured: new Date().toISOString().slice(0, 10), runs: [] };
const tmp = mkdtempSync(join(tmpdir(), 'posescope-blazepose-accuracy-'));
try {
  await ensureBlazePose(
    ['blazepose-detector', ...VARIANTS.map((v) => `blazepose-landmark-${v}`)],
    appRoot,
  );
  for (const name of DATASETS) {
    const dataset = resolve(opts.data, name);
    const dbFile = join(tmp, `${name}.sqlite`);
    indexDataset({ root: dataset, dbFile });
    for (const variant of VARIANTS)
      for (const boxes of ['gt', 'detector'] as const) {
        const runName = `${variant}-${boxes}`;
        const cards = ['blazepose-detector', `blazepose-landmark-${variant}`].map((c) =>
          join(blazePoseDir(appRoot), `${c}.json`),
        );
        const r = await runInference({ dbFile, dataset, cards, runName, boxes, provider: 'cpu' });
        const m = (r.metrics ?? {}) as Record<string, number | undefined>;
        const own = pck2dPerTarget(dbFile, runName);
        const row = {
          model: `blazepose-landmark-${variant}`,
          dataset: name,
          boxes,
          people: own.people,
          found: own.found,
          // Over the people found (eval's figure for 2D sets; the same per-target measure for 3D ones).
          PCK2D: round(m.PCK2D) ?? round(own.pckFound),
          PCK2D_all: round(own.pckAll),
          MPJPE: round(m.MPJPE),
          PA_MPJPE: round(m.PA_MPJPE),
          MRPE: round(m.MRPE),
        };
        record.runs.push(row);
        process.stderr.write(`${JSON.stringify(row)}\n`);
      }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(ACCURACY_FILE, `${JSON.stringify(record, null, 2)}\n`);
process.stderr.write(`wrote ${ACCURACY_FILE}\n`);
