import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getSkeleton, type Skeleton } from '../../core';
import { errorMessage } from '../../contract';
import { ADAPTERS, ANNOTATION_EXTENSIONS, detectFormat } from '../datasets/detect';
import type { DatasetFormat, Unit } from '../datasets/records';
import { residualSink } from '../datasets/residual/residualSink';
import { datasetCounts } from '../store/datasets/datasetCounts';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { datasetByRoot, insertDataset } from '../store/datasets/datasets';
import { CHUNKS, indexNewUnit } from '../store/datasets/newUnit';
import { unitFiles, type FileStamp } from '../store/datasets/unitFiles';
import { UnitWriter } from '../store/datasets/unitWriter';
import { rescoreStaleRuns } from '../eval/scoreRun';
import { noteWriter } from '../store/db/writerNote';
import { CountingIssueLog, type IssueSummary } from '../datasets/issueLog';
import { ParsePipeline } from './parsePipeline';

export interface IndexOptions {
  readonly root: string;
  readonly dbFile: string;
  readonly format?: DatasetFormat;
  /** Called with bytes done and bytes to do across the units being (re-)indexed. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The bundled parse worker (dist/parseWorker.mjs): when given, each unit is parsed on a worker
   * thread while this one writes. Without it (tests running from source) parsing is inline.
   */
  readonly parseWorker?: string;
  /**
   * Called when part of the dataset is committed and readable while more is still to come (a
   * unit, or a chunk of a large new unit): the app can show frames before indexing ends.
   */
  readonly onCommitted?: () => void;
  /** Images per committed chunk of a new unit: the first, then each later one. */
  readonly chunks?: { readonly first: number; readonly next: number };
  /** Who is writing, for another process refused by the lock meanwhile ("posescope index"). */
  readonly writer?: string;
}

export interface IndexSummary {
  readonly dataset: string;
  readonly db: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
  /**
   * How the layout was chosen, when that needs saying (a bare image folder by fallback), or what
   * the format's files cannot give (MPII's head boxes).
   */
  readonly note: string | null;
  readonly images: number;
  readonly people: number;
  readonly cameras: number;
  readonly flagged: number;
  readonly missingImages: number;
  readonly units: {
    readonly indexed: number;
    readonly unchanged: number;
    readonly removed: number;
  };
  readonly failed: readonly { readonly unit: string; readonly error: string }[];
  readonly issues: readonly IssueSummary[];
  readonly seconds: number;
}

const stamp = (root: string, path: string): FileStamp => {
  const s = statSync(join(root, path));
  return { path, size: s.size, mtimeMs: Math.floor(s.mtimeMs) };
};

function datasetId(
  db: IndexDb,
  dbFile: string,
  root: string,
  format: DatasetFormat,
  skeleton: Skeleton,
): number {
  const row = datasetByRoot(db, root);
  if (row && row.format !== format) {
    // Re-reading the folder in another layout would drop its runs and edits: refuse instead.
    throw new Error(
      `${dbFile} already indexes ${root} as ${row.format}; index it as ${format} into another file with --db`,
    );
  }
  if (row && row.skeleton !== skeleton.id) {
    throw new Error(
      `${dbFile} already indexes ${root} with the ${row.skeleton} skeleton but its files now hold ${skeleton.id} (${skeleton.label}); index it into another file with --db`,
    );
  }
  if (row) return row.id;
  return insertDataset(db, {
    root,
    format,
    skeleton: skeleton.id,
    skeletonSpec: skeleton.fromFile ?? null,
  });
}

/** What a file-defined skeleton is, said once with the summary. */
function fileSkeletonNote(s: Skeleton): string {
  const own = s.joints.filter((j) => j.key.startsWith('file_')).length;
  return (
    `no built-in layout has these ${s.joints.length} joints: using the skeleton the file defines ` +
    `(${s.id}, ${s.bones.length} bones${s.bones.length === 0 ? ': its category has no skeleton, joints drawn unlinked' : ''}); ` +
    `${s.joints.length - own} joints map onto known anatomy, ${own} ${own === 1 ? 'is' : 'are'} its own (models predict none of them)`
  );
}

/** A folder's modification time (ms), or −1 when it is gone. */
function folderTime(dir: string): number {
  try {
    return Math.trunc(statSync(dir).mtimeMs);
  } catch {
    return -1;
  }
}

/**
 * Indexes a dataset folder into the SQLite index, re-reading only units whose files changed
 * (size or modification time), and removing units whose files are gone. A re-read unit is one
 * transaction: a malformed file fails its unit alone, leaves what was indexed before intact,
 * and is reported with its file and position. A new unit is committed in chunks, readable
 * as they land, and removed whole if it fails.
 */
export function indexDataset(opts: IndexOptions): IndexSummary {
  const started = performance.now();
  const root = resolve(opts.root);
  if (!existsSync(root)) throw new Error(`${root} does not exist`);
  const format = opts.format ?? detectFormat(root);
  const adapter = ADAPTERS[format];
  const issues = new CountingIssueLog();
  const units = adapter.listUnits(root, issues);
  const layout = adapter.skeletonOf?.(root, units) ?? getSkeleton(adapter.skeleton);
  const skeleton = layout.id;
  // detectFormat falls back to image folders only where no annotation-like file lies.
  const notes = [
    !opts.format && format === 'images'
      ? `no annotation file (${ANNOTATION_EXTENSIONS.join(', ')}) in the folder or annotations/: indexed as a bare image folder, with no people`
      : (adapter.note?.(root, units) ?? null),
    layout.fromFile ? fileSkeletonNote(layout) : null,
  ].filter((n) => n !== null);
  const note = notes.length > 0 ? notes.join('; ') : null;
  const db = openIndex(opts.dbFile, { bulk: true });
  const release = noteWriter(resolve(opts.dbFile), opts.writer ?? 'posescope index');
  try {
    // A folder without the format's files (--format coco on a MuPoTS folder) is refused, not
    // indexed as empty; one indexed before may lose its files (its units are removed).
    if (units.length === 0 && !datasetByRoot(db, root)) {
      throw new Error(
        `${root} holds nothing to index as ${format}: ${format} needs ${adapter.needs ?? 'its annotation files'}`,
      );
    }
    const id = datasetId(db, opts.dbFile, root, format, layout);
    const known = new Map<string, FileStamp & { unit: string }>();
    // Files each unit was last indexed from, counted once (not re-scanned per unit).
    const knownPerUnit = new Map<string, number>();
    const sources = unitFiles(db, id);
    for (const r of sources.knownFiles()) {
      known.set(r.path, r);
      knownPerUnit.set(r.unit, (knownPerUnit.get(r.unit) ?? 0) + 1);
    }
    const stamps = new Map(units.map((u) => [u.key, u.files.map((f) => stamp(root, f))]));
    /** An image folder of the unit gained or lost a file (or went) since it was read. */
    const foldersChanged = (unit: string) =>
      sources.foldersOf(unit).some((d) => folderTime(join(root, d.path)) !== d.mtimeMs);
    const changed = (u: Unit) => {
      const files = stamps.get(u.key)!;
      return (
        (knownPerUnit.get(u.key) ?? 0) !== files.length ||
        files.some((f) => {
          const k = known.get(f.path);
          return !k || k.unit !== u.key || k.size !== f.size || k.mtimeMs !== f.mtimeMs;
        }) ||
        foldersChanged(u.key)
      );
    };
    const todo = units.filter(changed);
    const liveUnits = new Set(units.map((u) => u.key));
    const goneUnits = [...knownPerUnit.keys()].filter((u) => !liveUnits.has(u));

    const total = todo.reduce((n, u) => n + stamps.get(u.key)!.reduce((m, f) => m + f.size, 0), 0);
    let done = 0;
    const failed: { unit: string; error: string }[] = [];
    for (const u of goneUnits) sources.dropUnit(u);

    const pipeline =
      opts.parseWorker && todo.length > 0
        ? new ParsePipeline(opts.parseWorker, root, format, todo)
        : undefined;
    try {
      for (const [k, unit] of todo.entries()) {
        const ctx = {
          issues,
          onBytes: (n: number) => {
            done += n;
            opts.onProgress?.(Math.min(done, total), total);
          },
        };
        const finishUnit = (writer: UnitWriter) => {
          writer.finish();
          writer.countPeople();
          sources.saveSources(
            unit.key,
            stamps.get(unit.key)!,
            [...writer.imageDirs].map((dir) => ({
              path: dir,
              mtimeMs: folderTime(join(root, dir)),
            })),
          );
        };
        const read = (writer: UnitWriter) => {
          if (pipeline) pipeline.read(unit, writer, ctx);
          else adapter.readUnit(root, unit, residualSink(format, writer), ctx);
        };
        try {
          if (knownPerUnit.has(unit.key)) {
            // A unit indexed before is replaced in one transaction: if the new files fail to
            // read, what was indexed from the old ones stays.
            const writer = new UnitWriter(db, id, unit.key);
            db.transaction(() => {
              read(writer);
              finishUnit(writer);
            })();
          } else {
            indexNewUnit(db, read, finishUnit, {
              datasetId: id,
              unit: unit.key,
              chunks: opts.chunks ?? CHUNKS,
              onCommitted: opts.onCommitted,
              dropUnit: sources.dropUnit,
            });
          }
          if (k < todo.length - 1) opts.onCommitted?.();
        } catch (err) {
          failed.push({ unit: unit.key, error: errorMessage(err) });
        }
      }
    } finally {
      pipeline?.close();
    }
    sources.markIndexed();
    rescoreStaleRuns(db, { id, format, skeleton });
    opts.onProgress?.(total, total);

    return {
      dataset: root,
      db: resolve(opts.dbFile),
      format,
      skeleton,
      note,
      ...datasetCounts(db, id),
      units: {
        indexed: todo.length - failed.length,
        unchanged: units.length - todo.length,
        removed: goneUnits.length,
      },
      failed,
      issues: issues.summary(),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db.close();
    release();
  }
}
