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

/**
 * The decoded joints of the rows that hold a shared pose, for readers that walk many people:
 * a holder's blob is read and decoded once for all the views that share it, not once per view
 * through `joints3dSql`'s correlated subquery (which took about a third of the labels' walk
 * when scoring a run, once rows were read as arrays). The views of a moment are written together, so a holder is met again
 * soon after: a few thousand entries are enough, and the cache is emptied past that.
 */
export class SharedPoses {
  private readonly held = new Map<number, Float64Array | undefined>();
  private readonly read;

  constructor(
    db: IndexDb,
    private readonly decode: (blob: Buffer | null) => Float64Array | undefined,
    private readonly capacity = 8192,
  ) {
    this.read = db.prepare('SELECT joints_3d FROM instances WHERE id = ?').pluck();
  }

  /** A row's own joints (`blob`, decoded), or those of the row its `pose_of` names. */
  of(id: number, blob: Buffer | null, poseOf: number | null): Float64Array | undefined {
    if (blob !== null || poseOf === null) {
      const own = this.decode(blob);
      if (blob !== null) this.keep(id, own);
      return own;
    }
    if (this.held.has(poseOf)) return this.held.get(poseOf);
    const pose = this.decode((this.read.get(poseOf) as Buffer | null | undefined) ?? null);
    this.keep(poseOf, pose);
    return pose;
  }

  private keep(id: number, pose: Float64Array | undefined): void {
    if (this.held.size >= this.capacity) this.held.clear();
    this.held.set(id, pose);
  }
}
