import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * A file written in pieces to a temporary name beside its target and renamed over it at
 * `commit`: readers see the old file or the whole new one, never half of it, and a failed
 * export leaves whatever was there before.
 */
export class AtomicFile {
  private readonly temp: string;
  private fd: number;
  private pending: string[] = [];
  private pendingLength = 0;
  bytes = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    removeStaleTemporaries(path);
    this.temp = join(dirname(path), `.${basename(path)}.posescope-${process.pid}.tmp`);
    this.fd = openSync(this.temp, 'w');
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength > 1 << 20) this.drain();
  }

  /** On disk before it takes the target's name, and the rename on disk before returning. */
  commit(): void {
    this.drain();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.temp, this.path);
    syncDirectory(dirname(this.path));
  }

  /** Drops the temporary file; the target is untouched. Safe after commit. */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.temp, { force: true });
  }

  private drain(): void {
    if (this.pending.length === 0) return;
    const buf = Buffer.from(this.pending.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** Flushes a folder's entries (a rename) to disk; where folders cannot be opened, nothing. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a folder; its renames are durable on their own.
  } finally {
    closeSync(fd);
  }
}

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Temporaries of `path` that an export killed mid-write left (`.name.posescope-PID.tmp` of a
 * process no longer running), removed before the next write of the same file.
 */
function removeStaleTemporaries(path: string): void {
  const prefix = `.${basename(path)}.posescope-`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (Number.isInteger(pid) && !alive(pid)) rmSync(join(dirname(path), name), { force: true });
  }
}

/** Writes one file atomically with `fill`, removing the temporary file if `fill` throws. */
export function writeAtomically(path: string, fill: (out: AtomicFile) => void): number {
  const out = new AtomicFile(path);
  try {
    fill(out);
    out.commit();
    return out.bytes;
  } catch (err) {
    out.abort();
    throw err;
  }
}

/** Whether `path` is `dir` or lies under it: exports refuse to write into the dataset's folder. */
export function isInside(dir: string, path: string): boolean {
  const r = relative(resolve(dir), resolve(path));
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/**
 * `rel` resolved inside `dir`, or an error naming both: the one guard for every path an export
 * writes and every dataset path it reads, so a `../` in an annotation's file name never reaches
 * beside the output folder or outside the dataset.
 */
export function pathWithin(dir: string, rel: string): string {
  const path = resolve(dir, rel);
  if (rel.includes('\0') || isAbsolute(rel) || !isInside(dir, path) || path === resolve(dir))
    throw new Error(`refused ${JSON.stringify(rel)}: it resolves outside ${resolve(dir)}`);
  return path;
}
