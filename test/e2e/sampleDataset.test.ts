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
    : `needs the bundled sample at ${sample} (npm run sample)`);

/** A newcomer's first start: no dataset opened before, so the bundled sample opens, ranked. */
describe.skipIf(skip !== undefined)(
  'browser mode: first start on the bundled sample dataset',
  () => {
    let server: ServeProcess;
    let browser: Browser;
    let page: Page;
    let problems: string[] = [];

    beforeAll(async () => {
      server = await startServe();
      ({ browser, page, problems } = await openPage(launchChromium, server.url));
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('opens the sample with its baseline run imported, worst frames first', async () => {
      await page.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 });
      await expect(page.locator('.toolbar .count').textContent()).resolves.toBe('60 frames');
      await expect(
        page.getByLabel('Primary run').locator('option:checked').textContent(),
      ).resolves.toBe('baseline');
      const badges = (await page.locator('.frame-card .error-badge').allTextContents()).map((t) =>
        Number.parseFloat(t),
      );
      expect(badges.length).toBeGreaterThan(8);
      expect(badges).toEqual([...badges].sort((a, b) => b - a));
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.frame-card img')].every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      );
      await page.screenshot({ path: join(screenshotDir, 'sample-grid.png') });
    });

    it('shows the worst frame with ground truth, the run and error lines', async () => {
      await page.locator('.frame-card').first().click();
      await page.waitForFunction(
        () =>
          (document.querySelector<HTMLImageElement>('.frame-image img')?.naturalWidth ?? 0) === 800,
      );
      expect(await page.locator('svg.overlay g.pose[data-source=gt]').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.overlay g.pose[data-source=run]').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.overlay g.error-lines line').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(screenshotDir, 'sample-worst-frame.png') });
    });

    it('lists people with every metric, sorts by a joint, and opens a person from the table', async () => {
      await page.getByRole('button', { name: 'People', exact: true }).click();
      await page.locator('.people-row span').first().waitFor();
      await expect(page.locator('.people-view .count').textContent()).resolves.toBe('138 people');
      const mpjpe = (await page
        .locator('.people-row')
        .evaluateAll((rows) =>
          rows.slice(0, 10).map((r) => Number.parseFloat(r.children[3]!.textContent ?? '')),
        )) as number[];
      expect(mpjpe).toEqual([...mpjpe].sort((a, b) => b - a));
      await page.getByLabel('Joint column').selectOption({ label: 'L_Wrist' });
      await page.getByRole('columnheader', { name: /L_Wrist error/ }).click();
      await expect
        .poll(() => page.locator('.people-head .sorted').textContent())
        .toMatch(/L_Wrist error/);
      await page.screenshot({ path: join(screenshotDir, 'sample-people.png') });
      await page.locator('.people-row').first().click();
      await page.locator('.frame-image img').waitFor();
      await expect(page.locator('.frame-nav').textContent()).resolves.toMatch(
        /^Opened from a list/,
      );
      await expect(page.locator('table.people tr.selected').count()).resolves.toBe(1);
    });

    it('compares sources side by side, panning and zooming all panes together', async () => {
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await expect.poll(() => page.locator('.compare-pane .frame-image img').count()).toBe(2);
      await expect(
        page.getByLabel('Pane 1 source').locator('option:checked').textContent(),
      ).resolves.toBe('ground truth only');
      await expect(
        page.getByLabel('Pane 2 source').locator('option:checked').textContent(),
      ).resolves.toBe('baseline');
      await expect(
        page.locator('.compare-pane').nth(1).locator('.pane-metric').textContent(),
      ).resolves.toMatch(/^MPJPE \d+\.\d mm/);
      expect(
        await page.locator('.compare-pane').nth(0).locator('g.pose[data-source=run]').count(),
      ).toBe(0);
      expect(
        await page.locator('.compare-pane').nth(1).locator('g.pose[data-source=run]').count(),
      ).toBeGreaterThan(0);
      const pane1 = page.locator('.compare-pane').nth(0).locator('.frame-image');
      await pane1.hover();
      await page.mouse.wheel(0, -600);
      const transforms = () =>
        page
          .locator('.compare-pane .frame-layer')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform));
      // Zoomed in (scale above the fitted one) and every pane showing the very same view.
      const scales = async () =>
        (await transforms()).map((t) => Number(/scale\(([\d.]+)\)/.exec(t)?.[1]));
      await expect.poll(async () => Math.min(...(await scales()))).toBeGreaterThan(1.2);
      expect(new Set(await transforms()).size).toBe(1);
      await page.screenshot({ path: join(screenshotDir, 'sample-compare.png') });
    });

    it('shows the metrics dashboard and filters the grid from a histogram bar', async () => {
      await page.getByRole('button', { name: 'Metrics', exact: true }).click();
      await page.locator('.dashboard canvas').first().waitFor();
      await expect.poll(() => page.locator('.dashboard canvas').count()).toBeGreaterThanOrEqual(3);
      await expect(page.locator('.dashboard').textContent()).resolves.toMatch(/MPJPE/);
      await expect(page.locator('.dashboard').textContent()).resolves.toMatch(/32\.7/);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(screenshotDir, 'sample-dashboard.png'), fullPage: true });
    });

    it('filters the grid by group and by people the run missed, and clears the filters', async () => {
      await page.getByRole('button', { name: 'Frames', exact: true }).click();
      await page.getByLabel('Group filter').selectOption('TS2');
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('30 frames');
      await page.getByLabel('Group filter').selectOption('');
      await page.getByText('someone missed by the run').click();
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('2 frames');
      await page.screenshot({ path: join(screenshotDir, 'sample-grid-missed.png') });
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('60 frames');
      // People per frame: the option's count is the grid's.
      const option = page.getByLabel('People filter').locator('option').nth(2);
      const [value, label] = [await option.getAttribute('value'), await option.textContent()];
      await page.getByLabel('People filter').selectOption(value!);
      const frames = Number(/\((\d+)\)/.exec(label!)?.[1]);
      await expect
        .poll(() => page.locator('.toolbar .count').textContent())
        .toBe(`${frames} frame${frames === 1 ? '' : 's'}`);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('60 frames');
    });

    it('steps through the failures in file order with ] and says when there is none left', async () => {
      await page.getByRole('button', { name: 'Frames', exact: true }).click();
      await page.getByText('someone missed by the run').click();
      await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe('2 frames');
      const missed = await page
        .locator('.frame-card')
        .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).title));
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByLabel('Sort frames by').selectOption('file');
      await page.locator('.frame-card').first().click();
      await page.locator('.frame-details h2').waitFor();
      const frameNumber = async () =>
        Number(/Frame (\d+) of/.exec((await page.locator('.frame-nav').textContent()) ?? '')?.[1]);
      const visited: string[] = [];
      let at = await frameNumber();
      expect(at).toBe(1);
      for (let step = 0; step < 60; step++) {
        await page.keyboard.press(']');
        // Either another frame or the notice that there is none further.
        await expect
          .poll(async () =>
            (await page.locator('.notice').count()) > 0 ? -1 : await frameNumber(),
          )
          .not.toBe(at);
        if ((await page.locator('.notice').count()) > 0) break;
        const next = await frameNumber();
        expect(next).toBeGreaterThan(at);
        at = next;
        await expect
          .poll(() => page.locator('.frame-details h2').textContent())
          .not.toBe(visited.at(-1) ?? '');
        visited.push((await page.locator('.frame-details h2').textContent()) ?? '');
      }
      await expect(page.locator('.notice').textContent()).resolves.toMatch(
        /^No later failure in this order \(mpjpe > 150 mm, a missed person or a flagged label\)/,
      );
      // Every frame where the run missed someone is a failure the keys stop at.
      expect(missed).toHaveLength(2);
      for (const file of missed) expect(visited).toContain(file);
      await page.screenshot({ path: join(screenshotDir, 'sample-failure-step.png') });
      await page.keyboard.press('[');
      await expect.poll(() => page.locator('.notice').count()).toBe(0);
      expect(await frameNumber()).toBeLessThan(at);
    });

    it('compares two frames in 3D with one camera for every pane', async () => {
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page
        .getByRole('group', { name: 'Panes show' })
        .getByRole('button', { name: '3D' })
        .click();
      await expect.poll(() => page.locator('.compare-pane canvas').count()).toBe(2);
      await page.locator('.compare-pane').nth(1).getByRole('button', { name: 'Pin frame' }).click();
      const pinned = await page
        .locator('.compare-pane')
        .nth(1)
        .locator('.pane-head button')
        .textContent();
      expect(pinned).toMatch(/^Pinned: img_\d+\.jpg$/);
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => page.locator('.compare-view .toolbar .muted').textContent())
        .not.toContain(pinned!.replace('Pinned: ', ''));
      await page.waitForTimeout(300);
      const pane2 = page.locator('.compare-pane').nth(1).locator('canvas');
      const before = await pane2.screenshot();
      // Orbit pane 1: pane 2 (another frame) turns with it.
      const box = (await page.locator('.compare-pane').nth(0).locator('canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 8 });
      await page.mouse.up();
      await page.waitForTimeout(300);
      expect((await pane2.screenshot()).equals(before)).toBe(false);
      await page
        .getByRole('group', { name: 'Panes show' })
        .getByRole('button', { name: 'Both' })
        .click();
      await expect.poll(() => page.locator('.compare-pane .frame-image img').count()).toBe(2);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(screenshotDir, 'sample-compare-3d.png') });
      await page
        .getByRole('group', { name: 'Panes show' })
        .getByRole('button', { name: 'Image' })
        .click();
      await page.locator('.compare-pane').nth(1).locator('.pane-head button').click();
    });

    it('logged no console errors or warnings', () => {
      expect(problems).toEqual([]);
    });
  },
);

explainSkip(skip);
