import type { PredictionRecord } from '../datasets/predictionFile';

/**
 * A run's predictions as scoring takes them: image by image, in the order the images are
 * scored (row id order), each image asked for once.
 */
export interface PredictionSource {
  /** The predictions of one of the dataset's images, by its row id and its own id. */
  forImage(imageId: number, sourceId: string): readonly PredictionRecord[];
  /**
   * The predictions no scored image took (an unknown image, one out of the run's scope), image
   * by image in the order each image first appears among the predictions.
   */
  leftovers(): Iterable<PredictionRecord>;
}

/** Predictions held in memory (a stored run's, or an edit's few images), by image. */
export function heldPredictions(records: readonly PredictionRecord[]): PredictionSource {
  const pending = new Map<string, PredictionRecord[]>();
  for (const r of records) {
    const list = pending.get(r.imageSourceId);
    if (list) list.push(r);
    else pending.set(r.imageSourceId, [r]);
  }
  return {
    forImage: (_, sourceId) => {
      const list = pending.get(sourceId) ?? [];
      pending.delete(sourceId);
      return list;
    },
    leftovers: () => [...pending.values()].flat(),
  };
}

/**
 * Predictions read in image row-id order (a stored run's, `storedRecordPages`), handed to
 * scoring as it walks the images in the same order: only one image's are held at a time.
 */
export function orderedPredictions(
  rows: Iterator<{ readonly imageId: number; readonly record: PredictionRecord }>,
): PredictionSource {
  let next = rows.next();
  const skipped: PredictionRecord[] = [];
  return {
    forImage: (imageId) => {
      const out: PredictionRecord[] = [];
      for (; !next.done && next.value.imageId <= imageId; next = rows.next())
        (next.value.imageId === imageId ? out : skipped).push(next.value.record);
      return out;
    },
    *leftovers() {
      yield* skipped;
      for (; !next.done; next = rows.next()) yield next.value.record;
    },
  };
}
