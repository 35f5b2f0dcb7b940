import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ExportResult, ParsedArgs } from '../../contract';
import { buildPatch, writePatch } from '../edit/patch';
import { metricsReport, metricsReportCsv } from '../edit/metricsReport';
import { isInside, writeAtomically } from '../platform/atomicFile';
import { exportAnnotations } from '../export/exportAnnotations';
import { finishExport, startExport } from '../export/exportManifest';
import { exportFolderContents } from '../export/exportTarget';
import { linkImages } from '../export/linkImages';
import type { IndexDb } from '../store/db/openIndex';
import type { OpenDataset } from './openDatasets';

/** Why a folder cannot take an export of the dataset, or null. */
export function exportFolderProblem(d: OpenDataset, out: string): string | null {
  if (isInside(d.root, out))
    return `cannot export into the dataset's own folder ${d.root}: choose another folder`;
  if (existsSync(out) && !statSync(out).isDirectory())
    return `cannot export to ${out}: it is a file, not a folder`;
  return null;
}

/**
 * Where the app's export would go: the folder checked (problem, what it holds) before anything
 * is written, and, for an empty request, the suggestion — beside the last export, never beside
 * the dataset (datasets live on shared or read-only storage).
 */
export function exportTargetOf(d: OpenDataset, outText: string, lastExport: string | null) {
  const suggested = lastExport ? join(dirname(lastExport), `${d.name}-corrected`) : null;
  if (outText.trim() === '') return { out: null, suggested, holds: null, problem: null };
  const out = resolve(outText);
  return {
    out,
    suggested,
    holds: exportFolderContents(out),
    problem: exportFolderProblem(d, out),
  };
}

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
  const problem = exportFolderProblem(d, out);
  if (problem) throw new Error(problem);
  const holds = exportFolderContents(out);
  if (holds && !q.replace)
    throw new Error(`${out} already holds ${holds}: confirm to replace it (nothing was written)`);
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
