import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { e2eSkipReason, launchChromium } from './browser';
import { openPage, screenshotDir, startServe, type ServeProcess } from './serveProcess';

const skip = e2eSkipReason();

/** Joint j of a person at (x0, y0); COCO's eyes (1, 2) unlabelled: 0, 0, 0 in the file. */
const keypoints = (x0: number, y0: number) =>
  Array.from({ length: 17 }, (_, j) =>
    j === 1 || j === 2 ? [0, 0, 0] : [x0 + 4 * (j % 5), y0 + 9 * j, 2],
  ).flat();

/** Two images, one person each, and a results file: one exact, one 12 px off. */
async function writeCoco(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (const id of [1, 2])
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#50607a' } })
      .jpeg()
      .toFile(join(dir, `${id}.jpg`));
  const people = [1, 2].map((id) => ({
    id: 100 + id, image_id: id, category_id: 1, iscrowd: 0, area: 9000,
    bbox: [110, 20, 60, 170], num_keypoints: 15, keypoints: keypoints(120, 30),
  })); // prettier-ignore
  writeFileSync(
    join(dir, 'person_keypoints_val.json'),
    JSON.stringify({
      images: [1, 2].map((id) => ({ id, file_name: `${id}.jpg`, width: 320, height: 240 })),
      annotations: people,
      categories: [{ id: 1, name: 'person' }],
    }),
  );
  const results = join(dir, '..', 'results.json');
  writeFileSync(
    results,
    JSON.stringify(
      [0, 12].map((dx, k) => ({
        image_id: k + 1,
        category_id: 1,
        score: 0.9,
        // A model predicts every joint, the eyes the labels leave out included.
        keypoints: Array.from({ length: 17 }, (_, j) => [
          120 + dx + 4 * (j % 5),
          30 + 9 * j,
          0.8,
        ]).flat(),
      })),
    ),
  );
  return results;
}

describe.skipIf(skip !== undefined)('browser mode: a 2D dataset is shown as 2D', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-e2e-coco-'));
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let results = '';

  beforeAll(async () => {
    results = await writeCoco(join(tmp, 'coco'));
    server = await startServe(join(tmp, 'coco'));
    ({ browser, page, problems } = await openPage(launchChromium, server.url));
    await page.locator('.frame-card').first().waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('ranks by OKS, offers only 2D sorts, and judges failures by OKS', async () => {
    await page.getByRole('button', { name: 'Import predictions…' }).click();
    await page.getByLabel('Prediction file').fill(results);
    await page.getByLabel('Prediction file').press('Enter');
    await expect.poll(() => page.getByLabel('Sort frames by').inputValue()).toBe('oks');
    const sorts = await page.getByLabel('Sort frames by').locator('option').allTextContents();
    expect(sorts).toEqual([
      'File name',
      'People per image',
      'OKS (worst person)',
      '2D PCK (worst person)',
    ]);
    // Lowest OKS first: the shifted person's image.
    await expect(page.locator('.frame-card').first().getAttribute('title')).resolves.toBe('2.jpg');
    await page.locator('.frame-card').first().click();
    await expect(page.locator('.frame-nav').textContent()).resolves.toMatch(/oks < 0\.5/);
    // The people table shows OKS, not root depth or MPJPE; unlabelled eyes are not drawn.
    await expect(page.locator('table.people thead').textContent()).resolves.toMatch(/results OKS/);
    await expect(page.locator('table.people thead').textContent()).resolves.not.toMatch(
      /MPJPE|root depth/,
    );
    await page.locator('table.people tbody tr').first().click();
    await page.getByRole('tab', { name: 'Joints' }).click();
    await expect(page.locator('table.joint-rows tbody tr').nth(1).textContent()).resolves.toMatch(
      /^left_eyeunlabelled—0\.80$/,
    );
    // Nothing is drawn at the image's corner: the unlabelled eyes are absent, not (0, 0).
    const corner = await page
      .locator('svg.overlay g.pose circle')
      .evaluateAll(
        (cs) =>
          cs.filter((c) => Number(c.getAttribute('cx')) < 1 && Number(c.getAttribute('cy')) < 1)
            .length,
      );
    expect(corner).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'coco-2d-inspector.png') });
  });

  it('Metrics show the OKS distribution and a per-keypoint table', async () => {
    await page.getByRole('button', { name: 'Metrics', exact: true }).click();
    await page.locator('section[aria-label="OKS distribution"] canvas').waitFor();
    await expect(page.locator('section[aria-label="Per joint"]').textContent()).resolves.toMatch(
      /PCK@0\.2/,
    );
    await expect(page.locator('.dashboard').textContent()).resolves.not.toMatch(
      /3DPCK by threshold/,
    );
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

explainSkip(skip);
