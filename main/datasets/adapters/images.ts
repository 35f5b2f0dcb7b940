import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DatasetAdapter, IssueLog, Unit } from '../records';

const IMAGE_RE = /\.(jpe?g|png|bmp|webp|tiff?)$/i;

/**
 * A directory entry's name, or undefined when its bytes are not UTF-8: decoded, such a name
 * (`bad\xff\xfename.jpg`) comes back with replacement characters and names no file at all.
 */
function utf8Name(raw: Buffer): string | undefined {
  const name = raw.toString('utf8');
  return Buffer.from(name, 'utf8').equals(raw) ? name : undefined;
}

/** Folders (relative, '' for the root) holding at least one image, hidden folders skipped. */
function imageFolders(root: string, issues?: IssueLog): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })
      .flatMap((e) => {
        const name = utf8Name(e.name);
        if (name === undefined) {
          issues?.report(
            'image not readable',
            `${join(relative(root, dir), e.name.toString('latin1'))}: the name is not UTF-8`,
          );
          return [];
        }
        return [{ name, file: e.isFile(), dir: e.isDirectory() }];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const imgs = entries.filter((e) => e.file && IMAGE_RE.test(e.name)).map((e) => e.name);
    if (imgs.length > 0) out.set(relative(root, dir), imgs);
    for (const e of entries) if (e.dir && !e.name.startsWith('.')) walk(join(dir, e.name));
  };
  walk(root);
  return out;
}

/** A plain folder of images with no annotations (for running models): one unit per folder. */
export const imagesAdapter: DatasetAdapter = {
  format: 'images',
  skeleton: 'coco17',
  needs:
    'image files (.jpg, .jpeg, .png, .bmp, .webp, .tif, .tiff) in the folder or its subfolders',

  listUnits(root, issues) {
    return [...imageFolders(root, issues)].map(([dir, names]): Unit => ({
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
