import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { explainSkip } from '../helpers/skip';
import { e2eSkipReason, launchChromium } from './browser';
import { screenshotDir, openPage, startServe, type ServeProcess } from './serveProcess';

const skip = e2eSkipReason();

describe.skipIf(skip !== undefined)(
  'browser mode: open a dataset, browse frames, inspect one',
  () => {
    const tmp = mkdtempSync(join(tmpdir(), 'posescope-e2e-data-'));
    const dataset = join(tmp, 'mupots-fixture');
    let server: ServeProcess;
    let browser: Browser;
    let page: Page;
    let problems: string[] = [];
    let people: [number, number, number][][] = [];
    const shot = (name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

    beforeAll(async () => {
      people = (await writeMupotsFixture(dataset)).people.map((p) =>
        p.map(([x, y, z]) => [x, y, z] as [number, number, number]),
      );
      server = await startServe();
      ({ browser, page, problems } = await openPage(launchChromium, server.url));
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('says what is wrong with a folder that does not exist', async () => {
      await page.getByRole('button', { name: 'Open dataset…' }).click();
      await page.getByLabel('Dataset folder').fill(join(tmp, 'nowhere'));
      await page.getByLabel('Dataset folder').press('Enter');
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(
        /cannot open .*nowhere: no such folder/,
      );
    });

    it('opens a dataset by typed path and shows its frames as a grid of thumbnails', async () => {
      await page.getByLabel('Dataset folder').fill(dataset);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('.frame-card img').nth(2).waitFor();
      await expect(page.locator('.frame-card').count()).resolves.toBe(3);
      await expect(page.locator('.toolbar .count').textContent()).resolves.toBe('3 frames');
      // Thumbnails really decoded (made by sharp on the main side, served by id).
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.frame-card img')].every(
          (i) => i.complete && i.naturalWidth === 320,
        ),
      );
      await expect(page.locator('.statusbar').textContent()).resolves.toMatch(
        /mupots-fixture · mupots · 3 images · 4 people/,
      );
      await shot('dataset-grid');
      // Find by a part of the file name; clearing the box lists every frame again.
      await page.getByLabel('Find image').fill('ts2/');
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('1 frame');
      await expect(page.locator('.frame-card').getAttribute('title')).resolves.toBe(
        'MultiPersonTestSet/TS2/img_000000.jpg',
      );
      await page.getByLabel('Find image').fill('');
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('3 frames');
    });

    it('opens a frame: the image with every person’s keypoints and skeleton', async () => {
      await page.locator('.frame-card').first().click();
      await page.locator('.frame-image img').waitFor();
      await page.waitForFunction(
        () =>
          (document.querySelector<HTMLImageElement>('.frame-image img')?.naturalWidth ?? 0) === 640,
      );
      await expect(page.locator('.frame-details h2').textContent()).resolves.toBe(
        'MultiPersonTestSet/TS1/img_000000.jpg',
      );
      await expect(page.locator('svg.overlay g.pose[data-source=gt]').count()).resolves.toBe(2);
      await expect(page.locator('svg.overlay g.pose circle').count()).resolves.toBe(34);
      await expect(page.locator('svg.overlay rect.bbox').count()).resolves.toBe(2);
      await expect(page.locator('.frame-nav').textContent()).resolves.toMatch(/^Frame 1 of 3/);
      // Hovering a joint names it with its pixel position.
      await page.locator('svg.overlay g.pose circle').first().hover();
      await expect(page.locator('.hover-info').textContent()).resolves.toMatch(
        /ground truth, person 1 · Head_top \(\d+\.\d, \d+\.\d\) px/,
      );
      await shot('frame-inspector');
    });

    it('switches frames with the keyboard and goes back to the grid', async () => {
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => page.locator('.frame-details h2').textContent())
        .toBe('MultiPersonTestSet/TS1/img_000001.jpg');
      await expect(page.locator('.frame-nav').textContent()).resolves.toMatch(/^Frame 2 of 3/);
      await expect(page.locator('svg.overlay g.pose').count()).resolves.toBe(1);
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => page.locator('.frame-details h2').textContent())
        .toBe('MultiPersonTestSet/TS2/img_000000.jpg');
      await shot('frame-inspector-next');
      await page.keyboard.press('ArrowRight');
      await expect(page.locator('.frame-nav').textContent()).resolves.toMatch(/^Frame 3 of 3/);
      await page.keyboard.press('k');
      await expect
        .poll(() => page.locator('.frame-details h2').textContent())
        .toBe('MultiPersonTestSet/TS1/img_000001.jpg');
      // F frames the inspected person; 0 shows the whole image again.
      const scale = async () =>
        Number(
          /scale\(([\d.]+)\)/.exec(
            (await page.locator('.frame-layer').getAttribute('style')) ?? '',
          )?.[1],
        );
      const layer = () => page.locator('.frame-layer').getAttribute('style');
      const whole = await scale();
      const wholeView = await layer();
      await page.keyboard.press('f');
      // Centred on the person, zoomed in as far as their box (and a margin) allows; never out.
      await expect.poll(layer).not.toBe(wholeView);
      expect(await scale()).toBeGreaterThanOrEqual(whole);
      await page.keyboard.press('0');
      await expect.poll(scale).toBeCloseTo(whole, 6);
      // The annotated image and the 3D view save as PNGs (the image at its own resolution).
      const png = async (button: ReturnType<typeof page.getByRole>) => {
        const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
        const bytes = readFileSync(await download.path());
        expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
        return {
          name: download.suggestedFilename(),
          w: bytes.readUInt32BE(16),
          h: bytes.readUInt32BE(20),
        };
      };
      const image = await png(page.getByRole('button', { name: 'Save image' }));
      expect(image.name).toMatch(/^multipersontestset-ts1-img-000001-jpg-annotated\.png$/);
      const natural = await page
        .locator('.frame-image img')
        .evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]);
      expect([image.w, image.h]).toEqual(natural);
      const view3d = await png(
        page.getByRole('toolbar', { name: '3D view' }).getByRole('button', { name: 'PNG' }),
      );
      expect(view3d.name).toMatch(/-3d\.png$/);
      expect(view3d.w).toBeGreaterThan(100);
      await page.keyboard.press('g');
      await expect(page.locator('svg.overlay g.pose').count()).resolves.toBe(0);
      // Hidden in 3D too, and said above the inspector; a click on the note shows it again.
      await expect(page.locator('[data-testid=frame-3d]').textContent()).resolves.toMatch(
        /the ground truth is hidden/,
      );
      await page.getByRole('button', { name: 'ground truth hidden (G)' }).click();
      await expect.poll(() => page.locator('svg.overlay g.pose').count()).toBeGreaterThan(0);
      await page.keyboard.press('g');
      await page.keyboard.press('g');
      await page.keyboard.press('Escape');
      await page.locator('.frame-card.selected').waitFor();
      await expect(page.locator('.frame-card.selected').getAttribute('title')).resolves.toBe(
        'MultiPersonTestSet/TS1/img_000001.jpg',
      );
    });

    it('shows the shortcut sheet on ?', async () => {
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await shot('shortcut-sheet');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    });

    it('imports a prediction file from a typed path and ranks frames by it, worst first', async () => {
      // Person 2 of the first frame gets one wrist 340 mm off (MPJPE 20 mm); TS2's person is missed.
      const preds = [
        { image_id: 1, joints_cam: people[0] },
        {
          image_id: 1,
          joints_cam: people[1]!.map(([x, y, z], j) => [j === 4 ? x + 340 : x, y, z]),
        },
        { image_id: 2, joints_cam: people[2] },
      ];
      const file = join(tmp, 'baseline.json');
      writeFileSync(file, JSON.stringify(preds));
      await page.getByRole('button', { name: 'Import predictions…' }).click();
      await page.getByLabel('Prediction file').fill(join(tmp, 'missing.json'));
      await page.getByLabel('Prediction file').press('Enter');
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(
        /cannot import .*missing\.json: no such file/,
      );
      // A file from which nothing can be scored (unknown images, 2-joint poses) is refused,
      // saying why, and never becomes a run; Esc closes the form and its error.
      const junk = join(tmp, 'junk.json');
      writeFileSync(
        junk,
        JSON.stringify([
          {
            image_id: 999,
            joints_cam: [
              [0, 0, 4000],
              [1, 1, 4000],
            ],
          },
          {
            image_id: 1,
            joints_cam: [
              [0, 0, 4000],
              [1, 1, 4000],
            ],
          },
        ]),
      );
      await page.getByLabel('Prediction file').fill(junk);
      await page.getByLabel('Prediction file').press('Enter');
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(
        /junk\.json: no prediction could be read: 2 × wrong joint count \(.*junk\.json \[0\]: joints_cam has 2 joints, the dataset.s skeleton 17/,
      );
      await expect(
        page.getByLabel('Primary run').locator('option').allTextContents(),
      ).resolves.toEqual(['ground truth only']);
      await page.keyboard.press('Escape');
      await expect(page.locator('form.popover').count()).resolves.toBe(0);
      await expect(page.getByRole('alert').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Import predictions…' }).click();
      await page.getByLabel('Prediction file').fill(file);
      await page.getByLabel('Prediction file').press('Enter');
      await expect(page.getByRole('status').locator('li').first().textContent()).resolves.toMatch(
        /^read: RootNet\/PoseNet JSON .*: 3 records; 3 paired with a person, 0 unpaired; 0 for unknown images$/,
      );
      await expect
        .poll(() => page.locator('.frame-card .error-badge').first().textContent())
        .toBe('20 mm');
      await expect(page.getByLabel('Sort frames by').inputValue()).resolves.toBe('mpjpe');
      await expect(
        page.getByLabel('Primary run').locator('option:checked').textContent(),
      ).resolves.toBe('baseline');
      await expect(page.locator('.frame-card').first().getAttribute('title')).resolves.toBe(
        'MultiPersonTestSet/TS1/img_000000.jpg',
      );
      await shot('dataset-grid-ranked');
      await page.locator('.frame-card').first().click();
      await expect.poll(() => page.locator('svg.overlay g.pose[data-source=run]').count()).toBe(2);
      await expect(page.locator('table.people tbody td').allTextContents()).resolves.toEqual([
        '1',
        '4.00 m',
        '0.0 mm',
        '2',
        '5.20 m',
        '20.0 mm',
      ]);
      await shot('frame-inspector-with-run');
      await page.keyboard.press('Escape');
    });

    it('remembers the dataset as recent for the next start', async () => {
      await page.getByRole('button', { name: 'Open dataset…' }).click();
      await expect(page.locator('.recent li').first().textContent()).resolves.toContain(
        'mupots-fixture',
      );
    });

    it('logged no console errors or warnings', () => {
      expect(problems).toEqual([]);
    });
  },
);

explainSkip(skip);
