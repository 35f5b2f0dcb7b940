import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Existence checks for many files in few folders: each folder is listed once, so checking a
 * million frames costs one readdir per sequence folder instead of a million stat calls.
 * Listings are keyed by the path's folder part as written: path.join per file cost more than
 * the lookup itself.
 */
export class FolderListingCache {
  private readonly listings = new Map<string, Set<string> | null>();

  constructor(private readonly root: string) {}

  exists(relPath: string): boolean {
    const cut = Math.max(relPath.lastIndexOf('/'), relPath.lastIndexOf('\\'));
    const dir = cut < 0 ? '' : relPath.slice(0, cut);
    let names = this.listings.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(join(this.root, dir)));
      } catch {
        names = null;
      }
      this.listings.set(dir, names);
    }
    return names !== null && names.has(relPath.slice(cut + 1));
  }
}
