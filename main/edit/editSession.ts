import type { ReviewStatus } from '../../contract';
import type { Vec2, Vec3 } from '../../core';
import type { DatasetFormat } from '../datasets/records';
import type { IndexDb } from '../store/openIndex';
import { editCounts, type EditResult } from './editLog';
import { rescoreRuns } from './rescore';

/** What the session needs of an open dataset. */
interface EditedDataset {
  readonly sessionId: number;
  readonly dbId: number;
  readonly dbFile: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

/** The contract's missing joint (null) as core's (NaN). */
export const nanFor3 = (p: readonly [number, number, number] | null): Vec3 => p ?? [NaN, NaN, NaN];
export const nanFor2 = (p: readonly [number, number] | null): Vec2 => p ?? [NaN, NaN];

/** How long after the last edit the runs are scored again: a drag's burst of edits is one pass. */
const RESCORE_AFTER_MS = 150;

/**
 * Corrections to the open datasets: one writer connection per dataset (the index's only writer
 * while the app edits), and every run scored again against the edited labels shortly after
 * each burst of edits, then the UI told the dataset changed.
 */
export class EditSession {
  private readonly writers = new Map<number, IndexDb>();
  private readonly pending = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly o: {
      annotator(): string;
      writerFor(d: EditedDataset): IndexDb;
      changed(d: EditedDataset): void;
    },
  ) {}

  private writer(d: EditedDataset): IndexDb {
    let w = this.writers.get(d.sessionId);
    if (!w) {
      w = this.o.writerFor(d);
      this.writers.set(d.sessionId, w);
    }
    return w;
  }

  /** Runs a write on the dataset's writer, then schedules the re-scoring labels call for. */
  write<T>(
    d: EditedDataset,
    fn: (db: IndexDb) => T,
    opts: { labels: boolean } = { labels: true },
  ): T {
    const out = fn(this.writer(d));
    if (!opts.labels) return out;
    clearTimeout(this.pending.get(d.sessionId));
    this.pending.set(
      d.sessionId,
      setTimeout(() => this.rescore(d), RESCORE_AFTER_MS),
    );
    return out;
  }

  /** Scores every run again now (also what `flush` does before an export or on close). */
  rescore(d: EditedDataset): void {
    clearTimeout(this.pending.get(d.sessionId));
    this.pending.delete(d.sessionId);
    rescoreRuns(this.writer(d), { id: d.dbId, format: d.format, skeleton: d.skeleton });
    this.o.changed(d);
  }

  state(d: EditedDataset) {
    return { ...editCounts(this.writer(d), d.dbId), annotator: this.o.annotator() };
  }

  /** Undo or redo: the edit stepped over, and what can be undone and redone after it. */
  step(d: EditedDataset, fn: (db: IndexDb, datasetId: number) => EditResult | null) {
    const r = this.write(d, (db) => fn(db, d.dbId));
    return {
      editId: r?.editId ?? null,
      imageId: r?.imageId ?? null,
      instanceId: r?.instanceId ?? null,
      state: this.state(d),
    };
  }

  close(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const w of this.writers.values()) w.close();
    this.writers.clear();
  }
}

/** Sets a frame's review status, with who set it and when. */
export function setReview(
  db: IndexDb,
  datasetId: number,
  imageId: number,
  status: ReviewStatus,
  annotator: string,
): void {
  const r = db
    .prepare(
      'UPDATE images SET review = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND dataset_id = ?',
    )
    .run(status, annotator, new Date().toISOString(), imageId, datasetId);
  if (r.changes === 0) throw new Error(`frame ${imageId} is not in this dataset`);
}
