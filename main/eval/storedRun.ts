import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { IndexDb } from '../store/db/openIndex';
import { storedRecordPages } from '../store/runs/storedRecords';
import { PredictionStage } from './predictionStage';
import type { PredictionSource } from './predictionSource';

/**
 * Where predictions are staged while they are scored: beside the index (a disk with room for the
 * index has room for its predictions), or the system's temporary folder for an index in memory.
 */
export const stageFolderOf = (db: IndexDb): string => (db.memory ? tmpdir() : dirname(db.name));

/**
 * Hands `use` a stored run's predictions as scoring takes them, staged on disk first (the
 * same stage a prediction file goes through), so scoring a run of a million people again holds
 * a few of them at a time, and scoring may replace the stored rows it was read from. The
 * records, their order and `index` are those `storedRecords` gives. The stage is removed after.
 */
export function withStoredRun<T>(
  db: IndexDb,
  runId: number,
  where: string,
  use: (source: PredictionSource) => T,
): T {
  const stage = new PredictionStage(stageFolderOf(db), where);
  try {
    for (const { imageId, record } of storedRecordPages(db, runId, 'stored'))
      stage.add(record, imageId);
    stage.finish();
    return use(stage);
  } finally {
    stage.close();
  }
}
