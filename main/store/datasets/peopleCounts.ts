import type { IndexDb } from '../db/openIndex';

/**
 * People per image of one unit, kept beside the image so the frame list filters and sorts on
 * it alone, brought up to date at every commit of the unit's rows. Where the unit's images held
 * nobody before (a unit read for the first time) each image's count is the people written for
 * it, so the counts are added as chunks are committed, each image's row rewritten once — not
 * the whole unit recounted at every commit, which for a 143,000-image unit in chunks of 25,000
 * rewrote every row six times. Otherwise every image of the unit is recounted, corrections kept
 * and people added in PoseScope included, so one whose last person went away drops to zero.
 */
export class PeopleCounts {
  private readonly pending: Map<number, number> | undefined;
  private readonly write: () => void;

  constructor(db: IndexDb, datasetId: number, unit: string, fresh: boolean) {
    if (fresh) {
      const pending = (this.pending = new Map<number, number>());
      const add = db.prepare('UPDATE images SET people = people + ? WHERE id = ?');
      this.write = () => {
        for (const [id, n] of pending) add.run(n, id);
        pending.clear();
      };
    } else {
      const recount = db.prepare(
        `UPDATE images SET people = (
           SELECT count(*) FROM instances i WHERE i.image_id = images.id AND i.removed = 0)
         WHERE dataset_id = ? AND unit = ?`,
      );
      this.write = () => void recount.run(datasetId, unit);
    }
  }

  /** A new person row written for the image. */
  person(imageId: number): void {
    this.pending?.set(imageId, (this.pending.get(imageId) ?? 0) + 1);
  }

  /** Brings the counts up to the rows written (which must be flushed). */
  save(): void {
    this.write();
  }
}
