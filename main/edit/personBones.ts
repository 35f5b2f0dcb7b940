import { getSkeleton, kinematicParents, medianBoneLengths } from '../../core';
import { toPose3 } from '../eval/groundTruth';
import { blobF64 } from '../store/blobs';
import type { IndexDb } from '../store/openIndex';

/** Enough frames for a stable median; more only costs time. */
const SAMPLE = 400;

/**
 * The median length of each bone of one person over the frames that show them: a Human3.6M
 * subject across all their sequences, a MuPoTS-3D person (same index) across their sequence.
 * Lengths do not depend on the space the labels are stored in, so world and camera labels mix.
 * COCO has no identity across images: the median is then over this person alone. Entries are
 * per joint (the bone from its kinematic parent), null at roots and where no frame has the bone.
 */
export function personBoneMedians(
  db: IndexDb,
  datasetId: number,
  skeletonId: string,
  instanceId: number,
): { medianMm: (number | null)[]; frames: number } {
  const me = db
    .prepare(
      `SELECT i.person, im.subject, im.sequence, im.dataset_id FROM instances i
       JOIN images im ON im.id = i.image_id WHERE i.id = ?`,
    )
    .get(instanceId) as
    | { person: number; subject: string | null; sequence: string | null; dataset_id: number }
    | undefined;
  if (!me || me.dataset_id !== datasetId)
    throw new Error(`no person ${instanceId} in this dataset`);
  const same =
    me.subject !== null
      ? { sql: 'im.subject = @subject', args: { subject: me.subject } }
      : me.sequence !== null
        ? {
            sql: 'im.sequence = @sequence AND i.person = @person',
            args: { sequence: me.sequence, person: me.person },
          }
        : { sql: 'i.id = @id', args: { id: instanceId } };
  const total = db
    .prepare(
      `SELECT count(*) FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = @ds AND i.joints_3d IS NOT NULL AND i.removed = 0 AND ${same.sql}`,
    )
    .pluck()
    .get({ ds: datasetId, ...same.args }) as number;
  // Every k-th frame, so a long sequence is sampled from end to end, not only its start.
  const step = Math.max(1, Math.floor(total / SAMPLE));
  const blobs = db
    .prepare(
      `SELECT joints_3d FROM (
         SELECT i.joints_3d, row_number() OVER (ORDER BY i.id) AS n FROM instances i
         JOIN images im ON im.id = i.image_id
         WHERE im.dataset_id = @ds AND i.joints_3d IS NOT NULL AND i.removed = 0 AND ${same.sql})
       WHERE (n - 1) % @step = 0`,
    )
    .pluck()
    .all({ ds: datasetId, step, ...same.args }) as Buffer[];
  const skeleton = getSkeleton(skeletonId);
  const poses = blobs.map((b) => toPose3(blobF64(b)!));
  if (poses.length === 0) return { medianMm: skeleton.joints.map(() => null), frames: 0 };
  const median = medianBoneLengths(poses, kinematicParents(skeleton));
  return { medianMm: median.map((m) => (Number.isFinite(m) ? m : null)), frames: poses.length };
}
