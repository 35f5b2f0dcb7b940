import { DATASET_FORMATS, type DatasetFormat } from '../datasets/records';
import { indexDataset, type IndexSummary } from '../indexer/indexDataset';
import { defaultDbFor } from '../platform/defaultDb';
import { progressBar } from './progress';

export interface IndexCliOptions {
  readonly db?: string;
  /** The app's user-data folder: the index is the one the app opens with it. */
  readonly userData?: string;
  readonly format?: string;
  readonly json: boolean;
  /** The bundled parse worker, when there is one. */
  readonly parseWorker?: string;
}

export function parseFormat(v: string | undefined): DatasetFormat | undefined {
  if (v === undefined) return undefined;
  if (!(DATASET_FORMATS as readonly string[]).includes(v)) {
    throw new Error(`unknown --format "${v}"; use one of ${DATASET_FORMATS.join(', ')}`);
  }
  return v as DatasetFormat;
}

export function formatIndexSummary(s: IndexSummary): string {
  const lines = [
    `${s.dataset} (${s.format}, ${s.skeleton})`,
    `  images   ${s.images}${s.missingImages ? ` (${s.missingImages} image files missing)` : ''}`,
    `  people   ${s.people}${s.flagged ? ` (${s.flagged} flagged)` : ''}`,
    `  cameras  ${s.cameras}`,
    `  units    ${s.units.indexed} indexed, ${s.units.unchanged} unchanged, ${s.units.removed} removed in ${s.seconds.toFixed(2)} s`,
    `  index    ${s.db}`,
    ...(s.note ? [`  note     ${s.note}`] : []),
  ];
  for (const i of s.issues) {
    lines.push(
      `  ${i.count} × ${i.kind}: ${i.examples.join('; ')}${i.count > i.examples.length ? '; …' : ''}`,
    );
  }
  for (const f of s.failed) lines.push(`  FAILED ${f.unit}: ${f.error}`);
  return lines.join('\n');
}

/** Indexes a folder, with a progress bar on a terminal when `progress` is set. */
export function runIndex(
  folder: string,
  dbFile: string,
  o: { format?: string; parseWorker?: string; progress: boolean },
): IndexSummary {
  const bar = progressBar('indexing', o.progress);
  try {
    return indexDataset({
      root: folder,
      dbFile,
      format: parseFormat(o.format),
      parseWorker: o.parseWorker,
      onProgress: (done, total) => bar.update(done, total),
    });
  } finally {
    bar.stop();
  }
}

/**
 * Brings a folder's index up to date before eval or export. Undefined, after naming each unit
 * that failed on stderr, when any did: scoring or exporting a partial dataset would mislead.
 */
export function refreshIndex(
  folder: string,
  dbFile: string,
  o: { format?: string; parseWorker?: string; progress: boolean },
): IndexSummary | undefined {
  const s = runIndex(folder, dbFile, o);
  if (s.failed.length === 0) return s;
  for (const f of s.failed) process.stderr.write(`posescope: ${f.unit}: ${f.error}\n`);
  return undefined;
}

/** `posescope index <folder>`: returns the process exit code (1 when a unit failed to read). */
export function indexCommand(folder: string, o: IndexCliOptions): number {
  const summary = runIndex(folder, o.db ?? defaultDbFor(folder, o), { ...o, progress: !o.json });
  process.stdout.write(
    `${o.json ? JSON.stringify(summary, null, 2) : formatIndexSummary(summary)}\n`,
  );
  return summary.failed.length > 0 ? 1 : 0;
}
