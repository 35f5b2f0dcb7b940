import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { RecentDataset } from '../../contract';
import { userSettingsFile } from '../platform/userDataDir';

const MAX_RECENT = 12;

const settingsSchema = z.object({
  recent: z
    .array(
      z.object({
        path: z.string(),
        name: z.string(),
        format: z.string().nullable(),
        openedAt: z.string(),
      }),
    )
    .default([]),
  /** Who the edit log names for corrections made here (default: the OS user). */
  annotator: z.string().min(1).optional(),
  /** The folder the last export was written into (the next one is suggested beside it). */
  lastExport: z.string().min(1).optional(),
  /**
   * Inference servers and their credentials (remote/remoteSettings.ts). Kept as written and
   * validated where it is used, so a mistake there is reported by name instead of setting the
   * whole file aside.
   */
  remote: z.unknown().optional(),
});
type Settings = z.infer<typeof settingsSchema>;

/**
 * The user's settings file (recent datasets). A file that cannot be read or fails validation is
 * set aside as `settings.json.bad` with a warning rather than silently overwritten.
 */
export class SettingsStore {
  private settings: Settings;
  readonly file: string;

  constructor(userDir: string, warn: (message: string) => void = () => {}) {
    this.file = userSettingsFile(userDir);
    this.settings = { recent: [] };
    let text: string | undefined;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    try {
      this.settings = settingsSchema.parse(JSON.parse(text));
    } catch (err) {
      const reason = err instanceof z.ZodError ? 'its values are not valid' : String(err);
      renameSync(this.file, `${this.file}.bad`);
      warn(`${this.file}: ${reason}; set aside as settings.json.bad and started afresh`);
    }
  }

  recent(): RecentDataset[] {
    return this.settings.recent;
  }

  addRecent(path: string, format: string | null): void {
    const rest = this.settings.recent.filter((r) => r.path !== path);
    const entry = { path, name: basename(path), format, openedAt: new Date().toISOString() };
    this.settings = { ...this.settings, recent: [entry, ...rest].slice(0, MAX_RECENT) };
    this.save();
  }

  /** The name corrections are logged under. */
  annotator(): string {
    if (this.settings.annotator) return this.settings.annotator;
    try {
      return userInfo().username || 'unknown';
    } catch {
      return 'unknown';
    }
  }

  setAnnotator(name: string): void {
    this.settings = { ...this.settings, annotator: name };
    this.save();
  }

  lastExport(): string | null {
    return this.settings.lastExport ?? null;
  }

  setLastExport(folder: string): void {
    this.settings = { ...this.settings, lastExport: folder };
    this.save();
  }

  /** Records the format a recent folder turned out to have, without changing the order. */
  setFormat(path: string, format: string): void {
    this.settings = {
      ...this.settings,
      recent: this.settings.recent.map((r) => (r.path === path ? { ...r, format } : r)),
    };
    this.save();
  }

  /**
   * The `remote` section as the file holds it now: the app never edits it, the user does (by
   * hand, while the app runs), so a save must not put back the copy read at start.
   */
  private remoteOnDisk(): unknown {
    try {
      return (JSON.parse(readFileSync(this.file, 'utf8')) as { remote?: unknown }).remote;
    } catch {
      return this.settings.remote;
    }
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    // JSON leaves out a `remote` the file does not hold (undefined).
    const out = { ...this.settings, remote: this.remoteOnDisk() };
    // Owner-only: the file may hold inference servers' tokens.
    writeFileSync(tmp, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
