import { basename } from 'node:path';
import {
  COCO_OKS_SIGMAS,
  getSkeleton,
  oksAp,
  pck3d,
  poseRoot,
  type OksDetection,
  type OksGroundTruth,
  type Skeleton,
} from '../../core';
import type { DatasetFormat, IssueLog } from '../datasets/records';
import { CountingIssueLog, type IssueSummary } from '../indexer/issueLog';
import { BatchInsert } from '../store/batchInsert';
import { f64Blob } from '../store/blobs';
import type { IndexDb } from '../store/openIndex';
import { groundTruthImages, type GtImage } from './groundTruth';
import { matchPeople, predictedPerson, type PredictedPerson } from './matchPeople';
import { personMetrics2d, personMetrics3d } from './personMetrics';
import { readPredictions, type PredictionRecord } from './predictionFile';
import { SetMetrics2d, type Summary2d } from './setMetrics2d';
import { SetMetrics3d, type Summary3d } from './setMetrics';

export interface DatasetRef {
  readonly id: number;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

export interface RunResult {
  readonly run: string;
  readonly file: string;
  readonly predictions: number;
  readonly metrics: Summary3d | Summary2d;
  readonly issues: readonly IssueSummary[];
}

const PREDICTION_COLUMNS = [
  'id',
  'run_id',
  'image_id',
  'instance_id',
  'score',
  'bbox_x',
  'bbox_y',
  'bbox_w',
  'bbox_h',
  'root_cam',
  'joints_cam',
  'joints_img',
];
const METRIC_COLUMNS = [
  'prediction_id',
  'run_id',
  'instance_id',
  'action',
  'mpjpe',
  'pa_mpjpe',
  'mrpe',
  'mrpe_x',
  'mrpe_y',
  'mrpe_z',
  'pck_rel',
  'pck_abs',
  'oks',
  'pck_2d',
  'ranking_acc',
  'gt_root_z',
  'pred_root_z',
  'joint_errors',
];

const finiteOrNull = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
/** One person's 3DPCK (%, 150 mm), null when no joint could be scored. */
const pckOrNull = (errors: readonly number[] | undefined) =>
  errors ? finiteOrNull(pck3d(errors)) : null;

/** Pairs each prediction with the unclaimed person of highest OKS, best-scored first (COCO). */
function matchByOks(
  preds: readonly PredictedPerson[],
  im: GtImage,
  sigmas: readonly number[],
): number[] {
  const out = preds.map(() => -1);
  const taken = new Set<number>();
  const order = preds.map((_, i) => i).sort((a, b) => preds[b]!.score - preds[a]!.score);
  for (const i of order) {
    let best = -1;
    let bestOks = 0;
    im.people.forEach((g, j) => {
      if (taken.has(j) || g.iscrowd) return;
      const m = personMetrics2d(preds[i]!, g, sigmas);
      if (m && m.oks > bestOks) {
        bestOks = m.oks;
        best = j;
      }
    });
    if (best >= 0) {
      taken.add(best);
      out[i] = best;
    }
  }
  return out;
}

/**
 * Imports a prediction file as a run of the dataset (replacing a run of the same name) and
 * scores it. One transaction: a file that fails leaves no half run.
 */
export function evaluateRun(
  db: IndexDb,
  dataset: DatasetRef,
  file: string,
  opts: { name?: string; onBytes?: (n: number) => void } = {},
): RunResult {
  const J = getSkeleton(dataset.skeleton as Skeleton['id']).joints.length;
  const issues = new CountingIssueLog();
  const records: PredictionRecord[] = [];
  const count = readPredictions(file, J, issues, (p) => records.push(p), opts.onBytes);
  const name = opts.name ?? basename(file).replace(/\.json$/i, '');
  const summary = db.transaction(() => {
    db.prepare('DELETE FROM runs WHERE dataset_id = ? AND name = ?').run(dataset.id, name);
    const runId = Number(
      db
        .prepare(
          "INSERT INTO runs (dataset_id, name, kind, source, created_at) VALUES (?, ?, 'import', ?, ?)",
        )
        .run(dataset.id, name, file, new Date().toISOString()).lastInsertRowid,
    );
    return scoreRun(db, dataset, runId, records, issues, file);
  })();
  return { run: name, file, predictions: count, metrics: summary, issues: issues.summary() };
}

/**
 * Scores a run's predictions: pairs them with people image
 * by image, replaces the run's stored predictions and per-person metrics (the worst-N queries
 * read them) and its summary, and returns the set's figures. `where` names the predictions'
 * source in messages. Call inside a transaction.
 */
export function scoreRun(
  db: IndexDb,
  dataset: DatasetRef,
  runId: number,
  records: readonly PredictionRecord[],
  issues: IssueLog,
  where: string,
): Summary3d | Summary2d {
  const byImage = new Map<string, PredictionRecord[]>();
  for (const r of records) {
    const list = byImage.get(r.imageSourceId);
    if (list) list.push(r);
    else byImage.set(r.imageSourceId, [r]);
  }
  const skeleton: Skeleton = getSkeleton(dataset.skeleton as Skeleton['id']);
  const is3d = dataset.format === 'h36m' || dataset.format === 'mupots';
  const metrics3d = new SetMetrics3d(skeleton.joints.map((j) => j.name));
  const metrics2d = new SetMetrics2d();
  const sigmas = COCO_OKS_SIGMAS;
  const oksImages: { dets: OksDetection[]; gts: OksGroundTruth[] }[] = [];

  db.prepare('DELETE FROM predictions WHERE run_id = ?').run(runId);
  db.prepare('DELETE FROM instance_metrics WHERE run_id = ?').run(runId);
  let nextPrediction =
    (db.prepare('SELECT coalesce(max(id), 0) FROM predictions').pluck().get() as number) + 1;
  const predRows = new BatchInsert(db, 'predictions', PREDICTION_COLUMNS);
  const metricRows = new BatchInsert(db, 'instance_metrics', METRIC_COLUMNS, () =>
    predRows.flush(),
  );
  for (const im of groundTruthImages(db, dataset.id, dataset.format)) {
    const preds = (byImage.get(im.sourceId) ?? []).map((r) => predictedPerson(r, skeleton.root));
    byImage.delete(im.sourceId);
    const match = is3d
      ? matchPeople(preds, im.people, skeleton.root)
      : matchByOks(preds, im, sigmas);
    const counted = im.people.filter((g) => g.valid && !g.iscrowd);
    if (is3d) {
      metrics3d.addImage(
        preds.filter((p) => p.root).map((p) => ({ root: p.root!, score: p.score })),
        counted.filter((g) => g.cam).map((g) => poseRoot(g.cam!, skeleton.root)),
        counted.length,
      );
    } else {
      metrics2d.instances += counted.length;
      oksImages.push({
        dets: preds.filter((p) => p.img).map((p) => ({ score: p.score, joints: p.img! })),
        gts: im.people
          .filter((g) => g.img && g.vis)
          .map((g) => ({
            joints: g.img!,
            visibility: Array.from(g.vis!),
            area: g.area,
            ignore: g.iscrowd || !g.vis!.some((v) => v > 0),
          })),
      });
    }
    preds.forEach((p, i) => {
      const r = p.record;
      const pid = nextPrediction++;
      const gt = match[i]! >= 0 ? im.people[match[i]!] : undefined;
      predRows.add(pid, [
        runId,
        im.imageId,
        gt?.instanceId ?? null,
        r.score ?? null,
        r.bbox?.[0] ?? null,
        r.bbox?.[1] ?? null,
        r.bbox?.[2] ?? null,
        r.bbox?.[3] ?? null,
        r.rootCam ? f64Blob(Float64Array.from(r.rootCam)) : null,
        f64Blob(r.jointsCam),
        f64Blob(r.jointsImg),
      ]);
      if (!gt || !gt.valid || gt.iscrowd) return;
      if (is3d) {
        const m = personMetrics3d(p, gt, skeleton, im.group);
        metrics3d.addPerson(m);
        metricRows.add(pid, [
          runId,
          gt.instanceId,
          im.group,
          finiteOrNull(m.mpjpe),
          finiteOrNull(m.paMpjpe),
          finiteOrNull(m.root?.total),
          finiteOrNull(m.root?.x),
          finiteOrNull(m.root?.y),
          finiteOrNull(m.root?.z),
          pckOrNull(m.relErrors),
          pckOrNull(m.absErrors),
          null,
          null,
          finiteOrNull(m.rankingAcc),
          finiteOrNull(m.rootZ?.gt),
          finiteOrNull(m.rootZ?.pred),
          m.relErrors ? f64Blob(Float64Array.from(m.relErrors)) : null,
        ]);
      } else {
        const m = personMetrics2d(p, gt, sigmas);
        metrics2d.addPerson(im.group, m);
        metricRows.add(pid, [
          runId,
          gt.instanceId,
          im.group,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          finiteOrNull(m?.oks),
          m && m.pck.total > 0 ? (100 * m.pck.hits) / m.pck.total : null,
          null,
          null,
          null,
          null,
        ]);
      }
    });
  }
  metricRows.flush();
  predRows.flush();
  summariseImages(db, dataset.id, runId);
  for (const [imageId, list] of byImage)
    for (const p of list)
      issues.report('prediction for unknown image', `${where} [${p.index}]: image_id ${imageId}`);
  const summary = is3d ? metrics3d.summary() : metrics2d.summary(oksAp(oksImages, sigmas));
  db.prepare('UPDATE runs SET summary = ? WHERE id = ?').run(JSON.stringify(summary), runId);
  return summary;
}

/**
 * Each image's figures for the run: its worst person per metric, and how many of its valid
 * people the run matched and missed. Every image gets a row, so frames the run missed still
 * list (last) when the grid ranks by a metric.
 */
function summariseImages(db: IndexDb, datasetId: number, runId: number): void {
  db.prepare('DELETE FROM image_metrics WHERE run_id = ?').run(runId);
  db.prepare(
    `INSERT INTO image_metrics (run_id, image_id, matched, missed, mpjpe, pa_mpjpe, mrpe, mrpe_z,
       pck_rel, ranking_acc, oks, pck_2d)
     SELECT @runId, im.id, coalesce(a.matched, 0),
       (SELECT count(*) FROM instances v WHERE v.image_id = im.id AND v.valid = 1 AND v.iscrowd = 0
           AND v.removed = 0)
         - coalesce(a.matched, 0),
       a.mpjpe, a.pa_mpjpe, a.mrpe, a.mrpe_z, a.pck_rel, a.ranking_acc, a.oks, a.pck_2d
     FROM images im LEFT JOIN (
       SELECT i.image_id, count(*) AS matched, max(m.mpjpe) AS mpjpe, max(m.pa_mpjpe) AS pa_mpjpe,
         max(m.mrpe) AS mrpe, max(m.mrpe_z) AS mrpe_z, min(m.pck_rel) AS pck_rel,
         min(m.ranking_acc) AS ranking_acc, min(m.oks) AS oks, min(m.pck_2d) AS pck_2d
       FROM instance_metrics m JOIN instances i ON i.id = m.instance_id
       WHERE m.run_id = @runId GROUP BY i.image_id
     ) a ON a.image_id = im.id
     WHERE im.dataset_id = @datasetId`,
  ).run({ runId, datasetId });
}
