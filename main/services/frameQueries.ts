import { cameraToPixel } from '../../core';
import type { Frame, FramePage, FrameRow, PersonPrediction } from '../../contract';
import type { ParsedArgs } from '../../contract';
import { groundTruthImages } from '../eval/groundTruth';
import type { DatasetFormat } from '../datasets/records';
import { blobF64, blobU8 } from '../store/blobs';
import type { IndexDb } from '../store/openIndex';

type Query = ParsedArgs<'listFrames'>;

/** Error metrics are worst when highest; PCK when lowest. */
const PER_PERSON: Record<string, { column: string; worst: 'max' | 'min' }> = {
  mpjpe: { column: 'mpjpe', worst: 'max' },
  pa_mpjpe: { column: 'pa_mpjpe', worst: 'max' },
  mrpe: { column: 'mrpe', worst: 'max' },
  pck_rel: { column: 'pck_rel', worst: 'min' },
};

function points<N extends 2 | 3>(
  a: Float64Array | undefined,
  n: N,
): (N extends 2 ? [number, number] : [number, number, number])[] | null {
  if (!a) return null;
  const out = [];
  for (let j = 0; j < a.length / n; j++) {
    const p = Array.from({ length: n }, (_, k) => a[n * j + k]!);
    out.push(p.every(Number.isFinite) ? p : null);
  }
  return out as never;
}

/**
 * One page of a dataset's frames, filtered and sorted. A frame's metric is its worst person's
 * in the chosen run, so "worst first" surfaces the frames holding the worst people.
 */
export function listFrames(db: IndexDb, datasetId: number, q: Query): FramePage {
  const where = ['im.dataset_id = @datasetId'];
  const params: Record<string, unknown> = { datasetId, runId: q.runId ?? -1 };
  const people = '(SELECT count(*) FROM instances i WHERE i.image_id = im.id)';
  if (q.filter.group !== undefined) {
    where.push('COALESCE(im.action, im.sequence) = @group');
    params.group = q.filter.group;
  }
  if (q.filter.flaggedOnly)
    where.push('EXISTS (SELECT 1 FROM instances i WHERE i.image_id = im.id AND i.flags != 0)');
  if (q.filter.minPeople !== undefined) {
    where.push(`${people} >= @minPeople`);
    params.minPeople = q.filter.minPeople;
  }
  if (q.filter.maxPeople !== undefined) {
    where.push(`${people} <= @maxPeople`);
    params.maxPeople = q.filter.maxPeople;
  }
  const metric = PER_PERSON[q.sort];
  const value = metric
    ? `(SELECT ${metric.worst}(m.${metric.column}) FROM instance_metrics m
         JOIN instances i ON i.id = m.instance_id
         WHERE i.image_id = im.id AND m.run_id = @runId)`
    : 'NULL';
  const dir = q.descending ? 'DESC' : 'ASC';
  const order =
    q.sort === 'file'
      ? `im.file ${dir}, im.id`
      : q.sort === 'people'
        ? `people ${dir}, im.id`
        : `value IS NULL, value ${dir}, im.id`;
  const filter = where.join(' AND ');
  const total = db
    .prepare(`SELECT count(*) FROM images im WHERE ${filter}`)
    .pluck()
    .get(params) as number;
  const rows = db
    .prepare(
      `SELECT im.id AS imageId, im.file, COALESCE(im.action, im.sequence) AS "group",
         im.missing, ${people} AS people,
         (SELECT count(*) FROM instances i WHERE i.image_id = im.id AND i.flags != 0) AS flagged,
         ${value} AS value
       FROM images im WHERE ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as (Omit<FrameRow, 'missing'> & {
    missing: number;
  })[];
  return { total, offset: q.offset, rows: rows.map((r) => ({ ...r, missing: r.missing === 1 })) };
}

interface ImageRow {
  subject: string | null;
  action: string | null;
  sequence: string | null;
  camera: string | null;
  missing: number;
}

interface PredictionRow {
  run_id: number;
  instance_id: number | null;
  score: number | null;
  root_cam: Buffer | null;
  joints_cam: Buffer | null;
  joints_img: Buffer | null;
  mpjpe: number | null;
}

/** One frame with every person's labels (camera space) and every run's predictions for it. */
export function getFrame(
  db: IndexDb,
  ds: {
    readonly sessionId: number;
    readonly dbId: number;
    readonly format: DatasetFormat;
    readonly skeleton: string;
  },
  imageId: number,
): Frame {
  const [gt] = [...groundTruthImages(db, ds.dbId, ds.format, imageId)];
  const meta = db
    .prepare(
      'SELECT subject, action, sequence, camera, missing FROM images WHERE id = ? AND dataset_id = ?',
    )
    .get(imageId, ds.dbId) as ImageRow | undefined;
  if (!gt || !meta) throw new Error(`frame ${imageId} is not in this dataset`);
  const labels = db.prepare('SELECT id, person, flags, vis FROM instances WHERE image_id = ?');
  const extra = new Map(
    (
      labels.all(imageId) as { id: number; person: number; flags: number; vis: Buffer | null }[]
    ).map((r) => [r.id, r]),
  );
  const predictions = db
    .prepare(
      `SELECT p.run_id, p.instance_id, p.score, p.root_cam, p.joints_cam, p.joints_img, m.mpjpe
       FROM predictions p JOIN runs r ON r.id = p.run_id
       LEFT JOIN instance_metrics m ON m.prediction_id = p.id
       WHERE p.image_id = ? AND r.dataset_id = ? ORDER BY p.run_id, p.id`,
    )
    .all(imageId, ds.dbId) as PredictionRow[];
  return {
    datasetId: ds.sessionId,
    imageId,
    file: gt.file,
    width: gt.width,
    height: gt.height,
    missing: meta.missing === 1,
    subject: meta.subject,
    action: meta.action,
    sequence: meta.sequence,
    camera: meta.camera,
    intrinsics: gt.intrinsics ? { f: [...gt.intrinsics.f], c: [...gt.intrinsics.c] } : null,
    skeleton: ds.skeleton,
    people: gt.people.map((p) => {
      const row = extra.get(p.instanceId);
      const vis = blobU8(row?.vis ?? null);
      return {
        instanceId: p.instanceId,
        person: row?.person ?? 0,
        bbox: p.bbox ? [...p.bbox] : null,
        joints2d: p.img ? points(Float64Array.from(p.img.flat()), 2) : null,
        joints3d: p.cam ? points(Float64Array.from(p.cam.flat()), 3) : null,
        visibility: vis ? Array.from(vis) : null,
        flags: row?.flags ?? 0,
        valid: p.valid,
      };
    }),
    predictions: predictions.map((r): PersonPrediction => {
      const root = blobF64(r.root_cam);
      const joints3d = points(blobF64(r.joints_cam), 3);
      const K = gt.intrinsics;
      // 3D-only predictions are drawn on the image through the frame's camera.
      const joints2d =
        points(blobF64(r.joints_img), 2) ??
        (joints3d && K ? joints3d.map((p) => (p && p[2] > 0 ? cameraToPixel(p, K) : null)) : null);
      return {
        runId: r.run_id,
        instanceId: r.instance_id,
        score: r.score,
        joints2d: joints2d as PersonPrediction['joints2d'],
        joints3d,
        root:
          root && [0, 1, 2].every((k) => Number.isFinite(root[k]))
            ? [root[0]!, root[1]!, root[2]!]
            : null,
        mpjpe: r.mpjpe,
      };
    }),
  };
}
