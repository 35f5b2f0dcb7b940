import envPaths from 'env-paths';
import { join, resolve } from 'node:path';

/**
 * The user's model folder, where "Add model…" and `posescope models add` save cards: `models/`
 * in the same settings folder the app uses (`--user-data`, else POSESCOPE_USER_DATA, else the
 * user's config folder), so a model added in a terminal is one the app lists, and the reverse.
 * Never the app's own `models/`, which an update replaces and an install may not let us write.
 */
export function userModelFolder(userData?: string): string {
  const dir =
    userData || process.env.POSESCOPE_USER_DATA || envPaths('posescope', { suffix: '' }).config;
  return join(resolve(dir), 'models');
}
