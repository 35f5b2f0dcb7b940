import { relative, resolve } from 'node:path';
import type { DatasetFormat } from '../datasets/records';
import type { IndexDb } from '../store/db/openIndex';
import { exportCocoKeypoints } from './cocoKeypoints';
import { exportDataset, type ExportOptions, type ExportSummary } from './exportDataset';

/**
 * A dataset's annotations under `outDir`, in its own layout or as one COCO person-keypoints
 * file, summarised alike (files relative to the folder, images and people written): what the
 * CLI's `export` and the app's Export both write.
 */
export function exportAnnotations(
  db: IndexDb,
  ds: {
    readonly id: number;
    readonly root: string;
    readonly format: DatasetFormat;
    readonly skeleton: string;
  },
  outDir: string,
  layout: 'own' | 'coco-keypoints',
  o: ExportOptions = {},
): ExportSummary {
  if (layout === 'own') return exportDataset(db, ds, outDir, o);
  const out = resolve(outDir);
  const c = exportCocoKeypoints(db, ds, out, o);
  return {
    dataset: ds.root,
    format: 'coco',
    out,
    files: [{ path: relative(out, c.file), bytes: c.bytes }],
    images: c.images,
    people: c.people,
  };
}
