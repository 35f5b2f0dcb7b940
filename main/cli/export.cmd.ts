import { resolve } from 'node:path';
import { cannotExportOwnLayout } from '../../contract';
import { buildPatch, writePatch } from '../edit/patch';
import { isInside } from '../platform/atomicFile';
import { exportAnnotations } from '../export/exportAnnotations';
import type { ExportSummary } from '../export/exportDataset';
import { finishExport, startExport } from '../export/exportManifest';
import { linkImages } from '../export/linkImages';
import { openSource } from './datasetSource';
import { parseFormat } from './index.cmd';

export interface ExportCliOptions {
  readonly format: string;
  /** Folder for the dataset's files; may be left out when `patch` is given. */
  readonly out?: string;
  /** Also (or only) write the corrections patch here. */
  readonly patch?: string;
  readonly onlyEdited?: boolean;
  /** Hard-link (or copy) the exported images beside the annotations. */
  readonly images?: boolean;
  readonly db?: string;
  /** The app's user-data folder: the index is the one the app opens with it. */
  readonly userData?: string;
  readonly json: boolean;
  /** The bundled parse worker, when there is one. */
  readonly parseWorker?: string;
}

/**
 * `posescope export <folder|db> --format … --out <dir> [--only-edited] [--patch <file>]`: from a
 * folder, brings its index up to date first; from an index file, exports the dataset it holds
 * (it must hold exactly one). `--patch` writes the corrections patch beside the files, or alone
 * when `--out` is left out.
 */
export function exportCommand(source: string, o: ExportCliOptions): number {
  const coco = o.format === 'coco-keypoints';
  const format = coco ? undefined : parseFormat(o.format)!;
  if (o.out === undefined && o.patch === undefined) {
    process.stderr.write('posescope export: give --out <dir>, --patch <file>, or both\n');
    return 2;
  }
  const opened = openSource(source, o);
  if (!opened) return 1;
  const { db, ds } = opened;
  let summary: ExportSummary | undefined;
  let patch: { file: string; edits: number; bytes: number } | undefined;
  let linked: ReturnType<typeof linkImages> | undefined;
  try {
    if (format !== undefined && ds.format !== format)
      throw new Error(`${ds.root} is a ${ds.format} dataset; it exports as --format ${ds.format}`);
    // Refused before anything is written, the patch included.
    const refused = format !== undefined && o.out !== undefined && cannotExportOwnLayout(ds.format);
    if (refused) throw new Error(`cannot export ${ds.root} in its own layout: ${refused}`);
    if (o.patch !== undefined) {
      if (isInside(ds.root, o.patch))
        throw new Error(`refusing to write the patch into the dataset folder ${ds.root}`);
      const p = buildPatch(db, ds);
      patch = { file: resolve(o.patch), edits: p.edits.length, bytes: writePatch(o.patch, p) };
    }
    if (o.out !== undefined) {
      const only = { onlyEdited: o.onlyEdited };
      startExport(resolve(o.out));
      summary = exportAnnotations(db, ds, o.out, coco ? 'coco-keypoints' : 'own', only);
      if (o.images) linked = linkImages(db, ds, o.out, only);
      finishExport(summary.out, {
        dataset: summary.dataset,
        format: summary.format,
        files: summary.files,
        people: summary.people,
        ...(linked ? { images: linked } : {}),
      });
    }
  } finally {
    db.close();
  }
  if (o.json)
    process.stdout.write(
      `${JSON.stringify({ ...summary, patch, linkedImages: linked }, null, 2)}\n`,
    );
  else {
    if (summary)
      process.stdout.write(
        `${summary.dataset} → ${summary.out} (${summary.format}${o.onlyEdited ? ', corrected images only' : ''}: ${summary.images} images, ${summary.people} people)\n` +
          summary.files.map((f) => `  ${f.path}  ${(f.bytes / 1e6).toFixed(2)} MB`).join('\n') +
          '\n',
      );
    if (linked)
      process.stdout.write(
        `images: ${linked.linked} linked, ${linked.copied} copied, ${linked.missing} missing` +
          `${linked.outside > 0 ? `, ${linked.outside} refused (their file name leads outside the dataset or the output)` : ''}\n`,
      );
    if (patch) process.stdout.write(`corrections patch → ${patch.file} (${patch.edits} edits)\n`);
  }
  return 0;
}
