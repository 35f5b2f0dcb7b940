import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDbFor } from '../../main/platform/defaultDb';
import { runCli } from '../cli/runCli';
import { explainSkip } from '../helpers/skip';
import { launchChromium } from './browser';
import { sampleDir, sampleSkipReason } from './sampleSession';
import { openPage, screenshotDir, startServe, type ServeProcess } from './serveProcess';

const skip = sampleSkipReason();

/**
 * Two runs on the sample: the imported baseline (primary: files carry no model outputs) and the
 * keypoints-3d pipeline (depth bins and ranking matrices stored). The inspector's panels each
 * pick the run that has their data and name it.
 */
describe.skipIf(skip !== undefined)('browser mode: each inspector panel shows its own run', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-panel-runs-'));
  const dataset = join(tmp, 'sample');
  const userData = join(tmp, 'user');
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    cpSync(sampleDir, dataset, { recursive: true });
    // The index serve will open: its own folder, named as the app names it.
    const db = join(userData, 'indexes', basename(defaultDbFor(dataset)));
    const baseline = join(dataset, 'predictions', 'baseline.json');
    for (const args of [
      ['index', dataset, '--db', db],
      ['eval', dataset, '--pred', baseline, '--db', db],
      ['infer', dataset, '--pipeline', 'keypoints-3d', '--db', db],
    ]) {
      const r = runCli(args);
      if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    }
    server = await startServe(dataset, { userData });
    ({ browser, page, problems } = await openPage(launchChromium, server.url));
    await page.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opens Depth bins on the run that has them, not the primary run, and names it', async () => {
    await expect(
      page.getByLabel('Primary run').locator('option:checked').textContent(),
    ).resolves.toBe('baseline');
    await page.locator('.frame-card').first().click();
    await page.locator('table.people tbody tr').first().click();
    await page.getByRole('tab', { name: 'Depth bins' }).click();
    const picker = page.getByLabel('Run shown in this panel');
    await expect.poll(() => picker.locator('option:checked').textContent()).toBe('keypoints-3d');
    await expect(picker.locator('option').allTextContents()).resolves.toContain(
      'baseline (no depth bins)',
    );
    await expect(page.locator('.panel-body svg').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'panel-run-picker.png') });
    // Picking the baseline says that run has no distribution, by name.
    await picker.selectOption({ label: 'baseline (no depth bins)' });
    await expect(page.locator('.panel-body').textContent()).resolves.toMatch(
      /^baseline has no depth-bin distribution/,
    );
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

explainSkip(skip);
