import { join } from 'node:path';
import type { DatasetFormat } from '../datasets/records';
import { groundTruthImages } from '../store/labels/groundTruth';
import type { IndexDb } from '../store/db/openIndex';
import type { Target } from './stageTypes';

/**
 * The work of a pipeline over a dataset, streamed in image order: every annotated,
 * non-crowd person's box for top-down pipelines (an image nobody annotated is one target,
 * its whole frame), every image for single-stage (DRM) pipelines.
 */
export function* targetsOf(
  db: IndexDb,
  dataset: { id: number; root: string; format: DatasetFormat },
  mode: 'person' | 'image',
  /** The frames a scoped run covers; all when null. */
  scope: ReadonlySet<number> | null = null,
): Generator<Target> {
  for (const im of groundTruthImages(db, dataset.id, dataset.format)) {
    if (scope && !scope.has(im.imageId)) continue;
    const base = {
      imageId: im.imageId,
      imageSourceId: im.sourceId,
      file: join(dataset.root, im.file),
      intrinsics: im.intrinsics,
    };
    if (mode === 'image' || im.people.length === 0) {
      yield { ...base, key: `i${im.imageId}`, instanceId: null };
      continue;
    }
    for (const p of im.people.filter((q) => !q.iscrowd && q.bbox && q.bbox[2] > 0 && q.bbox[3] > 0))
      yield {
        ...base,
        key: `p${p.instanceId}`,
        instanceId: p.instanceId,
        annId: p.sourceId,
        bbox: p.bbox,
        gt2d: p.img,
        gt2dExact: p.cam !== undefined,
      };
  }
}
