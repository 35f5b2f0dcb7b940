import envPaths from 'env-paths';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';

/**
 * Where indexes are kept. `indexDir` names the folder itself (tests); `userData` is the app's
 * `--user-data` folder, whose `indexes/` holds them. Neither given, POSESCOPE_USER_DATA stands in
 * for `userData`, as it does for the app.
 */
export interface IndexHome {
  readonly indexDir?: string | undefined;
  readonly userData?: string | undefined;
}

/**
 * The folder a dataset's index goes in by default: never the dataset folder (often read-only or
 * shared), and the same folder for the CLI and the app given the same user-data folder, so a run
 * made in a terminal is one the app shows.
 */
export function indexDirFor(home: IndexHome = {}): string {
  if (home.indexDir) return resolve(home.indexDir);
  const userData = home.userData ?? process.env.POSESCOPE_USER_DATA;
  return userData ? join(resolve(userData), 'indexes') : cacheIndexDir();
}

/** Where indexes go when no user-data folder is named: the user's cache folder. */
export function cacheIndexDir(): string {
  return join(envPaths('posescope', { suffix: '' }).cache, 'indexes');
}

/** Where a dataset's index lives unless --db says otherwise. */
export function defaultDbFor(folder: string, home: IndexHome = {}): string {
  const root = resolve(folder);
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return join(indexDirFor(home), `${basename(root)}-${tag}.sqlite`);
}
