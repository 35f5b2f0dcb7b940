import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../platform/atomicFile';

/** Written last into an export folder: its presence says the export finished. */
export const MANIFEST = 'posescope-export.json';

export interface ExportManifest {
  readonly dataset: string;
  readonly format: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly images?: Readonly<Record<string, number>>;
  readonly people: number;
}

/**
 * Before an export writes anything: the manifest of an earlier export into the same folder goes
 * first, so a reader never takes a half-written export for the earlier, complete one.
 */
export function startExport(out: string): void {
  rmSync(join(out, MANIFEST), { force: true });
}

/**
 * After every file of an export is in place: the manifest naming them (sizes included), written
 * atomically. A folder without one holds an export that did not finish.
 */
export function finishExport(out: string, m: ExportManifest): void {
  const text = `${JSON.stringify({ complete: true, writtenAt: new Date().toISOString(), ...m }, null, 2)}\n`;
  writeAtomically(join(out, MANIFEST), (f) => f.write(text));
}
