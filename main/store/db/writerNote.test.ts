import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openIndex } from './openIndex';
import { explainBusy, noteWriter } from './writerNote';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A write on a second connection while the first holds the lock: SQLite's own error. */
function busyError(file: string): unknown {
  const other = new Database(file);
  other.pragma('busy_timeout = 50');
  try {
    other.exec("UPDATE datasets SET indexed_at = 'now'");
    return undefined;
  } catch (err) {
    return err;
  } finally {
    other.close();
  }
}

describe('a write refused by another process’s lock', () => {
  it('says which index, who holds it and what to do, instead of "database is locked"', () => {
    const file = join(tmp, 'index.sqlite');
    const holder = openIndex(file);
    const release = noteWriter(file, 'posescope index');
    holder.exec('BEGIN IMMEDIATE');
    try {
      const raw = busyError(file);
      expect((raw as { code: string }).code).toBe('SQLITE_BUSY');
      const said = explainBusy(raw, file) as Error;
      expect(said.message).toBe(
        `the index ${file} is being written by posescope index (pid ${process.pid}, since ${said.message.match(/since ([^)]+)\)/)![1]}); this change was not saved — try again when it finishes`,
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      release();
    }
    expect(existsSync(`${file}.writer`)).toBe(false);
  });

  it('names no holder it cannot know, and leaves other errors alone', () => {
    const file = join(tmp, 'plain.sqlite');
    const holder = openIndex(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect((explainBusy(busyError(file), file) as Error).message).toMatch(
        /is being written by another process; this change was not saved/,
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const other = new Error('disk full');
    expect(explainBusy(other, file)).toBe(other);
  });
});
