import type {
  FrameFacets,
  GroupInfo,
  ParsedArgs,
  PeoplePage,
  PersonRow,
  RunDistributions,
} from '../../../contract';
import { AUC_THRESHOLDS_MM, pck3dHit } from '../../../core';
import { blobF64 } from '../db/blobs';
import type { IndexDb } from '../db/openIndex';

/** Groups (Human3.6M actions, MuPoTS/COCO sequences or folders) with their sizes, for filters. */
export function listGroups(db: IndexDb, datasetId: number): GroupInfo[] {
  return db
    .prepare(
      `SELECT COALESCE(action, sequence, '(none)') AS "group", count(*) AS frames, sum(people) AS people
       FROM images WHERE dataset_id = ? GROUP BY 1 ORDER BY 1`,
    )
    .all(datasetId) as GroupInfo[];
}

/** The values of the attributes the frame grid filters on, each with its frame count. */
export function listFacets(db: IndexDb, datasetId: number): FrameFacets {
  const facet = (column: string) =>
    db
      .prepare(
        `SELECT CAST(${column} AS TEXT) AS value, count(*) AS frames FROM images
         WHERE dataset_id = ? AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY ${column}`,
      )
      .all(datasetId) as FrameFacets['subject'];
  return { subject: facet('subject'), camera: facet('camera'), people: facet('people') };
}

/** A joint's error out of a person's per-joint error blob (SQL function). */
export function registerJointError(db: IndexDb): void {
  db.function('joint_error', { deterministic: true }, (blob: unknown, joint: unknown) => {
    if (!Buffer.isBuffer(blob) || typeof joint !== 'number' || joint < 0) return null;
    const v = blobF64(blob)![joint];
    return v !== undefined && Number.isFinite(v) ? v : null;
  });
}

const METRICS = ['mpjpe', 'pa_mpjpe', 'mrpe', 'mrpe_z', 'pck_rel', 'ranking_acc', 'oks', 'pck_2d'];

/**
 * One page of people, one row each with every metric of the chosen run. Ranked by a metric,
 * it walks that metric's index over the run's matched people (people the run missed are
 * found through the frame list's "missed" filter); without a run it lists the labels.
 */
export function listPeople(
  db: IndexDb,
  datasetId: number,
  q: ParsedArgs<'listPeople'>,
): PeoplePage {
  const params: Record<string, unknown> = { datasetId, runId: q.runId ?? -1, joint: q.joint ?? -1 };
  const where = ['im.dataset_id = @datasetId'];
  const withRun = q.runId !== null;
  if (withRun) where.push('m.run_id = @runId');
  const f = q.filter;
  if (f.group !== undefined) {
    where.push('COALESCE(im.action, im.sequence) = @group');
    params.group = f.group;
  }
  if (f.flaggedOnly) where.push('i.flags != 0');
  if (withRun && f.range?.min !== undefined) {
    where.push(`m.${f.range.metric} >= @rangeMin`);
    params.rangeMin = f.range.min;
  }
  if (withRun && f.range?.max !== undefined) {
    where.push(`m.${f.range.metric} <= @rangeMax`);
    params.rangeMax = f.range.max;
  }
  if (q.sort === 'joint' && q.joint === undefined)
    throw new Error('listPeople: sort "joint" needs a joint index');
  const from = withRun
    ? 'instance_metrics m JOIN instances i ON i.id = m.instance_id JOIN images im ON im.id = i.image_id'
    : 'instances i JOIN images im ON im.id = i.image_id AND i.removed = 0';
  const dir = q.descending ? 'DESC' : 'ASC';
  const key =
    q.sort === 'file' || !withRun
      ? null
      : q.sort === 'joint'
        ? 'joint_error(m.joint_errors, @joint)'
        : `m.${q.sort}`;
  const order = key
    ? q.descending
      ? `${key} DESC, i.id`
      : `${key} IS NULL, ${key} ASC, i.id`
    : `im.file ${dir}, i.person`;
  const filter = where.join(' AND ');
  const total = db
    .prepare(`SELECT count(*) FROM ${from} WHERE ${filter}`)
    .pluck()
    .get(params) as number;
  const columns = withRun
    ? `${METRICS.map((m) => `m.${m}`).join(', ')}, joint_error(m.joint_errors, @joint) AS joint`
    : `${METRICS.map((m) => `NULL AS ${m}`).join(', ')}, NULL AS joint`;
  const rows = db
    .prepare(
      `SELECT i.id AS instanceId, im.id AS imageId, im.file, COALESCE(im.action, im.sequence) AS "group",
         i.person, i.flags, ${columns}
       FROM ${from} WHERE ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as PersonRow[];
  return { total, offset: q.offset, rows };
}

const HISTOGRAMS = [
  { metric: 'mpjpe', binWidth: 5, bins: 60 },
  { metric: 'pa_mpjpe', binWidth: 5, bins: 60 },
  { metric: 'mrpe', binWidth: 25, bins: 40 },
  // 2D sets: cocoapi's OKS of each paired person, in twentieths (an OKS of 1 falls in the last).
  { metric: 'oks', binWidth: 0.05, bins: 20 },
] as const;
const PCK_THRESHOLDS = [...AUC_THRESHOLDS_MM];
const MAX_SCATTER = 5000;

/**
 * What the dashboard's charts plot: error histograms, the 3DPCK-vs-threshold curve (the curve
 * under AUC_rel) and predicted-vs-true root depth, all computed here so a million people cross
 * the boundary as a few hundred numbers.
 */
export function runDistributions(db: IndexDb, runId: number): RunDistributions {
  const people = db
    .prepare('SELECT count(*) FROM instance_metrics WHERE run_id = ?')
    .pluck()
    .get(runId) as number;
  const histograms = HISTOGRAMS.map(({ metric, binWidth, bins }) => {
    const counts = new Array<number>(bins).fill(0);
    // A fractional width multiplies by its whole inverse: 0.15 / 0.05 truncates to 2, 0.15 × 20 to 3.
    const fine = binWidth < 1;
    const rows = db
      .prepare(
        `SELECT min(CAST(${metric} ${fine ? '*' : '/'} ? AS INTEGER), ?) AS bin, count(*) AS n
         FROM instance_metrics WHERE run_id = ? AND ${metric} IS NOT NULL GROUP BY bin`,
      )
      .all(fine ? Math.round(1 / binWidth) : binWidth, bins - 1, runId) as {
      bin: number;
      n: number;
    }[];
    for (const r of rows) counts[r.bin] = r.n;
    return { metric, binWidth, counts };
  });

  const hits = new Array<number>(PCK_THRESHOLDS.length).fill(0);
  let joints = 0;
  for (const blob of db
    .prepare(
      'SELECT joint_errors FROM instance_metrics WHERE run_id = ? AND joint_errors IS NOT NULL',
    )
    .pluck()
    .iterate(runId) as Iterable<Buffer>) {
    for (const e of blobF64(blob)!) {
      if (!Number.isFinite(e)) continue;
      joints++;
      for (let k = PCK_THRESHOLDS.length - 1; k >= 0 && pck3dHit(e, PCK_THRESHOLDS[k]!); k--)
        hits[k]!++;
    }
  }

  const withDepth = db
    .prepare(
      'SELECT count(*) FROM instance_metrics WHERE run_id = ? AND gt_root_z IS NOT NULL AND pred_root_z IS NOT NULL',
    )
    .pluck()
    .get(runId) as number;
  const every = Math.max(1, Math.ceil(withDepth / MAX_SCATTER));
  const depthRows = db
    .prepare(
      `SELECT m.instance_id AS instanceId, i.image_id AS imageId, m.gt_root_z AS gt, m.pred_root_z AS pred
       FROM instance_metrics m JOIN instances i ON i.id = m.instance_id
       WHERE m.run_id = ? AND m.gt_root_z IS NOT NULL AND m.pred_root_z IS NOT NULL
         AND m.instance_id % ? = 0`,
    )
    .all(runId, every) as { instanceId: number; imageId: number; gt: number; pred: number }[];
  return {
    runId,
    people,
    histograms,
    pckCurve: joints
      ? { thresholds: PCK_THRESHOLDS, pck: hits.map((h) => (100 * h) / joints) }
      : null,
    depth: depthRows.length
      ? {
          instanceId: depthRows.map((r) => r.instanceId),
          imageId: depthRows.map((r) => r.imageId),
          gt: depthRows.map((r) => r.gt),
          pred: depthRows.map((r) => r.pred),
        }
      : null,
  };
}
