import type { TakeTimeline } from '../../../contract';
import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';
import { frameSlots, takeFrames, takeKey, takeOf } from './takes';

export type Row = {
  image_id: number;
  mpjpe: number | null;
  mrpe: number | null;
  oks: number | null;
  missed: number | null;
};

/**
 * A take's rows of `image_metrics`. A take indexed in one go has consecutive image ids, and one
 * range of the (run_id, image_id) key reads its rows in a few ms where looking up each of its
 * 5,000 ids took 12–17; a take whose ids are spread (frames added later) is looked up by id.
 */
export function takeMetrics(
  db: IndexDb,
  runId: number,
  frames: readonly { readonly imageId: number }[],
  ids: string,
): Row[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of frames) {
    lo = Math.min(lo, f.imageId);
    hi = Math.max(hi, f.imageId);
  }
  const columns = 'SELECT image_id, mpjpe, mrpe, oks, missed FROM image_metrics WHERE run_id = ?';
  if (hi - lo < 2 * frames.length) {
    const inTake = new Set(frames.map((f) => f.imageId));
    const rows = db.prepare(`${columns} AND image_id BETWEEN ? AND ?`).all(runId, lo, hi) as Row[];
    return rows.filter((r) => inTake.has(r.image_id));
  }
  return db
    .prepare(`${columns} AND image_id IN (SELECT value FROM json_each(?))`)
    .all(runId, ids) as Row[];
}

/**
 * The take an image belongs to, its frames in order with their slots, and a run's per-frame
 * figures along it (the worst person's, as the grid ranks frames) — what the inspector's
 * timeline draws. Null for an image in no take (COCO, MPII). `db` has `joint_error` registered
 * (every opened dataset's reader has: registerJointError).
 */
export function takeTimeline(
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
  imageId: number,
  runId: number | null,
  joint: number | null,
): TakeTimeline | null {
  const at = db
    .prepare('SELECT sequence, camera FROM images WHERE id = ? AND dataset_id = ?')
    .get(imageId, dataset.id) as { sequence: string | null; camera: string | null } | undefined;
  if (!at) throw new Error(`frame ${imageId} is not in this dataset`);
  const key = takeKey(at.sequence, at.camera);
  if (key === null || at.sequence === null) return null;
  const take = takeOf(db, dataset, at.sequence, at.camera);
  if (!take) return null;
  const frames = takeFrames(db, dataset.id, key);
  const slots = frameSlots(frames);
  const ids = JSON.stringify(frames.map((f) => f.imageId));
  const byImage = new Map<number, Row>();
  const jointOf = new Map<number, number | null>();
  if (runId !== null) {
    for (const r of takeMetrics(db, runId, frames, ids)) byImage.set(r.image_id, r);
    if (joint !== null) {
      const worst = db
        .prepare(
          `SELECT i.image_id AS imageId, max(joint_error(m.joint_errors, ?)) AS value
           FROM instance_metrics m JOIN instances i ON i.id = m.instance_id
           WHERE m.run_id = ? AND i.image_id IN (SELECT value FROM json_each(?))
           GROUP BY i.image_id`,
        )
        .all(joint, runId, ids) as { imageId: number; value: number | null }[];
      for (const w of worst) jointOf.set(w.imageId, w.value);
    }
  }
  // Flagged as findFailure counts them: a label of a person still in the frame.
  const flagged = new Set(
    db
      .prepare(
        `SELECT DISTINCT image_id FROM instances
         WHERE image_id IN (SELECT value FROM json_each(?)) AND flags != 0 AND removed = 0`,
      )
      .pluck()
      .all(ids) as number[],
  );
  const pick = (k: 'mpjpe' | 'mrpe' | 'oks' | 'missed') =>
    frames.map((f) => byImage.get(f.imageId)?.[k] ?? null);
  return {
    take,
    frames: frames.map((f, i) => ({ imageId: f.imageId, frame: f.frame, slot: slots[i]! })),
    runId,
    flagged: frames.map((f) => flagged.has(f.imageId)),
    series: {
      missed: pick('missed'),
      mpjpe: pick('mpjpe'),
      mrpe: pick('mrpe'),
      oks: pick('oks'),
      joint:
        runId !== null && joint !== null ? frames.map((f) => jointOf.get(f.imageId) ?? null) : null,
    },
  };
}
