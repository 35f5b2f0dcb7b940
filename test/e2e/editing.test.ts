import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { e2eSkipReason, launchChromium } from './browser';
import { repoRoot, screenshotDir, startServe, openPage, type ServeProcess } from './serveProcess';

const sample = join(repoRoot, 'assets', 'sample');
const skip =
  e2eSkipReason() ??
  (existsSync(join(sample, 'MuPoTS-3D.json'))
    ? undefined
    : `needs the bundled sample at ${sample}`);

/** The sample's planted label errors (assets/sample/README.md), found and fixed in the inspector. */
describe.skipIf(skip !== undefined)('browser mode: correcting the sample’s wrong labels', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startServe();
    ({ browser, page, problems } = await openPage(launchChromium, server.url));
    await page.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens the frame at `file` by stepping through the file order. */
  async function openFrame(file: string, position: number) {
    await page.getByRole('button', { name: 'Frames', exact: true }).click();
    await page.getByLabel('Sort frames by').selectOption('file');
    await page.locator('.frame-card').first().click();
    for (let k = 0; k < position; k++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.frame-details h2').textContent()).toBe(file);
  }

  const depth = async () =>
    Number(/depth ([\d.]+) m/.exec((await page.locator('.edit-panel').textContent()) ?? '')?.[1]);

  it('moves Ben’s L_Knee 400 mm back along its ray, with undo and redo', async () => {
    // Ben's L_Knee in TS1/img_000023 is labelled 400 mm too deep; the run scores him worst.
    await openFrame('MultiPersonTestSet/TS1/img_000023.jpg', 23);
    await page.keyboard.press('e');
    await page.locator('.edit-panel').waitFor();
    await expect(page.locator('.edit-handle').count()).resolves.toBe(17);
    await page.getByLabel('Joint to correct').selectOption({ label: 'L_Knee' });
    const before = await depth();
    const mpjpe = async () =>
      Number.parseFloat(
        (await page.locator('.frame-details tr.selected td').nth(2).textContent()) ?? '',
      );
    const errorBefore = await mpjpe();
    for (let k = 0; k < 4; k++) {
      await page.getByRole('button', { name: '−100 mm' }).click();
      await expect.poll(depth).toBeCloseTo(before - 0.1 * (k + 1), 3);
    }
    // The run is scored again against the corrected label: its error on Ben falls.
    await expect.poll(mpjpe, { timeout: 10_000 }).toBeLessThan(errorBefore - 10);
    await expect(page.getByRole('button', { name: /^Undo \(4\)/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'edit-knee-fixed.png') });
    await page.keyboard.press('Control+z');
    await expect.poll(depth).toBeCloseTo(before - 0.3, 3);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(depth).toBeCloseTo(before - 0.4, 3);
    await page.getByLabel('Review status').selectOption('fixed');
    await expect.poll(() => page.getByLabel('Review status').inputValue()).toBe('fixed');
  });

  it('drags Ana’s R_Wrist 2D label back onto the joint', async () => {
    // Ana's R_Wrist 2D in TS1/img_000009 is 48 px off (+31, −36); its 3D is right.
    await openFrame('MultiPersonTestSet/TS1/img_000009.jpg', 9);
    await page.locator('.edit-panel').waitFor();
    const handle = page.locator('.edit-handle[data-joint="4"]');
    const rows = page.locator('.frame-details tbody tr');
    // The inspector follows the frame's worst person; Ana is the one with the wrist warning.
    for (let r = 0; r < (await rows.count()); r++) {
      await rows.nth(r).click();
      if ((await page.locator('.edit-panel').textContent())?.includes('R_Wrist reprojects')) break;
      await page.getByLabel('Joint to correct').selectOption({ label: 'R_Wrist' });
      const text = (await page.locator('.edit-feedback').textContent()) ?? '';
      if (/R_Wrist reprojects (4\d|5\d)\.\d+ px/.test(text)) break;
    }
    await expect(page.locator('.edit-feedback').textContent()).resolves.toMatch(
      /R_Wrist reprojects 4\d\.\d+ px/,
    );
    const box = (await handle.boundingBox())!;
    const scale = await page
      .locator('.frame-image .frame-layer')
      .evaluate((e) => Number(/scale\(([\d.]+)\)/.exec((e as HTMLElement).style.transform)?.[1]));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 31 * scale, box.y + box.height / 2 + 36 * scale, {
      steps: 6,
    });
    await page.mouse.up();
    // Back within a pixel or two of where its 3D joint projects (the drag lands on screen pixels).
    await expect
      .poll(async () =>
        Number(
          /R_Wrist reprojects ([\d.]+) px/.exec(
            (await page.locator('.edit-feedback').textContent()) ?? '',
          )?.[1],
        ),
      )
      .toBeLessThan(3);
    await page.screenshot({ path: join(screenshotDir, 'edit-wrist-dragged.png') });
  });

  it('lists the corrected frames in the grid', async () => {
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Frames', exact: true }).click();
    await page.getByText('corrected', { exact: true }).click();
    await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('2 frames');
    await page.screenshot({ path: join(screenshotDir, 'edit-grid-corrected.png') });
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

explainSkip(skip);
