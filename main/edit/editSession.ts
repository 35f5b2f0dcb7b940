import { errorMessage, type ReviewStatus } from '../../contract';
import type { DatasetFormat } from '../datasets/records';
import type { IndexDb } from '../store/db/openIndex';
import { editCounts, type EditResult } from './editLog';
import { runSummaryJob } from '../eval/summaryJob';
import { rescoreTouched } from './rescore';
import { explainBusy } from '../store/db/writerNote';
import { setImageReview } from '../store/edits/review';
import { runSummaryWriter } from '../store/runs/datasetRuns';

/** What the session needs of an open dataset. */
interface EditedDataset {
  readonly sessionId: number;
  readonly dbId: number;
  readonly dbFile: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

/** How long after the last edit the runs are scored again: a drag's burst of edits is one pass. */
const RESCORE_AFTER_MS = 150;

/**
 * How long after the last re-scoring the set figures are computed: while the user keeps editing,
 * a job that reads every image would only compete with the UI for the CPU.
 */
const SUMMARY_AFTER_MS = 1000;

/** The images whose labels a write changed (an EditResult's `images`). */
type Touched = readonly number[];

/**
 * Corrections to the open datasets: one writer connection per dataset (the index's only writer
 * while the app edits). A moment after each burst of edits every run is scored again on the
 * images the burst touched (per-person and per-frame figures, at once) and the UI is told; the
 * runs' set figures, which need every image, follow from a job off this thread, and the UI is
 * told again when they land.
 */
export class EditSession {
  private readonly writers = new Map<number, IndexDb>();
  private readonly pending = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly touched = new Map<number, Set<number>>();
  /** Per dataset: the summary job running, and whether edits came after it started. */
  private readonly summaries = new Map<number, { stop(): void; again: boolean }>();
  private readonly summaryTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly o: {
      annotator(): string;
      writerFor(d: EditedDataset): IndexDb;
      changed(d: EditedDataset): void;
      warn(message: string): void;
      summaryWorker?: string;
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

  /**
   * Runs a write on the dataset's writer. `labels` names the images a label change touched
   * (from the write's result): their scores are brought up to date shortly after.
   */
  write<T>(d: EditedDataset, fn: (db: IndexDb) => T, labels?: (out: T) => Touched): T {
    let out: T;
    try {
      out = fn(this.writer(d));
    } catch (err) {
      // Held by another process past the busy timeout (a CLI re-index): say who, not "locked".
      throw explainBusy(err, d.dbFile);
    }
    if (!labels) return out;
    let set = this.touched.get(d.sessionId);
    if (!set) this.touched.set(d.sessionId, (set = new Set()));
    for (const id of labels(out)) set.add(id);
    clearTimeout(this.pending.get(d.sessionId));
    this.pending.set(
      d.sessionId,
      setTimeout(() => this.rescore(d), RESCORE_AFTER_MS),
    );
    return out;
  }

  /** Scores the touched images again now (also what happens before an export). */
  rescore(d: EditedDataset): void {
    clearTimeout(this.pending.get(d.sessionId));
    this.pending.delete(d.sessionId);
    const images = this.touched.get(d.sessionId);
    this.touched.delete(d.sessionId);
    if (!images || images.size === 0) return;
    rescoreTouched(this.writer(d), this.ref(d), images);
    this.o.changed(d);
    clearTimeout(this.summaryTimers.get(d.sessionId));
    this.summaryTimers.set(
      d.sessionId,
      setTimeout(() => this.summarise(d), SUMMARY_AFTER_MS),
    );
  }

  private ref = (d: EditedDataset) => ({ id: d.dbId, format: d.format, skeleton: d.skeleton });

  /** Starts the set-figures job, or asks the running one's successor to follow it. */
  private summarise(d: EditedDataset): void {
    this.summaryTimers.delete(d.sessionId);
    const running = this.summaries.get(d.sessionId);
    if (running) {
      running.again = true;
      return;
    }
    const job = runSummaryJob({ dbFile: d.dbFile, dataset: this.ref(d) }, this.o.summaryWorker);
    const state = { stop: job.stop, again: false };
    this.summaries.set(d.sessionId, state);
    job.done
      .then((summaries) => {
        if (this.closed) return;
        const db = this.writer(d);
        const put = runSummaryWriter(db);
        db.transaction(() => {
          for (const s of summaries) put(s.runId, d.dbId, JSON.stringify(s.summary));
        })();
        this.o.changed(d);
      })
      .catch((err: unknown) => {
        if (!this.closed)
          this.o.warn(`scoring the runs' set figures after edits failed: ${errorMessage(err)}`);
      })
      .finally(() => {
        this.summaries.delete(d.sessionId);
        if (state.again && !this.closed) this.summarise(d);
      });
  }

  state(d: EditedDataset) {
    return { ...editCounts(this.writer(d), d.dbId), annotator: this.o.annotator() };
  }

  /** Undo or redo: the edit stepped over, and what can be undone and redone after it. */
  step(d: EditedDataset, fn: (db: IndexDb, datasetId: number) => EditResult | null) {
    const r = this.write(
      d,
      (db) => fn(db, d.dbId),
      (out) => out?.images ?? [],
    );
    return {
      editId: r?.editId ?? null,
      imageId: r?.imageId ?? null,
      instanceId: r?.instanceId ?? null,
      state: this.state(d),
    };
  }

  close(): void {
    this.closed = true;
    for (const t of [...this.pending.values(), ...this.summaryTimers.values()]) clearTimeout(t);
    this.pending.clear();
    this.summaryTimers.clear();
    for (const s of this.summaries.values()) s.stop();
    this.summaries.clear();
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
  const changed = setImageReview(db, datasetId, imageId, status, annotator);
  if (changed === 0) throw new Error(`frame ${imageId} is not in this dataset`);
}
