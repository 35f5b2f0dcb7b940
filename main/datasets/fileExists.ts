import { readdirSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { IssueLog } from './records';

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

/**
 * Where an annotation's image is: the first of the candidate folders (relative to the dataset
 * root) that holds it. An image none holds is placed in the first folder, flagged missing and
 * reported, so its people are still indexed.
 */
export class ImageLocator {
  private readonly folders: readonly { dir: string; files: FolderListingCache }[];

  constructor(root: string, dirs: readonly string[]) {
    this.folders = dirs.map((dir) => ({ dir, files: new FolderListingCache(join(root, dir)) }));
  }

  locate(fileName: string, issues: IssueLog): { file: string; missing: boolean } {
    // A name that climbs out of its images folder (`../src/payload.jpg`) is never looked up:
    // its person is flagged as a missing image is, and export never reads or links it.
    const n = normalize(fileName);
    if (isAbsolute(fileName) || n === '..' || n.startsWith(`..${sep}`) || n.startsWith('../')) {
      issues.report('image outside the dataset', fileName);
      return { file: fileName, missing: true };
    }
    const hit = this.folders.find((f) => f.files.exists(fileName));
    const file = join((hit ?? this.folders[0]!).dir, fileName);
    if (!hit) issues.report('missing image file', file);
    return { file, missing: !hit };
  }
}
