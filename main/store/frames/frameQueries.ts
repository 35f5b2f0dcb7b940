import { cameraToPixel, type AnySkeletonId } from '../../../core';
import { jointToWire3, packedToWire, type Frame, type PersonPrediction } from '../../../contract';
import { labelledJoints2d } from './labelledJoints';
import { groundTruthImages } from '../labels/groundTruth';
import type { DatasetFormat } from '../../datasets/records';
import { blobF64, blobU8 } from '../db/blobs';
import type { IndexDb } from '../db/openIndex';

/** A stored J×n joint blob in the wire's form (null for a missing joint), or null when none. */
const wire3 = (b: Buffer | null) => {
  const a = blobF64(b);
  return a ? packedToWire(a, 3) : null;
};
const wire2 = (b: Buffer | null) => {
  const a = blobF64(b);
  return a ? packedToWire(a, 2) : null;
};

interface ImageRow {
  subject: string | null;
  action: string | null;
  sequence: string | null;
  camera: string | null;
  missing: number;
  review: Frame['review'];
}

interface PredictionRow {
  run_id: number;
  instance_id: number | null;
  score: number | null;
  root_cam: Buffer | null;
  joints_cam: Buffer | null;
  joints_img: Buffer | null;
  joint_scores: Buffer | null;
  mpjpe: number | null;
  oks: number | null;
}

/** An open dataset as a frame is read from it: its ids in the session and the index. */
export interface FrameDataset {
  readonly sessionId: number;
  readonly dbId: number;
  readonly format: DatasetFormat;
  readonly skeleton: AnySkeletonId;
}

/** One frame with every person's labels (camera space) and every run's predictions for it. */
export function getFrame(db: IndexDb, ds: FrameDataset, imageId: number): Frame {
  const [gt] = [...groundTruthImages(db, ds.dbId, ds.format, imageId)];
  const meta = db
    .prepare(
      'SELECT subject, action, sequence, camera, missing, review FROM images WHERE id = ? AND dataset_id = ?',
    )
    .get(imageId, ds.dbId) as ImageRow | undefined;
  if (!gt || !meta) throw new Error(`frame ${imageId} is not in this dataset`);
  const labels = db.prepare(
    'SELECT id, person, flags, vis, edited, version FROM instances WHERE image_id = ? AND removed = 0',
  );
  const extra = new Map(
    (
      labels.all(imageId) as {
        id: number;
        person: number;
        flags: number;
        vis: Buffer | null;
        edited: number;
        version: number;
      }[]
    ).map((r) => [r.id, r]),
  );
  const predictions = db
    .prepare(
      `SELECT p.run_id, p.instance_id, p.score, p.root_cam, p.joints_cam, p.joints_img, p.joint_scores, m.mpjpe, m.oks
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
    review: meta.review,
    people: gt.people.map((p) => {
      const row = extra.get(p.instanceId);
      const vis = blobU8(row?.vis ?? null);
      return {
        instanceId: p.instanceId,
        person: row?.person ?? 0,
        bbox: p.bbox ? [...p.bbox] : null,
        joints2d: labelledJoints2d(p, ds.format),
        joints3d: p.cam ? p.cam.map(jointToWire3) : null,
        visibility: vis ? Array.from(vis) : null,
        flags: row?.flags ?? 0,
        valid: p.valid,
        edited: row?.edited === 1,
        version: row?.version ?? 0,
      };
    }),
    predictions: predictions.map((r): PersonPrediction => {
      const root = blobF64(r.root_cam);
      const scores = blobF64(r.joint_scores);
      const joints3d = wire3(r.joints_cam);
      const K = gt.intrinsics;
      // 3D-only predictions are drawn on the image through the frame's camera.
      const joints2d =
        wire2(r.joints_img) ??
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
        oks: r.oks,
        jointScores: scores ? Array.from(scores, (v) => (Number.isFinite(v) ? v : null)) : null,
      };
    }),
  };
}

/** A frame's image file, relative to its dataset's folder; undefined when no such frame. */
export function imageFile(db: IndexDb, datasetId: number, imageId: number): string | undefined {
  const row = db
    .prepare('SELECT file FROM images WHERE id = ? AND dataset_id = ?')
    .get(imageId, datasetId) as { file: string } | undefined;
  return row?.file;
}
