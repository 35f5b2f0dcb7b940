import envPaths from 'env-paths';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';

/**
 * Where a dataset's index lives unless --db says otherwise: in the user's cache folder, never in
 * the dataset folder (which is often read-only or shared).
 */
export function defaultDbFor(folder: string): string {
  const root = resolve(folder);
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return join(
    envPaths('posescope', { suffix: '' }).cache,
    'indexes',
    `${basename(root)}-${tag}.sqlite`,
  );
}
