import { datasetKind } from '../../contract';
import { extname, resolve } from 'node:path';
import { applyPatch, type ApplyReport } from '../edit/applyPatch';
import { mergePatches } from '../edit/mergePatches';
import { metricsReport, metricsReportCsv, type MetricsReport } from '../edit/metricsReport';
import { readPatch, writePatch } from '../edit/patch';
import { rescoreRuns } from '../edit/rescore';
import { writeAtomically } from '../platform/atomicFile';
import { openSource } from './datasetSource';

interface SourceOptions {
  readonly db?: string;
  /** The app's user-data folder: the index is the one the app opens with it. */
  readonly userData?: string;
  readonly json: boolean;
  readonly parseWorker?: string;
}

const print = (text: string) => process.stdout.write(`${text}\n`);

function formatApply(r: ApplyReport): string {
  const lines = [
    `${r.dryRun ? 'would apply' : 'applied'} ${r.applied.length}, skipped ${r.skipped.length}, conflicts ${r.conflicts.length}`,
  ];
  // A person the patch adds under an id taken here: say once which id they got.
  const told = new Set<string>();
  for (const a of r.applied) {
    const key = `${a.image}/${a.person}`;
    if (!a.renamed || told.has(key)) continue;
    told.add(key);
    lines.push(`  renamed  #${a.entry} image ${a.image} person ${a.person} is ${a.renamed} here`);
  }
  for (const s of r.skipped)
    lines.push(`  skipped  #${s.entry} image ${s.image} person ${s.person}: ${s.reason}`);
  for (const c of r.conflicts)
    lines.push(`  CONFLICT #${c.entry} image ${c.image} person ${c.person}: ${c.reason}`);
  const { applied, unknownImages } = r.reviews;
  if (applied > 0 || unknownImages.length > 0)
    lines.push(
      `  reviews  ${applied} frame review${applied === 1 ? '' : 's'} set` +
        (unknownImages.length > 0
          ? `; ${unknownImages.length} for images not in this dataset (${unknownImages.slice(0, 3).join(', ')}${unknownImages.length > 3 ? ', …' : ''})`
          : ''),
    );
  return lines.join('\n');
}

/**
 * `posescope apply-patch <folder|db> <patch> [--dry-run]`: applies a corrections patch through
 * the edit log, then scores every run again. Exit 1 when any entry was not applied for a
 * conflict or a person the dataset lacks.
 */
export function applyPatchCommand(
  source: string,
  patchFile: string,
  o: SourceOptions & { dryRun: boolean },
): number {
  const patch = readPatch(patchFile);
  const opened = openSource(source, o);
  if (!opened) return 1;
  const { db, ds } = opened;
  let report: ApplyReport;
  try {
    report = applyPatch(db, ds, patch, { dryRun: o.dryRun });
    if (!o.dryRun && report.applied.length > 0) rescoreRuns(db, ds);
  } finally {
    db.close();
  }
  print(o.json ? JSON.stringify(report, null, 2) : formatApply(report));
  return report.conflicts.length > 0 ? 1 : 0;
}

/**
 * `posescope merge-patches <a> <b> -o <out> [--prefer a|b]`: writes the merged patch (without
 * the conflicting joints unless `--prefer` picks a side) and lists the conflicts. Exit 1 when
 * there are conflicts and no `--prefer`.
 */
export function mergePatchesCommand(
  a: string,
  b: string,
  o: { out: string; prefer?: 'a' | 'b'; json: boolean },
): number {
  const r = mergePatches(readPatch(a), readPatch(b), o.prefer);
  writePatch(o.out, r.patch);
  const summary = {
    out: resolve(o.out),
    edits: r.patch.edits.length,
    onlyA: r.onlyA,
    onlyB: r.onlyB,
    identical: r.identical,
    renamed: r.renamed,
    conflicts: r.conflicts,
    resolved: r.conflicts.length > 0 ? (o.prefer ?? null) : null,
  };
  if (o.json) print(JSON.stringify(summary, null, 2));
  else {
    print(
      `merged → ${summary.out}: ${summary.edits} edits; joints changed only in ${a}: ${r.onlyA}, only in ${b}: ${r.onlyB}, identically in both: ${r.identical}; conflicts: ${r.conflicts.length}${o.prefer && r.conflicts.length > 0 ? ` (kept ${o.prefer === 'a' ? a : b}'s)` : ''}`,
    );
    for (const n of r.renamed)
      print(
        `  renamed  image ${n.image}: ${b}'s new person ${n.from} is ${n.to} (${a} adds another ${n.from})`,
      );
    for (const c of r.conflicts)
      print(
        `  CONFLICT image ${c.image} person ${c.person} ${c.channel}[${c.joint}]: a ${JSON.stringify(c.a)} (${c.annotators.a.join(', ')}) vs b ${JSON.stringify(c.b)} (${c.annotators.b.join(', ')}), was ${JSON.stringify(c.before)}`,
      );
  }
  return r.conflicts.length > 0 && !o.prefer ? 1 : 0;
}

const fixed = (v: unknown) => (typeof v === 'number' ? String(Number(v.toFixed(3))) : '–');

function formatReport(r: MetricsReport): string {
  const lines = [
    `${r.dataset} (${r.format}): ${r.corrected_people} corrected people, ${r.applied_edits} applied edits`,
    `  frames: ${Object.entries(r.reviews)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ')}`,
  ];
  if (r.runs.length === 0) lines.push('  no runs to score: import or infer predictions first');
  const keys =
    datasetKind(r.format) === '2d'
      ? ['AP_OKS', 'mean_OKS', 'PCK2D']
      : ['MPJPE', 'PA_MPJPE', 'MRPE', 'PCK3D_rel'];
  for (const run of r.runs) {
    const [b, a] = [run.original, run.corrected] as Record<string, unknown>[];
    lines.push(
      `  ${run.run}: ${keys.map((k) => `${k} ${fixed(b![k])} → ${fixed(a![k])}`).join(', ')}`,
    );
  }
  return lines.join('\n');
}

/**
 * `posescope report <folder|db> [--out report.json|report.csv]`: every run's set metrics against
 * the original and the corrected labels. Writes nothing to the index.
 */
export function reportCommand(source: string, o: SourceOptions & { out?: string }): number {
  const kind = o.out === undefined ? undefined : extname(o.out).toLowerCase();
  if (kind !== undefined && kind !== '.json' && kind !== '.csv') {
    process.stderr.write(`posescope report: --out must end in .json or .csv, not "${o.out}"\n`);
    return 2;
  }
  const opened = openSource(source, o);
  if (!opened) return 1;
  let report: MetricsReport;
  try {
    report = metricsReport(opened.db, opened.ds);
  } finally {
    opened.db.close();
  }
  if (o.out !== undefined) {
    const text =
      kind === '.csv' ? metricsReportCsv(report) : `${JSON.stringify(report, null, 2)}\n`;
    writeAtomically(o.out, (f) => f.write(text));
  }
  if (o.json) print(JSON.stringify(report, null, 2));
  else print(`${formatReport(report)}${o.out ? `\nreport → ${resolve(o.out)}` : ''}`);
  return 0;
}
