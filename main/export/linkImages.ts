import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { IndexDb } from '../store/openIndex';

/**
 * Puts the exported images beside the exported annotations, at the same relative paths, so the
 * export opens as a whole dataset: a hard link where the file system allows (no copy of the
 * pixels), a copy where it does not (another disk). Missing source images are counted, not
 * fatal: the export says how many.
 */
export function linkImages(
  db: IndexDb,
  ds: { readonly id: number; readonly root: string },
  outDir: string,
  o: { onlyEdited?: boolean } = {},
): { linked: number; copied: number; missing: number } {
  const files = db
    .prepare(
      `SELECT im.file FROM images im WHERE im.dataset_id = ? ${
        o.onlyEdited
          ? 'AND EXISTS (SELECT 1 FROM instances e WHERE e.image_id = im.id AND e.edited != 0)'
          : ''
      }`,
    )
    .pluck()
    .all(ds.id) as string[];
  const out = { linked: 0, copied: 0, missing: 0 };
  for (const file of files) {
    const from = resolve(ds.root, file);
    const to = join(outDir, file);
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
