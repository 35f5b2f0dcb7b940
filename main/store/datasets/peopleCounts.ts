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
      const add = db.prepare('UPDATE images SET people = people + ? WHERE id BETWEEN ? AND ?');
      this.write = () => {
        for (const [n, first, last] of equalRuns(pending)) add.run(n, first, last);
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

/**
 * The counts as runs of consecutive image ids that gain the same number of people: one UPDATE
 * per run instead of one per image. Images are numbered in file order and people mostly follow
 * their images, so a dataset with one person per image (Human3.6M, 3DPW) has a run per chunk —
 * 200,000 single-row UPDATEs took 0.54 s of the writer's thread — and one with varied counts
 * (COCO) falls back to a run per image.
 */
export function equalRuns(counts: ReadonlyMap<number, number>): [number, number, number][] {
  const ids = [...counts.keys()];
  for (let i = 1; i < ids.length; i++) {
    if (ids[i]! < ids[i - 1]!) {
      ids.sort((a, b) => a - b);
      break;
    }
  }
  const runs: [number, number, number][] = [];
  for (const id of ids) {
    const n = counts.get(id)!;
    const last = runs[runs.length - 1];
    if (last && last[0] === n && last[2] === id - 1) last[2] = id;
    else runs.push([n, id, id]);
  }
  return runs;
}
