import type { IndexDb } from '../db/openIndex';
import { hasJoints3dSql, joints3dSql } from './sharedPose';

/** Who a labelled person is across frames: their index, subject and sequence. */
export interface PersonIdentity {
  readonly instanceId: number;
  readonly person: number;
  readonly subject: string | null;
  readonly sequence: string | null;
  readonly datasetId: number;
}

/** A person row's identity across frames, if the row exists (in any dataset). */
export function personIdentity(db: IndexDb, instanceId: number): PersonIdentity | undefined {
  const me = db
    .prepare(
      `SELECT i.person, im.subject, im.sequence, im.dataset_id FROM instances i
       JOIN images im ON im.id = i.image_id WHERE i.id = ?`,
    )
    .get(instanceId) as
    | { person: number; subject: string | null; sequence: string | null; dataset_id: number }
    | undefined;
  return (
    me && {
      instanceId,
      person: me.person,
      subject: me.subject,
      sequence: me.sequence,
      datasetId: me.dataset_id,
    }
  );
}

/**
 * The frames that show the same person: a Human3.6M subject across all their sequences, a
 * MuPoTS-3D person (same index) across their sequence, else (COCO) this person alone.
 */
function sameSql(me: PersonIdentity) {
  return me.subject !== null
    ? { sql: 'im.subject = @subject', args: { subject: me.subject } }
    : me.sequence !== null
      ? {
          sql: 'im.sequence = @sequence AND i.person = @person',
          args: { sequence: me.sequence, person: me.person },
        }
      : { sql: 'i.id = @id', args: { id: me.instanceId } };
}

/** How many of the dataset's frames show this person with 3D joints. */
export function personFrameCount(db: IndexDb, datasetId: number, me: PersonIdentity): number {
  const same = sameSql(me);
  return db
    .prepare(
      `SELECT count(*) FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = @ds AND ${hasJoints3dSql('i')} AND i.removed = 0 AND ${same.sql}`,
    )
    .pluck()
    .get({ ds: datasetId, ...same.args }) as number;
}

/** The person's stored 3D joints (float64 blobs) of every `step`-th such frame, in index order. */
export function personJointSamples(
  db: IndexDb,
  datasetId: number,
  me: PersonIdentity,
  step: number,
): Buffer[] {
  const same = sameSql(me);
  return db
    .prepare(
      `SELECT joints_3d FROM (
         SELECT ${joints3dSql('i')} AS joints_3d, row_number() OVER (ORDER BY i.id) AS n
         FROM instances i
         JOIN images im ON im.id = i.image_id
         WHERE im.dataset_id = @ds AND ${hasJoints3dSql('i')} AND i.removed = 0 AND ${same.sql})
       WHERE (n - 1) % @step = 0`,
    )
    .pluck()
    .all({ ds: datasetId, step, ...same.args }) as Buffer[];
}
