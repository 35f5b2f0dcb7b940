import { BatchInsert } from '../db/batchInsert';
import type { IndexDb } from '../db/openIndex';

export type Value = string | number | Buffer | null;

const PREDICTION_COLUMNS = [
  'id',
  'run_id',
  'image_id',
  'instance_id',
  'ann_id',
  'score',
  'bbox_x',
  'bbox_y',
  'bbox_w',
  'bbox_h',
  'root_cam',
  'joints_cam',
  'joints_img',
  'joint_scores',
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

/** One prediction's stored row (without its id) and, when it counts, its person's metric row. */
export interface ScoredPrediction {
  readonly prediction: Value[];
  readonly metric: Value[] | null;
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
