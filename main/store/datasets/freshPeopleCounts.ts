import type { IndexDb } from '../db/openIndex';

/**
 * People per image of a unit whose images held nobody before (a unit read for the first time):
 * each image's count is the people written for it, so the counts are added as chunks are
 * committed, each image's row rewritten once — not the whole unit recounted at every commit,
 * which for a 143,000-image unit in chunks of 25,000 rewrote every row six times.
 */
export class FreshPeopleCounts {
  private readonly pending = new Map<number, number>();
  private readonly add;

  constructor(db: IndexDb) {
    this.add = db.prepare('UPDATE images SET people = people + ? WHERE id = ?');
  }

  person(imageId: number): void {
    this.pending.set(imageId, (this.pending.get(imageId) ?? 0) + 1);
  }

  /** Adds the people written since the last call to their images (whose rows are written). */
  save(): void {
    for (const [id, n] of this.pending) this.add.run(n, id);
    this.pending.clear();
  }
}
