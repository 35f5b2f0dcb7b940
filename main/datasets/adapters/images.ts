import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DatasetAdapter, Unit } from '../records';

const IMAGE_RE = /\.(jpe?g|png|bmp|webp|tiff?)$/i;

/** Folders (relative, '' for the root) holding at least one image, hidden folders skipped. */
function imageFolders(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const imgs = entries.filter((e) => e.isFile() && IMAGE_RE.test(e.name)).map((e) => e.name);
    if (imgs.length > 0) out.set(relative(root, dir), imgs);
    for (const e of entries)
      if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name));
  };
  walk(root);
  return out;
}

/** A plain folder of images with no annotations (for running models): one unit per folder. */
export const imagesAdapter: DatasetAdapter = {
  format: 'images',
  skeleton: 'coco17',

  listUnits(root) {
    return [...imageFolders(root)].map(([dir, names]): Unit => ({
      key: dir || '.',
      files: names.map((n) => join(dir, n)),
    }));
  },

  readUnit(_root, unit, sink) {
    for (const file of unit.files) {
      sink.image({
        sourceId: file,
        file,
        sequence: unit.key === '.' ? undefined : unit.key,
        raw: null,
      });
    }
  },
};
