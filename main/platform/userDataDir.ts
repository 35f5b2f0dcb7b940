import envPaths from 'env-paths';
import { join, resolve } from 'node:path';

/**
 * The app's settings folder: `--user-data`, else POSESCOPE_USER_DATA, else the user's config
 * folder. The CLI and the app resolve it the same way, so what one saves there (a model, a
 * server's credentials) the other finds.
 */
export function userDataDir(userData?: string): string {
  return resolve(
    userData || process.env.POSESCOPE_USER_DATA || envPaths('posescope', { suffix: '' }).config,
  );
}

/** The settings file in that folder (services/settings.ts reads and writes it). */
export const userSettingsFile = (userData?: string): string =>
  join(userDataDir(userData), 'settings.json');
