import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExportResult, ParsedArgs } from '../../contract';
import { buildPatch, writePatch } from '../edit/patch';
import { metricsReport, metricsReportCsv } from '../edit/metricsReport';
import { isInside, writeAtomically } from '../platform/atomicFile';
import { exportAnnotations } from '../export/exportAnnotations';
import { finishExport, startExport } from '../export/exportManifest';
import { linkImages } from '../export/linkImages';
import type { IndexDb } from '../store/db/openIndex';
import type { OpenDataset } from './openDatasets';

/**
 * The app's Export: the annotations (own layout or COCO keypoints), the images linked beside
 * them, the corrections patch and the before/after report, all in one folder outside the
 * dataset. `db` is the dataset's writer: the report scores runs in transactions it rolls back.
 */
export function exportFromApp(
  db: IndexDb,
  d: OpenDataset,
  q: ParsedArgs<'exportDataset'>,
): ExportResult {
  const out = resolve(q.out);
  if (isInside(d.root, out))
    throw new Error(`cannot export into the dataset's own folder ${d.root}: choose another folder`);
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new Error(`cannot export to ${out}: it is a file, not a folder`);
  const ds = { id: d.dbId, root: d.root, format: d.format, skeleton: d.skeleton };
  const only = { onlyEdited: q.onlyEdited };
  startExport(out);
  const written = exportAnnotations(db, ds, out, q.layout, only);
  const files = [...written.files];
  const { images, people } = written;
  const linked = q.images
    ? linkImages(db, ds, out, only)
    : { linked: 0, copied: 0, missing: 0, outside: 0 };
  let patchEdits: number | null = null;
  if (q.patch) {
    const patch = buildPatch(db, ds);
    patchEdits = patch.edits.length;
    files.push({
      path: 'corrections.patch.json',
      bytes: writePatch(join(out, 'corrections.patch.json'), patch),
    });
  }
  if (q.report) {
    const report = metricsReport(db, ds);
    for (const [name, text] of [
      ['corrections.report.json', `${JSON.stringify(report, null, 2)}\n`],
      ['corrections.report.csv', metricsReportCsv(report)],
    ] as const)
      files.push({ path: name, bytes: writeAtomically(join(out, name), (f) => f.write(text)) });
  }
  finishExport(out, {
    dataset: written.dataset,
    format: written.format,
    files,
    people,
    ...(q.images ? { images: linked } : {}),
  });
  return {
    out,
    files,
    images,
    people,
    linkedImages: linked.linked + linked.copied,
    missingImages: linked.missing + linked.outside,
    patchEdits,
  };
}
