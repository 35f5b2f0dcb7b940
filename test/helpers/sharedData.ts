import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The read-only sample data lives beside the clone, in ../shared/data (CI puts it there).
 * POSESCOPE_SHARED_DATA overrides the location.
 */
export const sharedDataDir =
  process.env.POSESCOPE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data');

/** Path to a sample, or undefined with the reason a test should print when it skips. */
export function sharedSample(name: string): { dir: string } | { skip: string } {
  const dir = join(sharedDataDir, name);
  return existsSync(dir)
    ? { dir }
    : { skip: `needs the ${name} sample at ${dir} (../shared/data beside the clone)` };
}
