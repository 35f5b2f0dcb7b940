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
import type { DatasetFormat } from '../datasets/records';
import { BatchInsert } from '../store/batchInsert';
import { f64Blob } from '../store/blobs';
import type { IndexDb } from '../store/openIndex';
import type { GtImage } from './groundTruth';
import { matchPeople, predictedPerson, type PredictedPerson } from './matchPeople';
import { personMetrics2d, personMetrics3d } from './personMetrics';
import type { PredictionRecord } from './predictionFile';
import { SetMetrics2d, type Summary2d } from './setMetrics2d';
import { SetMetrics3d, type Summary3d } from './setMetrics';

export interface DatasetRef {
  readonly id: number;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

type Value = string | number | Buffer | null;

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

/** One prediction's stored row (without its id) and, when it counts, its person's metric row. */
interface ScoredPrediction {
  readonly prediction: Value[];
  readonly metric: Value[] | null;
}

/**
 * Scores a run image by image: pairs each image's predictions with its people, adds them to the
 * set's figures, and gives back the rows to store (predictions, and per matched person their
 * metrics). The set's figures come from `summary` once every image has been seen.
 */
export class RunScorer {
  private readonly skeleton: Skeleton;
  private readonly is3d: boolean;
  private readonly metrics3d: SetMetrics3d;
  private readonly metrics2d = new SetMetrics2d();
  private readonly oksImages: { dets: OksDetection[]; gts: OksGroundTruth[] }[] = [];
  private readonly sigmas = COCO_OKS_SIGMAS;

  constructor(
    dataset: DatasetRef,
    private readonly runId: number,
  ) {
    this.skeleton = getSkeleton(dataset.skeleton as Skeleton['id']);
    this.is3d = dataset.format === 'h36m' || dataset.format === 'mupots';
    this.metrics3d = new SetMetrics3d(this.skeleton.joints.map((j) => j.name));
  }

  image(im: GtImage, records: readonly PredictionRecord[]): ScoredPrediction[] {
    const { skeleton, is3d, sigmas, runId } = this;
    const preds = records.map((r) => predictedPerson(r, skeleton.root));
    const match = is3d
      ? matchPeople(preds, im.people, skeleton.root)
      : matchByOks(preds, im, sigmas);
    const counted = im.people.filter((g) => g.valid && !g.iscrowd);
    if (is3d) {
      this.metrics3d.addImage(
        preds.filter((p) => p.root).map((p) => ({ root: p.root!, score: p.score })),
        counted.filter((g) => g.cam).map((g) => poseRoot(g.cam!, skeleton.root)),
        counted.length,
      );
    } else {
      this.metrics2d.instances += counted.length;
      this.oksImages.push({
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
    return preds.map((p, i): ScoredPrediction => {
      const r = p.record;
      const gt = match[i]! >= 0 ? im.people[match[i]!] : undefined;
      const prediction: Value[] = [
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
      ];
      if (!gt || !gt.valid || gt.iscrowd) return { prediction, metric: null };
      const whose = [runId, gt.instanceId, im.group];
      if (is3d) {
        const m = personMetrics3d(p, gt, skeleton, im.group);
        this.metrics3d.addPerson(m);
        return {
          prediction,
          metric: [
            ...whose,
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
          ],
        };
      }
      const m = personMetrics2d(p, gt, sigmas);
      this.metrics2d.addPerson(im.group, m);
      return {
        prediction,
        metric: [
          ...whose,
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
        ],
      };
    });
  }

  summary(): Summary3d | Summary2d {
    return this.is3d
      ? this.metrics3d.summary()
      : this.metrics2d.summary(oksAp(this.oksImages, this.sigmas));
  }
}

/** Writes scored rows, predictions numbered on from the table's largest id. */
export class ScoredRows {
  private next: number;
  private readonly predictions: BatchInsert;
  private readonly metrics: BatchInsert;

  constructor(db: IndexDb) {
    this.next =
      (db.prepare('SELECT coalesce(max(id), 0) FROM predictions').pluck().get() as number) + 1;
    this.predictions = new BatchInsert(db, 'predictions', PREDICTION_COLUMNS);
    // A metric row points at its prediction: the predictions go first.
    this.metrics = new BatchInsert(db, 'instance_metrics', METRIC_COLUMNS, () =>
      this.predictions.flush(),
    );
  }

  add(rows: readonly ScoredPrediction[]): void {
    for (const r of rows) {
      const id = this.next++;
      this.predictions.add(id, r.prediction);
      if (r.metric) this.metrics.add(id, r.metric);
    }
  }

  flush(): void {
    this.metrics.flush();
    this.predictions.flush();
  }
}
