import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../contract';
import { startOipServer, type OipServer } from '../helpers/oipServer';
import { launchChromium } from './browser';
import { sampleDir, sampleSkipReason } from './sampleSession';
import { openPage, repoRoot, screenshotDir, startServe, type ServeProcess } from './serveProcess';

const skip = sampleSkipReason();
const CARDS = ['kp-lifter-mupots17', 'kp-rootbins-mupots17'];
const TOKEN = 'e2e-token-5d1a';

/**
 * A run on an inference server from the app's Run dialog: the servers named in the settings
 * file are offered, the token stays on the main side, the run is scored like a local one.
 */
describe.skipIf(skip !== undefined)('browser mode: a run on an inference server', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-remote-run-'));
  const dataset = join(tmp, 'sample');
  const userData = join(tmp, 'user');
  let oip: OipServer;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    cpSync(sampleDir, dataset, { recursive: true });
    oip = await startOipServer({
      models: Object.fromEntries(
        CARDS.map((c) => [c, new Uint8Array(readFileSync(join(repoRoot, 'models', `${c}.onnx`)))]),
      ),
    });
    mkdirSync(userData, { recursive: true });
    writeFileSync(
      join(userData, 'settings.json'),
      JSON.stringify({ recent: [], remote: { servers: [{ url: oip.url, token: TOKEN }] } }),
    );
    server = await startServe(dataset, { userData });
    ({ browser, page, problems } = await openPage(launchChromium, server.url));
    await page.locator('.frame-card').first().waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await oip?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('offers the configured server, refuses a URL that is not one, and runs there', async () => {
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('button', { name: 'Run…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Run a model' });
    await dialog.getByLabel('Pipeline').selectOption('keypoints-3d-lifter');
    await dialog.getByLabel('Provider').selectOption({ label: 'inference servers…' });
    const servers = dialog.getByLabel('Inference servers');
    await expect(servers.inputValue()).resolves.toBe(oip.url);
    const run = dialog.getByRole('button', { name: 'Run', exact: true });

    await servers.fill('gpu-01:8000');
    await expect
      .poll(() => dialog.locator('.run-note').textContent())
      .toBe('gpu-01:8000 is not an http:// or https:// URL');
    await expect(run.isDisabled()).resolves.toBe(true);

    await servers.fill(oip.url);
    await dialog.getByLabel('Batches in flight per server').fill('2');
    await dialog.getByRole('radio', { name: /^all / }).check();
    await expect(run.isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'remote-run-dialog.png') });
    await run.click();

    const bar = page.getByRole('status', { name: 'Inference run' });
    await page.locator('.job-status.done').waitFor({ timeout: 120_000 });
    await expect(bar.textContent()).resolves.toMatch(/keypoints-3d-lifter.*scored/);
    // MuPoTS-17's Head, which the lifter does not predict: one problem for the run, not per person.
    await expect(bar.textContent()).resolves.toMatch(/· 1 problem(?!s)/);
    await page.screenshot({ path: join(screenshotDir, 'remote-run-done.png') });

    const info = await server.call<DatasetInfo>('datasetInfo', { datasetId: 1 });
    const stored = info.runs.find((r) => r.name === 'keypoints-3d-lifter');
    expect(stored).toMatchObject({ status: 'done' });
    // The server did the inference, with the settings file's token; the page never saw it.
    expect(oip.inferences.get(CARDS[0]!)).toBeGreaterThan(0);
    expect(oip.authorizations.every((a) => a === `Bearer ${TOKEN}`)).toBe(true);
    expect(await page.content()).not.toContain(TOKEN);

    // Started over from the run list, it goes to the server it was asked for, not this machine.
    const before = oip.items.get(CARDS[0]!) ?? 0;
    const row = page.getByRole('row', { name: 'run keypoints-3d-lifter' });
    await row.getByRole('button', { name: 'Re-run…' }).click();
    await row.getByRole('button', { name: 'Re-run', exact: true }).click();
    await expect
      .poll(() => oip.items.get(CARDS[0]!) ?? 0, { timeout: 120_000 })
      .toBe(before + stored!.predictions);
    await page.locator('.job-status.done').waitFor({ timeout: 120_000 });
    expect(problems).toEqual([]);
  }, 180_000);
});
