import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MANIFEST } from './exportManifest';

const manifestSchema = z.looseObject({
  dataset: z.string(),
  format: z.string(),
  writtenAt: z.string().optional(),
  files: z.array(z.looseObject({ path: z.string() })),
  people: z.number(),
  images: z
    .looseObject({ linked: z.number().optional(), copied: z.number().optional() })
    .optional(),
});

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * What an export folder already holds, in words, so the user can decide whether to replace it:
 * an earlier export (its dataset, date, files, people and images, from its manifest), an export
 * that never finished, or other files; null when the folder is missing or empty.
 */
export function exportFolderContents(out: string): string | null {
  if (!existsSync(out) || !statSync(out).isDirectory()) return null;
  const entries = readdirSync(out)
    .filter((n) => !n.startsWith('.'))
    .sort();
  if (entries.length === 0) return null;
  let manifest: z.infer<typeof manifestSchema> | undefined;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')));
  } catch {
    manifest = undefined;
  }
  if (manifest) {
    const images = (manifest.images?.linked ?? 0) + (manifest.images?.copied ?? 0);
    return (
      `an export of ${manifest.dataset} (${manifest.format}` +
      `${manifest.writtenAt ? `, written ${manifest.writtenAt.slice(0, 16).replace('T', ' ')}` : ''}): ` +
      `${manifest.files.map((f) => f.path).join(', ')}; ${plural(manifest.people, 'person').replace('persons', 'people')}` +
      `${images > 0 ? `, ${plural(images, 'image')}` : ''}`
    );
  }
  const shown = entries.slice(0, 5).join(', ');
  return `${plural(entries.length, 'file or folder').replace('file or folders', 'files or folders')} that are not a finished PoseScope export (${shown}${entries.length > 5 ? ', …' : ''})`;
}
