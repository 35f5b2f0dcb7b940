import type { IndexDb } from '../db/openIndex';

/** Per-person metrics a run can be ranked by; lower is better except for PCK and OKS. */
export const RANKABLE = {
  mpjpe: 'DESC',
  pa_mpjpe: 'DESC',
  mrpe: 'DESC',
  pck_rel: 'ASC',
  pck_abs: 'ASC',
  oks: 'ASC',
  pck_2d: 'ASC',
} as const;
export type RankMetric = keyof typeof RANKABLE;

export interface WorstQuery {
  readonly runId: number;
  readonly metric: RankMetric;
  /** The action (Human3.6M) or sequence (MuPoTS-3D, COCO folder) the person belongs to. */
  readonly group?: string;
  readonly limit: number;
}

export interface WorstRow {
  readonly instanceId: number;
  readonly imageId: number;
  readonly file: string;
  readonly group: string | null;
  readonly value: number;
}

/**
 * The N worst people of a run by one metric, optionally within one action or sequence. Walks
 * the (run, metric) or (run, action, metric) index from its bad end, so it reads N rows, not
 * the run.
 */
export function worstInstances(db: IndexDb, q: WorstQuery): WorstRow[] {
  const order = RANKABLE[q.metric];
  if (!order) throw new Error(`cannot rank by "${String(q.metric)}"`);
  const sql = `
    SELECT m.instance_id AS instanceId, i.image_id AS imageId, im.file, m.action AS "group",
      m.${q.metric} AS value
    FROM instance_metrics m
    JOIN instances i ON i.id = m.instance_id
    JOIN images im ON im.id = i.image_id
    WHERE m.run_id = ? ${q.group === undefined ? '' : 'AND m.action = ?'}
      AND m.${q.metric} IS NOT NULL
    ORDER BY m.${q.metric} ${order}
    LIMIT ?`;
  const args = q.group === undefined ? [q.runId, q.limit] : [q.runId, q.group, q.limit];
  return db.prepare(sql).all(...args) as WorstRow[];
}
