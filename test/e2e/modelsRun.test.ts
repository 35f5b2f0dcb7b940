import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../contract';
import { tinyHeatmapModel } from '../helpers/onnxGraphs';
import { explainSkip } from '../helpers/skip';
import { launchChromium } from './browser';
import { sampleDir, sampleSkipReason } from './sampleSession';
import { openPage, screenshotDir, startServe, type ServeProcess } from './serveProcess';

const skip = sampleSkipReason();

/** The status bar's numbers: people done and in all, while a run goes on. */
async function progressOf(page: Page): Promise<{ done: number; total: number } | null> {
  const text = (await page.getByRole('status', { name: 'Inference run' }).textContent()) ?? '';
  const m = /(\d[\d,]*)\/(\d[\d,]*) people/.exec(text);
  return m
    ? { done: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) }
    : null;
}

/**
 * Models and runs in the app, in Chromium against `posescope serve` on the bundled sample: run
 * keypoints-3d on the frames a filter shows, stop it half way, resume it, and read its figures
 * and panels; add a tiny heatmap model through Add model… and see its heatmaps in the inspector.
 */
describe.skipIf(skip !== undefined)('browser mode: models and runs from the app', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-models-run-'));
  const dataset = join(tmp, 'sample');
  const onnx = join(tmp, 'downloads', 'tiny-heatmaps.onnx');
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    cpSync(sampleDir, dataset, { recursive: true });
    // A model file as a user has it: somewhere of their own, outside PoseScope's folders.
    mkdirSync(dirname(onnx), { recursive: true });
    writeFileSync(onnx, tinyHeatmapModel());
    // A pause after each batch: keypoints-3d finishes the filter's 70 people in about a second
    // here, too quick to stop half way by hand.
    process.env.POSESCOPE_BATCH_PAUSE_MS = '80';
    server = await startServe(dataset, { userData: join(tmp, 'user') });
    delete process.env.POSESCOPE_BATCH_PAUSE_MS;
    ({ browser, page, problems } = await openPage(launchChromium, server.url));
    await page.locator('.frame-card').first().waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs keypoints-3d on the frames a filter shows, stops half way and resumes', async () => {
    await page.getByLabel('Find image').fill('TS1');
    await expect.poll(() => page.locator('.frame-card').count()).toBe(30);
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('button', { name: 'Run…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Run a model' });
    await dialog.getByLabel('Pipeline').selectOption('keypoints-3d');
    // One person a batch: slow enough to stop half way.
    await dialog.getByLabel('Batch size').fill('1');
    await expect(dialog.getByText('the frames the current filter shows (30 frames)')).toBeTruthy();
    await page.screenshot({ path: join(screenshotDir, 'models-run-dialog.png') });
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();

    const bar = page.getByRole('status', { name: 'Inference run' });
    // Watched in the page (not polled from here): Stop goes in as soon as the first people are in.
    await bar.getByText(/ [1-9][\d,]*\/[\d,]+ people/).waitFor({ timeout: 60_000 });
    await bar.getByRole('button', { name: 'Stop' }).click();
    await page.screenshot({ path: join(screenshotDir, 'models-run-progress.png') });
    await bar.getByText(/stopped at/).waitFor({ timeout: 60_000 });
    const stopped = (await progressOf(page)) ?? { done: 0, total: 0 };
    const info = await server.call<DatasetInfo>('datasetInfo', { datasetId: 1 });
    const run = info.runs.find((r) => r.name === 'keypoints-3d');
    expect(run).toMatchObject({ status: 'cancelled', frames: 30, resumable: true });
    await page.screenshot({ path: join(screenshotDir, 'models-run-stopped.png') });
    expect(stopped.done).toBeLessThan(stopped.total);
    // Stopped part way: the status bar said stopped before every person was computed.
    expect((await bar.textContent()) ?? '').toMatch(/stopped at \d+\/\d+ people/);
    expect(stopped.total).toBeGreaterThan(0);

    await bar.getByRole('button', { name: 'Resume' }).click();
    await page.locator('.job-status.done').waitFor({ timeout: 120_000 });
    await expect(bar.textContent()).resolves.toMatch(/keypoints-3d.*scored/);
    const row = page.getByRole('row', { name: 'run keypoints-3d' });
    await expect.poll(() => row.textContent()).toMatch(/done.*MPJPE \d+\.\d mm/);
    await page.screenshot({ path: join(screenshotDir, 'models-run-done.png') });
  });

  it('shows the run in the run selector, with its ranking and depth-bin panels filled', async () => {
    await page.getByRole('button', { name: 'Frames', exact: true }).click();
    const primary = page.getByLabel('Primary run');
    await expect(primary.locator('option').allTextContents()).resolves.toContain('keypoints-3d');
    await primary.selectOption({ label: 'keypoints-3d' });
    await page.locator('.frame-card').first().click();
    await page.locator('table.people tbody tr').first().click();
    await page.getByRole('tab', { name: 'Ranking matrix' }).click();
    // The only run: the panel shows it without a run picker.
    await expect
      .poll(() => page.locator('.panel-body svg, .panel-body canvas').count())
      .toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'models-run-ranking.png') });
    await page.getByRole('tab', { name: 'Depth bins' }).click();
    await expect.poll(() => page.locator('.panel-body svg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'models-run-bins.png') });
  });

  it('adds a heatmap model through Add model…, runs it, and shows its heatmaps', async () => {
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('button', { name: 'Add model…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add model' });
    await dialog.getByLabel('ONNX file').fill(onnx);
    await dialog.getByRole('button', { name: 'Read model' }).click();
    await expect.poll(() => dialog.getByLabel('Family').inputValue()).toBe('heatmap2d');
    await dialog.getByLabel('Card name').fill('tiny-heatmaps');
    await dialog.getByLabel('Skeleton').selectOption('mupots17');
    await dialog.getByLabel('Licence').fill('MIT');
    await dialog.getByLabel('Provenance').fill('generated by the PoseScope end-to-end test');
    await page.screenshot({ path: join(screenshotDir, 'models-add-model.png') });
    await expect
      .poll(() => dialog.getByRole('button', { name: 'Save model' }).isEnabled())
      .toBe(true);
    await dialog.getByRole('button', { name: 'Save model' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = page.getByRole('row').filter({ hasText: 'tiny-heatmaps' });
    await expect.poll(() => card.count()).toBeGreaterThan(0);
    await expect(card.first().textContent()).resolves.toMatch(/heatmap2d.*mupots17/);

    await page.getByRole('button', { name: 'Run…', exact: true }).click();
    const run = page.getByRole('dialog', { name: 'Run a model' });
    await run.getByLabel('Pipeline').selectOption({ label: 'Cards, in the order I pick…' });
    await run.getByRole('checkbox', { name: 'tiny-heatmaps' }).check();
    await run.getByRole('radio', { name: /the open frame/ }).check();
    await run.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByRole('status', { name: 'Inference run' })
      .getByText(/tiny-heatmaps/)
      .waitFor({ timeout: 30_000 });
    await page.locator('.job-status.done').waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Inspector', exact: true }).click();
    await page.locator('table.people tbody tr').first().click();
    await page.getByRole('tab', { name: 'Heatmaps' }).click();
    await expect
      .poll(() =>
        page.getByLabel('Run shown in this panel').locator('option:checked').textContent(),
      )
      .toBe('tiny-heatmaps');
    await expect.poll(() => page.locator('.heat-scale').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'models-added-heatmaps.png') });
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

explainSkip(skip);
