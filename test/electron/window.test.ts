import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/electron/binary';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { explainSkip } from '../helpers/skip';
import { repoRoot, screenshotDir, watchConsole } from '../e2e/serveProcess';

const binary = findElectronBinary();
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const skip = !binary.ok
  ? `skipped: Electron binary not installed (${binary.reason}; offline install, see docs/desktop.md)`
  : needsDisplay
    ? 'skipped: Electron needs a display (run the tests under xvfb-run)'
    : undefined;

/** The browser-mode end-to-end flow, in the desktop window over IPC and the app protocol. */
describe.skipIf(skip !== undefined)('Electron main window', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-electron-'));
  const dataset = join(tmp, 'mupots-fixture');
  let app: ElectronApplication | undefined;
  let win: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!binary.ok) return;
    mkdirSync(screenshotDir, { recursive: true });
    await writeMupotsFixture(dataset);
    app = await electron.launch({
      executablePath: binary.path,
      args: [repoRoot, `--user-data-dir=${join(tmp, 'chromium')}`],
      env: { ...process.env, POSESCOPE_USER_DATA: join(tmp, 'user') },
    });
    win = await app.firstWindow();
    problems = watchConsole(win);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opens one sandboxed, context-isolated window on the app protocol', async () => {
    await expect(win.title()).resolves.toBe('PoseScope');
    await expect(win.evaluate(() => window.location.href)).resolves.toBe(
      'posescope://app/index.html',
    );
    // No Node in the page: neither require nor process leak into the renderer; only the bridge.
    await expect(
      win.evaluate(() => typeof (window as { require?: unknown }).require),
    ).resolves.toBe('undefined');
    await expect(
      win.evaluate(() => typeof (globalThis as { process?: unknown }).process),
    ).resolves.toBe('undefined');
    await expect(
      win.evaluate(() =>
        Object.keys(window.posescope ?? {})
          .sort()
          .join(),
      ),
    ).resolves.toBe('bridge,platform');
  });

  it('refuses navigation away from the app and new windows', async () => {
    await win.evaluate(() => {
      window.location.href = 'https://example.com/';
      window.open('https://example.com/');
    });
    await expect(win.evaluate(() => window.location.protocol)).resolves.toBe('posescope:');
    await expect(
      app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length),
    ).resolves.toBe(1);
  });

  it('opens a dataset, shows the grid, a frame with keypoints, and walks frames by keyboard', async () => {
    await win.getByRole('button', { name: 'Open dataset…' }).click();
    await win.getByLabel('Dataset folder').fill(dataset);
    await win.getByLabel('Dataset folder').press('Enter');
    await win.locator('.frame-card img').nth(2).waitFor();
    await win.locator('.frame-card').first().click();
    await win.locator('.frame-image img').waitFor();
    await expect(win.locator('svg.overlay g.pose[data-source=gt]').count()).resolves.toBe(2);
    await win.keyboard.press('ArrowRight');
    await expect
      .poll(() => win.locator('.frame-details h2').textContent())
      .toBe('MultiPersonTestSet/TS1/img_000001.jpg');
    await win.screenshot({ path: join(screenshotDir, 'electron-frame-inspector.png') });
  });

  it('refuses media outside opened datasets', async () => {
    const status = await win.evaluate(() => fetch('media/99/image/1').then((r) => r.status));
    expect(status).toBe(404);
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

explainSkip(skip);
