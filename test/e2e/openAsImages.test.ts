import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { e2eSkipReason, launchChromium } from './browser';
import { openPage, startServe, type ServeProcess } from './serveProcess';

const skip = e2eSkipReason();

/** A folder of two small photos and a stray JSON PoseScope has no reader for. */
async function writePhotos(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, background] of [
    ['a.jpg', '#806040'],
    ['b.jpg', '#406080'],
  ] as const)
    await sharp({ create: { width: 64, height: 48, channels: 3, background } })
      .jpeg()
      .toFile(join(dir, name));
  writeFileSync(join(dir, 'notes.json'), JSON.stringify({ hello: 1 }));
}

describe.skipIf(skip !== undefined)(
  'browser mode: a folder of photos with a stray JSON opens as an image folder',
  () => {
    const tmp = mkdtempSync(join(tmpdir(), 'posescope-e2e-images-'));
    let server: ServeProcess;
    let browser: Browser;
    let page: Page;
    let problems: string[] = [];

    beforeAll(async () => {
      await writePhotos(join(tmp, 'photos'));
      await writePhotos(join(tmp, 'photos-again'));
      server = await startServe();
      ({ browser, page, problems } = await openPage(launchChromium, server.url));
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      rmSync(tmp, { recursive: true, force: true });
    });

    const typePath = async (path: string) => {
      await page.getByRole('button', { name: 'Open dataset…' }).click();
      await page.getByLabel('Dataset folder').fill(path);
    };

    it('refuses to guess, then opens it as an image folder in one click', async () => {
      await typePath(join(tmp, 'photos'));
      await expect(page.getByLabel('Read as').inputValue()).resolves.toBe('');
      await page.getByLabel('Dataset folder').press('Enter');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(
        /no reader for the annotation files in .*photos: saw notes\.json; .*To index only its images, open it as an image folder/,
      );
      const retry = page.getByRole('button', { name: 'Open as an image folder' });
      await retry.click();
      await page.locator('.frame-card img').nth(1).waitFor();
      await expect(page.locator('.frame-card').count()).resolves.toBe(2);
      await expect(page.locator('.toolbar .count').textContent()).resolves.toBe('2 frames');
      await expect(page.locator('.statusbar').textContent()).resolves.toMatch(
        /photos · images · 2 images/,
      );
    });

    it('opens it directly when "Read as" is set to image folder first', async () => {
      await typePath(join(tmp, 'photos-again'));
      await page.getByLabel('Read as').selectOption({ label: 'image folder' });
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('.frame-card img').nth(1).waitFor();
      await expect(page.locator('.frame-card').count()).resolves.toBe(2);
      await expect(page.locator('.statusbar').textContent()).resolves.toMatch(
        /photos-again · images · 2 images/,
      );
      await expect(page.getByRole('alert').count()).resolves.toBe(0);
    });

    it('logged no console errors or warnings', () => {
      expect(problems).toEqual([]);
    });
  },
);

explainSkip(skip);
