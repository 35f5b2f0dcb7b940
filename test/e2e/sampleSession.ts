import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { e2eSkipReason } from './browser';
import { repoRoot } from './serveProcess';

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
