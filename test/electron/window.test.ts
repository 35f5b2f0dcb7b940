import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/electron/binary';
import { explainSkip } from '../helpers/skip';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = findElectronBinary();
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const skip = !binary.ok
  ? `Electron-only test: ${binary.reason} (offline install; see README "Desktop window")`
  : needsDisplay
    ? 'Electron-only test: no X display (run under xvfb-run)'
    : undefined;

describe.skipIf(skip !== undefined)('Electron main window', () => {
  let app: ElectronApplication | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('opens one sandboxed, context-isolated window showing PoseScope', async () => {
    if (!binary.ok) return;
    app = await electron.launch({ executablePath: binary.path, args: [root] });
    const win = await app.firstWindow();
    await expect(win.title()).resolves.toBe('PoseScope');
    // No Node in the page: neither require nor process leak into the renderer.
    await expect(
      win.evaluate(() => typeof (window as { require?: unknown }).require),
    ).resolves.toBe('undefined');
    await expect(
      win.evaluate(() => typeof (globalThis as { process?: unknown }).process),
    ).resolves.toBe('undefined');
    // Navigation away from the app is refused.
    await win.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect(win.evaluate(() => window.location.protocol)).resolves.toBe('file:');
  });
});

explainSkip(skip);
