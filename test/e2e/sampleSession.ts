import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { e2eSkipReason, launchChromium } from './browser';
import { openPage, repoRoot, startServe, type ServeProcess } from './serveProcess';

/** The bundled sample dataset the e2e suites start from. */
export const sampleDir = join(repoRoot, 'assets', 'sample');

/** Why a suite on the bundled sample cannot run here, or undefined when it can. */
export const sampleSkipReason = (): string | undefined =>
  e2eSkipReason() ??
  (existsSync(join(sampleDir, 'MuPoTS-3D.json'))
    ? undefined
    : `needs the bundled sample at ${sampleDir} (npm run sample)`);

/** Exports the open dataset through the Export dialog into `out`; returns the result line. */
export async function exportThroughDialog(page: Page, out: string): Promise<string> {
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByLabel('Export folder').fill(out);
  await page
    .getByRole('dialog', { name: 'Export' })
    .getByRole('button', { name: 'Export' })
    .click();
  const result = page.locator('.export-result');
  await result.waitFor({ timeout: 20_000 });
  return (await result.textContent()) ?? '';
}

/**
 * The bundled sample as the take and views suites start from it: the baseline run imported and
 * primary, the grid in file order, and the frame `file` (as "TS1/img_000023") open in the
 * inspector.
 */
export async function openSampleFrame(
  page: Page,
  server: Pick<ServeProcess, 'call'>,
  dataset: string,
  file: string,
): Promise<void> {
  await page.locator('.frame-card').first().waitFor({ timeout: 30_000 });
  await server.call('importPredictions', {
    datasetId: 1,
    file: join(dataset, 'predictions', 'baseline.json'),
  });
  await page.getByLabel('Primary run').locator('option', { hasText: 'baseline' }).waitFor({
    state: 'attached',
  });
  await page.getByLabel('Primary run').selectOption({ label: 'baseline' });
  await page.getByLabel('Sort frames by').selectOption('file');
  await page.getByLabel('Find image').fill(file);
  await page.locator('.frame-card').nth(1).waitFor({ state: 'detached' });
  await page.locator('.frame-card', { hasText: file }).click();
  await page.getByRole('region', { name: 'Take timeline' }).waitFor();
  // Keys go to the page, not to the Find box typed into.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** A browser on `posescope serve` of a copy of the bundled sample, for one suite. */
export interface SampleSession {
  /** The suite's temporary folder; the sample's copy is `dataset` inside it. */
  readonly tmp: string;
  readonly dataset: string;
  server: ServeProcess;
  browser: Browser;
  page: Page;
  /** Console errors and warnings the page logged. */
  problems: string[];
}

/**
 * Registers the suite's set-up and tear-down (call it inside `describe`): copies the sample,
 * serves it with a fresh settings folder, opens a page on it, then runs `ready` (opening a frame,
 * say). The fields are filled once the suite's `beforeAll` has run.
 */
export function sampleSession(
  name: string,
  ready?: (s: SampleSession) => Promise<void>,
): SampleSession {
  const tmp = mkdtempSync(join(tmpdir(), `posescope-${name}-`));
  const s = { tmp, dataset: join(tmp, 'sample') } as SampleSession;
  beforeAll(async () => {
    cpSync(sampleDir, s.dataset, { recursive: true });
    s.server = await startServe(s.dataset, { userData: join(tmp, 'user') });
    ({
      browser: s.browser,
      page: s.page,
      problems: s.problems,
    } = await openPage(launchChromium, s.server.url));
    await ready?.(s);
  }, 120_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  return s;
}
