import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Beside an index while a long write runs: who holds its write lock. */
const noteOf = (dbFile: string) => `${dbFile}.writer`;

interface WriterNote {
  readonly pid: number;
  readonly what: string;
  readonly since: string;
}

/**
 * Notes, beside the index, that this process is about to hold its write lock for a while
 * (`what`: "posescope index" …), so another process refused by the lock can say who holds it.
 * Returns the release, which removes the note if it is still this process's.
 */
export function noteWriter(dbFile: string, what: string): () => void {
  const note: WriterNote = { pid: process.pid, what, since: new Date().toISOString() };
  try {
    writeFileSync(noteOf(dbFile), JSON.stringify(note));
  } catch {
    return () => undefined; // a read-only folder: the lock still works, only unexplained
  }
  return () => {
    try {
      const now = JSON.parse(readFileSync(noteOf(dbFile), 'utf8')) as WriterNote;
      if (now.pid === process.pid) rmSync(noteOf(dbFile), { force: true });
    } catch {
      // gone already
    }
  };
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * SQLite's "database is locked" as a sentence a user can act on: which index, who holds it
 * (from the note, when its process still runs) and what to do. Other errors pass unchanged.
 */
export function explainBusy(err: unknown, dbFile: string): unknown {
  if ((err as { code?: string } | null)?.code !== 'SQLITE_BUSY') return err;
  let holder = 'another process';
  try {
    const n = JSON.parse(readFileSync(noteOf(dbFile), 'utf8')) as WriterNote;
    if (running(n.pid)) holder = `${n.what} (pid ${n.pid}, since ${n.since})`;
  } catch {
    // no note: someone who left none
  }
  return new Error(
    `the index ${dbFile} is being written by ${holder}; this change was not saved — try again when it finishes`,
  );
}
