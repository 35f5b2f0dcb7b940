import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IndexDb } from '../store/db/openIndex';
import { imageFiles } from '../store/labels/exportRows';
import { pathWithin } from '../platform/atomicFile';

/**
 * Puts the exported images beside the exported annotations, at the same relative paths, so the
 * export opens as a whole dataset: a hard link where the file system allows (no copy of the
 * pixels), a copy where it does not (another disk). Missing source images are counted, not
 * fatal: the export says how many. A file name that would read outside the dataset or write
 * outside `outDir` is neither: it is counted as `outside`.
 */
export function linkImages(
  db: IndexDb,
  ds: { readonly id: number; readonly root: string },
  outDir: string,
  o: { onlyEdited?: boolean } = {},
): { linked: number; copied: number; missing: number; outside: number } {
  const files = imageFiles(db, ds.id, o.onlyEdited);
  const out = { linked: 0, copied: 0, missing: 0, outside: 0 };
  for (const file of files) {
    let from: string;
    let to: string;
    try {
      from = pathWithin(ds.root, file);
      to = pathWithin(outDir, file);
    } catch {
      out.outside++;
      continue;
    }
    if (!existsSync(from)) {
      out.missing++;
      continue;
    }
    if (existsSync(to)) continue;
    mkdirSync(dirname(to), { recursive: true });
    try {
      linkSync(from, to);
      out.linked++;
    } catch {
      copyFileSync(from, to);
      out.copied++;
    }
  }
  return out;
}
