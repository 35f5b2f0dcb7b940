import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorMessage } from '../../contract';
import { ADAPTERS, detectFormat } from '../datasets/detect';
import type { DatasetFormat, Unit } from '../datasets/records';
import { datasetCounts } from '../store/datasetCounts';
import { openIndex, type IndexDb } from '../store/openIndex';
import { UnitWriter } from '../store/unitWriter';
import { rescoreStaleRuns } from '../eval/scoreRun';
import { noteWriter } from '../store/writerNote';
import { CountingIssueLog, type IssueSummary } from './issueLog';
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

interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
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
  skeleton: string,
): number {
  const row = db.prepare('SELECT id, format FROM datasets WHERE root = ?').get(root) as
    { id: number; format: string } | undefined;
  if (row && row.format !== format) {
    // Re-reading the folder in another layout would drop its runs and edits: refuse instead.
    throw new Error(
      `${dbFile} already indexes ${root} as ${row.format}; index it as ${format} into another file with --db`,
    );
  }
  if (row) return row.id;
  return Number(
    db
      .prepare('INSERT INTO datasets (root, format, skeleton, created_at) VALUES (?, ?, ?, ?)')
      .run(root, format, skeleton, new Date().toISOString()).lastInsertRowid,
  );
}

/**
 * Images in the first committed chunk of a new unit (a screenful of thumbnails and more), then
 * per later chunk: few enough commits that they cost little.
 */
const CHUNKS = { first: 1000, next: 25_000 };

/**
 * Writes a unit that was never indexed, committing every chunk of images so the app can list
 * them while the rest is read. Nothing of the unit was in the index before, so a failure
 * midway loses nothing by dropping the chunks already committed.
 */
function indexNewUnit(
  db: IndexDb,
  read: (writer: UnitWriter) => void,
  finishUnit: (writer: UnitWriter) => void,
  countPeople: () => void,
  o: {
    datasetId: number;
    unit: string;
    chunks: { readonly first: number; readonly next: number };
    onCommitted?: () => void;
    dropUnit: (unit: string) => void;
  },
): void {
  let next = o.chunks.first;
  const writer = new UnitWriter(db, o.datasetId, o.unit, (written) => {
    if (written < next) return;
    next = written + o.chunks.next;
    writer.flush();
    countPeople();
    db.exec('COMMIT');
    o.onCommitted?.();
    db.exec('BEGIN');
  });
  db.exec('BEGIN');
  try {
    read(writer);
    finishUnit(writer);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    o.dropUnit(o.unit);
    throw err;
  }
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
  const db = openIndex(opts.dbFile);
  const release = noteWriter(resolve(opts.dbFile), opts.writer ?? 'posescope index');
  try {
    const id = datasetId(db, opts.dbFile, root, format, adapter.skeleton);
    const known = new Map<string, FileStamp & { unit: string }>();
    // Files each unit was last indexed from, counted once (not re-scanned per unit).
    const knownPerUnit = new Map<string, number>();
    for (const r of db
      .prepare(
        'SELECT path, unit, size, mtime_ms AS mtimeMs FROM source_files WHERE dataset_id = ?',
      )
      .all(id) as (FileStamp & { unit: string })[]) {
      known.set(r.path, r);
      knownPerUnit.set(r.unit, (knownPerUnit.get(r.unit) ?? 0) + 1);
    }
    const issues = new CountingIssueLog();
    const units = adapter.listUnits(root, issues);
    const stamps = new Map(units.map((u) => [u.key, u.files.map((f) => stamp(root, f))]));
    const dirsOf = db.prepare(
      'SELECT path, mtime_ms AS mtimeMs FROM source_dirs WHERE dataset_id = ? AND unit = ?',
    );
    /** An image folder of the unit gained or lost a file (or went) since it was read. */
    const foldersChanged = (unit: string) =>
      (dirsOf.all(id, unit) as { path: string; mtimeMs: number }[]).some(
        (d) => folderTime(join(root, d.path)) !== d.mtimeMs,
      );
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
    const saveDir = db.prepare(
      'INSERT OR REPLACE INTO source_dirs (dataset_id, unit, path, mtime_ms) VALUES (?, ?, ?, ?)',
    );
    const saveStamps = db.prepare(
      'INSERT OR REPLACE INTO source_files (dataset_id, path, unit, size, mtime_ms) VALUES (?, ?, ?, ?, ?)',
    );
    // People per image, kept beside the image so the frame list filters and sorts on it alone.
    // Every image of the unit, so one whose last person went away on re-index drops to zero.
    const countPeople = db.prepare(
      `UPDATE images SET people = (
         SELECT count(*) FROM instances i WHERE i.image_id = images.id AND i.removed = 0)
       WHERE dataset_id = ? AND unit = ?`,
    );
    const dropUnit = db.transaction((unit: string) => {
      db.prepare('DELETE FROM images WHERE dataset_id = ? AND unit = ?').run(id, unit);
      db.prepare('DELETE FROM cameras WHERE dataset_id = ? AND unit = ?').run(id, unit);
      db.prepare('DELETE FROM file_values WHERE dataset_id = ? AND unit = ?').run(id, unit);
      db.prepare('DELETE FROM source_files WHERE dataset_id = ? AND unit = ?').run(id, unit);
      db.prepare('DELETE FROM source_dirs WHERE dataset_id = ? AND unit = ?').run(id, unit);
    });
    for (const u of goneUnits) dropUnit(u);

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
          countPeople.run(id, unit.key);
          db.prepare('DELETE FROM source_files WHERE dataset_id = ? AND unit = ?').run(
            id,
            unit.key,
          );
          for (const f of stamps.get(unit.key)!)
            saveStamps.run(id, f.path, unit.key, f.size, f.mtimeMs);
          db.prepare('DELETE FROM source_dirs WHERE dataset_id = ? AND unit = ?').run(id, unit.key);
          for (const dir of writer.imageDirs)
            saveDir.run(id, unit.key, dir, folderTime(join(root, dir)));
        };
        const read = (writer: UnitWriter) => {
          if (pipeline) pipeline.read(unit, writer, ctx);
          else adapter.readUnit(root, unit, writer, ctx);
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
            indexNewUnit(db, read, finishUnit, () => countPeople.run(id, unit.key), {
              datasetId: id,
              unit: unit.key,
              chunks: opts.chunks ?? CHUNKS,
              onCommitted: opts.onCommitted,
              dropUnit,
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
    db.prepare('UPDATE datasets SET indexed_at = ? WHERE id = ?').run(new Date().toISOString(), id);
    rescoreStaleRuns(db, { id, format, skeleton: adapter.skeleton });
    opts.onProgress?.(total, total);

    return {
      dataset: root,
      db: resolve(opts.dbFile),
      format,
      skeleton: adapter.skeleton,
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
