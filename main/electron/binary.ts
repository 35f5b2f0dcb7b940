import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Where the Electron binary is, if it was downloaded. This reads the electron package's
 * path.txt itself: `require('electron')` would start a download when the binary is missing.
 */
export function findElectronBinary(): ElectronBinary {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { ok: false, reason: 'the Electron binary was not downloaded (no electron/path.txt)' };
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const path = join(distDir, readFileSync(pathFile, 'utf8').trim());
  return existsSync(path)
    ? { ok: true, path }
    : { ok: false, reason: `the Electron binary is missing at ${path}` };
}
