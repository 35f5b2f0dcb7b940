import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

export type IndexDb = Database.Database;

export class IndexVersionError extends Error {
  constructor(file: string, found: number) {
    super(
      `${file} is a PoseScope index of schema version ${found}, newer than this PoseScope reads ` +
        `(up to ${SCHEMA_VERSION}): update PoseScope, or delete the file to re-index with this version`,
    );
    this.name = 'IndexVersionError';
  }
}

/** Schema version of an open database; 0 for a new, empty file. */
export function schemaVersion(db: IndexDb): number {
  const table = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT version FROM schema_version').get() as
    { version: number } | undefined;
  return row?.version ?? 0;
}

/** Applies every migration above the database's version, each in its own transaction. */
export function migrate(
  db: IndexDb,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const current = schemaVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) throw new IndexVersionError(file, current);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      db.exec('DELETE FROM schema_version');
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
    })();
  }
}

export interface OpenOptions {
  readonly readonly?: boolean;
  /** Migrations to apply (tests pass older lists to build old databases). */
  readonly migrations?: readonly Migration[];
  /** A writer of many multi-row inserts (the indexer): statement journals kept in memory. */
  readonly bulk?: boolean;
}

/**
 * Opens (creating if needed) an index database: WAL so readers never block the one writer,
 * foreign keys on, and the schema brought up to date. A database from a newer PoseScope is
 * refused rather than touched.
 */
export function openIndex(file: string, opts: OpenOptions = {}): IndexDb {
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
  });
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (opts.readonly) {
      const v = schemaVersion(db);
      if (v > SCHEMA_VERSION) throw new IndexVersionError(file, v);
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // 256 MiB of page cache: indexing writes hundreds of MB in one transaction per unit, and a
    // small cache spills pages to the WAL mid-transaction only to rewrite them.
    db.pragma('cache_size = -262144');
    // A bulk writer keeps temporary files in memory. A multi-row INSERT inside a transaction
    // keeps a statement journal (so a failing row undoes its statement alone), which SQLite
    // spills past 64 KiB to a temporary file: indexing 200,000 people wrote 1.3 GB there in
    // 560,000 pwrite calls, a sixth of the indexing time. Not for every writer: scoring builds
    // its figure indexes by sorting, and those sorts' spills would then stay in memory too
    // (+110 MB of peak RSS at 1,000,000 people, for no time saved).
    if (opts.bulk) db.pragma('temp_store = MEMORY');
    migrate(db, file, opts.migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
