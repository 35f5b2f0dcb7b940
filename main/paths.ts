import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app root (the folder holding package.json), from the URL of the running CLI module:
 * the bundle sits at dist/cli.mjs, the source (run through tsx) at main/cli/index.ts.
 */
export function appRootFrom(moduleUrl: string): string {
  const here = dirname(fileURLToPath(moduleUrl));
  return here.endsWith(join('main', 'cli')) ? resolve(here, '..', '..') : resolve(here, '..');
}

export const rendererDirOf = (appRoot: string): string => join(appRoot, 'dist', 'renderer');

/** The bundled parse worker; undefined when running from source without a build. */
export function parseWorkerOf(appRoot: string): string | undefined {
  const file = join(appRoot, 'dist', 'parseWorker.mjs');
  return existsSync(file) ? file : undefined;
}

/** The bundled inference worker; undefined when running from source (inference runs inline). */
export function inferWorkerOf(appRoot: string): string | undefined {
  const file = join(appRoot, 'dist', 'inferWorker.mjs');
  return existsSync(file) ? file : undefined;
}
