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
