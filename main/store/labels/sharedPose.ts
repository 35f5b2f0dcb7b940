import type { IndexDb } from '../db/openIndex';

/**
 * World joints shared by the views of a moment (migration 18): a row with `pose_of` set reads
 * its joints_3d from that row. A Human3.6M frame's four camera views carry the same world pose,
 * 408 bytes of float64 each; one copy takes 61 of the 413 MB of a 200,000-person index off.
 */

/** A person's joints_3d blob whoever holds it, for a row of `instances` aliased `alias`. */
export const joints3dSql = (alias: string): string =>
  `coalesce(${alias}.joints_3d, (SELECT h.joints_3d FROM instances h WHERE h.id = ${alias}.pose_of))`;

/** Whether a row of `instances` aliased `alias` has 3D joints, its own or shared. */
export const hasJoints3dSql = (alias: string): string =>
  `(${alias}.joints_3d IS NOT NULL OR ${alias}.pose_of IS NOT NULL)`;

/**
 * Gives the person and every row sharing their joints their own copy, before anything writes the
 * person's joints_3d: a correction reaches only the rows it is written to, as before sharing.
 */
export function unsharePose(db: IndexDb, instanceId: number): void {
  db.prepare(
    `UPDATE instances SET joints_3d = ${joints3dSql('instances')}, pose_of = NULL
     WHERE id = @id AND pose_of IS NOT NULL`,
  ).run({ id: instanceId });
  db.prepare(
    `UPDATE instances SET joints_3d = (SELECT h.joints_3d FROM instances h WHERE h.id = @id),
       pose_of = NULL
     WHERE pose_of = @id`,
  ).run({ id: instanceId });
}
