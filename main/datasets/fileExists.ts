import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Existence checks for many files in few folders: each folder is listed once, so checking a
 * million frames costs one readdir per sequence folder instead of a million stat calls.
 */
export class FolderListingCache {
  private readonly listings = new Map<string, Set<string> | null>();

  constructor(private readonly root: string) {}

  exists(relPath: string): boolean {
    const dir = dirname(join(this.root, relPath));
    let names = this.listings.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = null;
      }
      this.listings.set(dir, names);
    }
    return names !== null && names.has(basename(relPath));
  }
}
