import {
  worstIsHighest,
  type FrameMetric,
  type FramePage,
  type FrameRow,
  type ParsedArgs,
} from '../../../contract';
import type { DatasetFormat } from '../../datasets/records';
import { groundTruthImages } from '../labels/groundTruth';
import { labelledJoints2d } from './labelledJoints';
import type { IndexDb } from '../db/openIndex';

/**
 * A frame's labelled 2D skeletons for its thumbnail (projected from 3D where a dataset stores
 * only 3D), with the image size they are in.
 */
export function thumbnailSkeletons(
  db: IndexDb,
  datasetId: number,
  format: DatasetFormat,
  imageId: number,
) {
  const [gt] = [...groundTruthImages(db, datasetId, format, imageId)];
  return {
    width: gt?.width ?? null,
    height: gt?.height ?? null,
    skeletons: (gt?.people ?? []).flatMap((p) => {
      const joints = labelledJoints2d(p, format);
      return joints ? [joints] : [];
    }),
  };
}

type Query = ParsedArgs<'listFrames'>;
/** What orders and filters a frame list: the query without its page. */
export type FrameOrderQuery = Omit<Query, 'offset' | 'limit'>;

interface OrderedFrames {
  readonly from: string;
  readonly filter: string;
  readonly order: string;
  readonly metric: string | undefined;
  readonly withRun: boolean;
  readonly params: Record<string, unknown>;
}

/** The FROM, WHERE and ORDER BY of a frame list, shared by its pages and by failure search. */
function orderedFrames(datasetId: number, q: FrameOrderQuery): OrderedFrames {
  const params: Record<string, unknown> = { datasetId, runId: q.runId ?? -1 };
  const where = ['im.dataset_id = @datasetId'];
  const f = q.filter;
  if (f.group !== undefined) {
    where.push('COALESCE(im.action, im.sequence) = @group');
    params.group = f.group;
  }
  if (f.subject !== undefined) {
    where.push('im.subject = @subject');
    params.subject = f.subject;
  }
  if (f.camera !== undefined) {
    where.push('im.camera = @camera');
    params.camera = f.camera;
  }
  if (f.flaggedOnly) where.push(FLAGGED);
  if (f.editedOnly) where.push(EDITED);
  if (f.review !== undefined) {
    where.push('im.review = @review');
    params.review = f.review;
  }
  if (f.search !== undefined) {
    // LIKE is case-insensitive for ASCII in SQLite; %, _ and \ in the text are matched as typed.
    where.push("(im.file LIKE @searchLike ESCAPE '\\' OR im.source_id = @search)");
    params.searchLike = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.search = f.search;
  }
  if (f.minPeople !== undefined) {
    where.push('im.people >= @minPeople');
    params.minPeople = f.minPeople;
  }
  if (f.maxPeople !== undefined) {
    where.push('im.people <= @maxPeople');
    params.maxPeople = f.maxPeople;
  }
  const withRun = q.runId !== null;
  if (withRun && f.range) {
    if (f.range.min !== undefined) {
      where.push(`m.${f.range.metric} >= @rangeMin`);
      params.rangeMin = f.range.min;
    }
    if (f.range.max !== undefined) {
      where.push(`m.${f.range.metric} <= @rangeMax`);
      params.rangeMax = f.range.max;
    }
  }
  if (withRun && f.missedOnly) where.push('m.missed > 0');

  const metric = q.sort === 'file' || q.sort === 'people' ? undefined : q.sort;
  const dir = q.descending ? 'DESC' : 'ASC';
  const order = metric
    ? // SQLite sorts NULL lowest: descending walks put frames without a value last by
      // themselves; ascending ones need them pushed last explicitly.
      q.descending
      ? `m.${metric} DESC, im.id`
      : `m.${metric} IS NULL, m.${metric} ASC, im.id`
    : q.sort === 'people'
      ? `im.people ${dir}, im.id`
      : `im.file ${dir}`;
  const from = withRun ? 'image_metrics m JOIN images im ON im.id = m.image_id' : 'images im';
  if (withRun) where.push('m.run_id = @runId');
  return { from, filter: where.join(' AND '), order, metric, withRun, params };
}

const FLAGGED =
  'EXISTS (SELECT 1 FROM instances i WHERE i.image_id = im.id AND i.flags != 0 AND i.removed = 0)';
const EDITED =
  'EXISTS (SELECT 1 FROM instances i INDEXED BY instances_edited WHERE i.image_id = im.id AND i.edited != 0)';

/**
 * One page of a dataset's frames, filtered and sorted. Ranked by a run's metric, the page walks
 * that run's per-frame index (image_metrics) from the requested end, so a page costs its
 * offset in index steps, not a sort of the dataset.
 */
export function listFrames(
  db: IndexDb,
  datasetId: number,
  format: DatasetFormat,
  q: Query,
): FramePage {
  const { from, filter, order, metric, withRun, params } = orderedFrames(datasetId, q);
  const total = db
    .prepare(`SELECT count(*) FROM ${from} WHERE ${filter}`)
    .pluck()
    .get(params) as number;
  const value = metric && withRun ? `m.${metric}` : 'NULL';
  const rows = db
    .prepare(
      `SELECT im.id AS imageId, im.file, COALESCE(im.action, im.sequence) AS "group",
         im.missing, im.people, im.review,
         (SELECT count(*) FROM instances i WHERE i.image_id = im.id AND i.edited != 0) AS edited,
         (SELECT count(*) FROM instances i WHERE i.image_id = im.id AND i.flags != 0
           AND i.removed = 0) AS flagged,
         ${value} AS value, ${withRun ? 'm.matched, m.missed' : 'NULL AS matched, NULL AS missed'}
       FROM ${from} WHERE ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as (Omit<
    FrameRow,
    'missing' | 'width' | 'height' | 'skeletons'
  > & {
    missing: number;
  })[];
  return {
    total,
    offset: q.offset,
    rows: rows.map((r) => ({
      ...r,
      missing: r.missing === 1,
      ...thumbnailSkeletons(db, datasetId, format, r.imageId),
    })),
  };
}

/** The image ids of every frame a frame-list query shows (a run on "the current filter"). */
export function filteredImageIds(db: IndexDb, datasetId: number, q: FrameOrderQuery): number[] {
  const { from, filter, params } = orderedFrames(datasetId, q);
  return db
    .prepare(`SELECT im.id FROM ${from} WHERE ${filter} ORDER BY im.id`)
    .pluck()
    .all(params) as number[];
}

/**
 * The position, in a frame list's order, of the nearest failure after (direction 1) or before
 * (−1) `from`: a frame with a flagged label, a person the run missed, or a metric past its
 * threshold on the bad side. Numbering the filtered list is one pass over it, on the main side,
 * instead of the renderer paging through thousands of rows.
 */
export function findFailure(
  db: IndexDb,
  datasetId: number,
  q: FrameOrderQuery & {
    from: number;
    direction: 1 | -1;
    threshold: { metric: FrameMetric; value: number } | null;
  },
): { position: number | null; imageId: number | null } {
  const { from, filter, order, withRun, params } = orderedFrames(datasetId, q);
  const failed = [FLAGGED];
  if (withRun) {
    failed.push('m.missed > 0');
    if (q.threshold) {
      const t = q.threshold;
      failed.push(`m.${t.metric} ${worstIsHighest(t.metric) ? '>' : '<'} @threshold`);
      params.threshold = t.value;
    }
  }
  const row = db
    .prepare(
      `SELECT pos, imageId FROM (
         SELECT row_number() OVER (ORDER BY ${order}) - 1 AS pos, im.id AS imageId,
           (${failed.join(' OR ')}) AS failed
         FROM ${from} WHERE ${filter})
       WHERE failed AND pos ${q.direction > 0 ? '>' : '<'} @from
       ORDER BY pos ${q.direction > 0 ? 'ASC' : 'DESC'} LIMIT 1`,
    )
    .get({ ...params, from: q.from }) as { pos: number; imageId: number } | undefined;
  return { position: row?.pos ?? null, imageId: row?.imageId ?? null };
}
