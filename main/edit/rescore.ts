import { CountingIssueLog } from '../datasets/issueLog';
import { rescoreImages, scoreRun, type DatasetRef } from '../eval/scoreRun';
import { withStoredRun } from '../eval/storedRun';
import type { IndexDb } from '../store/db/openIndex';
import { datasetRuns } from '../store/runs/datasetRuns';

const runsOf = (db: IndexDb, dataset: DatasetRef) => datasetRuns(db, dataset.id);

/**
 * Scores every run of the dataset again against its labels as they are now (after edits): the
 * same matching and metrics as an import, from the predictions already stored. One transaction
 * per run, so a reader never sees a run half re-scored.
 */
export function rescoreRuns(db: IndexDb, dataset: DatasetRef): void {
  for (const run of runsOf(db, dataset)) {
    db.transaction(() => {
      const where = `run ${run.name}`;
      withStoredRun(db, run.id, where, (source) =>
        scoreRun(db, dataset, run.id, source, new CountingIssueLog(), where),
      );
    })();
  }
}

/**
 * Scores every run again on the images edits touched (EditResult's `images`): their predictions, per-person and
 * per-image figures, at once (milliseconds). The runs' set summaries need every image and are
 * brought up to date apart (summaryJob), so a large dataset's figures never hold up an edit.
 */
export function rescoreTouched(db: IndexDb, dataset: DatasetRef, imageIds: Iterable<number>): void {
  const images = [...imageIds];
  if (images.length === 0) return;
  for (const run of runsOf(db, dataset))
    db.transaction(() => rescoreImages(db, dataset, run.id, images))();
}
