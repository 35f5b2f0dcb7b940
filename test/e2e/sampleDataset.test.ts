import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli';
import { explainSkip } from '../helpers/skip';
import { browserSession } from './browserSession';
import { sampleDir, sampleSkipReason } from './sampleSession';
import { screenshotDir } from './serveProcess';

const skip = sampleSkipReason();

/** A newcomer's first start: no dataset opened before, so the bundled sample opens, ranked. */
describe.skipIf(skip !== undefined)(
  'browser mode: first start on the bundled sample dataset',
  () => {
    const s = browserSession();

    it('opens the sample with its baseline run imported, worst frames first', async () => {
      await s.page.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 });
      await expect(s.page.locator('.toolbar .count').textContent()).resolves.toBe('60 frames');
      await expect(
        s.page.getByLabel('Primary run').locator('option:checked').textContent(),
      ).resolves.toBe('baseline');
      const badges = (await s.page.locator('.frame-card .error-badge').allTextContents()).map((t) =>
        Number.parseFloat(t),
      );
      expect(badges.length).toBeGreaterThan(8);
      expect(badges).toEqual([...badges].sort((a, b) => b - a));
      await s.page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.frame-card img')].every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      );
      await s.page.screenshot({ path: join(screenshotDir, 'sample-grid.png') });
    });

    it('shows the worst frame with ground truth, the run and error lines', async () => {
      await s.page.locator('.frame-card').first().click();
      await s.page.waitForFunction(
        () =>
          (document.querySelector<HTMLImageElement>('.frame-image img')?.naturalWidth ?? 0) === 800,
      );
      expect(await s.page.locator('svg.overlay g.pose[data-source=gt]').count()).toBeGreaterThan(0);
      expect(await s.page.locator('svg.overlay g.pose[data-source=run]').count()).toBeGreaterThan(
        0,
      );
      expect(await s.page.locator('svg.overlay g.error-lines line').count()).toBeGreaterThan(0);
      await s.page.screenshot({ path: join(screenshotDir, 'sample-worst-frame.png') });
    });

    it('lists people with every metric, sorts by a joint, and opens a person from the table', async () => {
      await s.page.getByRole('button', { name: 'People', exact: true }).click();
      await s.page.locator('.people-row span').first().waitFor();
      await expect(s.page.locator('.people-view .count').textContent()).resolves.toBe('138 people');
      const mpjpe = (await s.page
        .locator('.people-row')
        .evaluateAll((rows) =>
          rows.slice(0, 10).map((r) => Number.parseFloat(r.children[3]!.textContent ?? '')),
        )) as number[];
      expect(mpjpe).toEqual([...mpjpe].sort((a, b) => b - a));
      await s.page.getByLabel('Joint column').selectOption({ label: 'L_Wrist' });
      await s.page.getByRole('columnheader', { name: /L_Wrist error/ }).click();
      await expect
        .poll(() => s.page.locator('.people-head .sorted').textContent())
        .toMatch(/L_Wrist error/);
      await s.page.screenshot({ path: join(screenshotDir, 'sample-people.png') });
      await s.page.locator('.people-row').first().click();
      await s.page.locator('.frame-image img').waitFor();
      await expect(s.page.locator('.frame-nav').textContent()).resolves.toMatch(
        /^Opened from a list/,
      );
      await expect(s.page.locator('table.people tr.selected').count()).resolves.toBe(1);
    });

    it('compares sources side by side, panning and zooming all panes together', async () => {
      await s.page.getByRole('button', { name: 'Compare', exact: true }).click();
      await expect.poll(() => s.page.locator('.compare-pane .frame-image img').count()).toBe(2);
      await expect(
        s.page.getByLabel('Pane 1 source').locator('option:checked').textContent(),
      ).resolves.toBe('ground truth only');
      await expect(
        s.page.getByLabel('Pane 2 source').locator('option:checked').textContent(),
      ).resolves.toBe('baseline');
      await expect(
        s.page.locator('.compare-pane').nth(1).locator('.pane-metric').textContent(),
      ).resolves.toMatch(/^MPJPE \d+\.\d mm/);
      expect(
        await s.page.locator('.compare-pane').nth(0).locator('g.pose[data-source=run]').count(),
      ).toBe(0);
      expect(
        await s.page.locator('.compare-pane').nth(1).locator('g.pose[data-source=run]').count(),
      ).toBeGreaterThan(0);
      const pane1 = s.page.locator('.compare-pane').nth(0).locator('.frame-image');
      await pane1.hover();
      await s.page.mouse.wheel(0, -600);
      const transforms = () =>
        s.page
          .locator('.compare-pane .frame-layer')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform));
      // Zoomed in (scale above the fitted one) and every pane showing the very same view.
      const scales = async () =>
        (await transforms()).map((t) => Number(/scale\(([\d.]+)\)/.exec(t)?.[1]));
      await expect.poll(async () => Math.min(...(await scales()))).toBeGreaterThan(1.2);
      expect(new Set(await transforms()).size).toBe(1);
      await s.page.screenshot({ path: join(screenshotDir, 'sample-compare.png') });
    });

    it('shows the metrics dashboard and filters the grid from a histogram bar', async () => {
      await s.page.getByRole('button', { name: 'Metrics', exact: true }).click();
      await s.page.locator('.dashboard canvas').first().waitFor();
      await expect
        .poll(() => s.page.locator('.dashboard canvas').count())
        .toBeGreaterThanOrEqual(3);
      await expect(s.page.locator('.dashboard').textContent()).resolves.toMatch(/MPJPE/);
      await expect(s.page.locator('.dashboard').textContent()).resolves.toMatch(/32\.7/);
      await s.page.waitForTimeout(500);
      await s.page.screenshot({
        path: join(screenshotDir, 'sample-dashboard.png'),
        fullPage: true,
      });
      // Every table saves as CSV and every chart as PNG or SVG, named after its card.
      const save = async (card: string, button: string) => {
        const [download] = await Promise.all([
          s.page.waitForEvent('download'),
          s.page
            .locator(`section[aria-label="${card}"]`)
            .getByRole('button', { name: button, exact: true })
            .first()
            .click(),
        ]);
        const path = await download.path();
        return { name: download.suggestedFilename(), bytes: readFileSync(path) };
      };
      const csv = await save('Per joint', 'CSV');
      expect(csv.name).toBe('per-joint.csv');
      const lines = csv.bytes.toString('utf8').split('\r\n');
      expect(lines[0]).toMatch(/^joint,baseline,baseline$/);
      expect(lines[1]).toBe(',MPJPE,3DPCK');
      expect(lines[2]).toMatch(/^Head_top,\d+\.\d,\d+\.\d$/);
      const png = await save('3DPCK by threshold', 'PNG');
      expect(png.name).toBe('3dpck-by-threshold.png');
      expect([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      const svg = await save('3DPCK by threshold', 'SVG');
      expect(svg.bytes.toString('utf8')).toMatch(
        /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
      expect(svg.bytes.toString('utf8')).toMatch(/baseline/);
    });

    it('shows each protocol with the figures posescope eval --protocol prints for the run', async () => {
      const dbDir = mkdtempSync(join(tmpdir(), 'posescope-e2e-protocol-'));
      try {
        for (const [id, label] of [
          ['mupots', 'MuPoTS-3D'],
          ['3dhp', '3DHP'],
          ['h36m-p2', 'H3.6M P2'],
        ] as const) {
          const cli = runCli([
            'eval',
            sampleDir,
            '--pred',
            join(sampleDir, 'predictions', 'baseline.json'),
            '--db',
            join(dbDir, 'index.sqlite'),
            '--protocol',
            id,
            '--json',
          ]);
          expect(cli.code).toBe(0);
          const figures = (
            JSON.parse(cli.stdout) as {
              sets: { protocol: { figures: { value: number | null }[] } }[];
            }
          ).sets[0]!.protocol.figures.map((f) => (f.value === null ? '—' : f.value.toFixed(1)));
          await s.page
            .getByRole('group', { name: 'Protocol' })
            .getByRole('button', { name: label })
            .click();
          const row = s.page.locator('[aria-label="Protocol figures"] tbody tr').first();
          await expect.poll(() => row.locator('td').allTextContents()).toEqual(figures);
          await s.page.screenshot({
            path: join(screenshotDir, `sample-dashboard-${id}.png`),
            fullPage: true,
          });
        }
        await expect(s.page.locator('.dashboard').textContent()).resolves.toMatch(
          /source: Umeyama 1991/,
        );
        await s.page
          .getByRole('group', { name: 'Protocol' })
          .getByRole('button', { name: 'All figures' })
          .click();
      } finally {
        rmSync(dbDir, { recursive: true, force: true });
      }
    });

    it('filters the grid by group and by people the run missed, and clears the filters', async () => {
      await s.page.getByRole('button', { name: 'Frames', exact: true }).click();
      await s.page.getByLabel('Group filter').selectOption('TS2');
      await expect.poll(() => s.page.locator('.toolbar .count').textContent()).toBe('30 frames');
      await s.page.getByLabel('Group filter').selectOption('');
      await s.page.getByText('someone missed by the run').click();
      await expect.poll(() => s.page.locator('.toolbar .count').textContent()).toBe('2 frames');
      await s.page.screenshot({ path: join(screenshotDir, 'sample-grid-missed.png') });
      await s.page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => s.page.locator('.toolbar .count').textContent()).toBe('60 frames');
      // People per frame: the option's count is the grid's.
      const option = s.page.getByLabel('People filter').locator('option').nth(2);
      const [value, label] = [await option.getAttribute('value'), await option.textContent()];
      await s.page.getByLabel('People filter').selectOption(value!);
      const frames = Number(/\((\d+)\)/.exec(label!)?.[1]);
      await expect
        .poll(() => s.page.locator('.toolbar .count').textContent())
        .toBe(`${frames} frame${frames === 1 ? '' : 's'}`);
      await s.page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => s.page.locator('.toolbar .count').textContent()).toBe('60 frames');
    });

    it('steps through the failures in file order with ] and says when there is none left', async () => {
      await s.page.getByRole('button', { name: 'Frames', exact: true }).click();
      await s.page.getByText('someone missed by the run').click();
      await expect.poll(() => s.page.locator('.toolbar .count').textContent()).toBe('2 frames');
      const missed = await s.page
        .locator('.frame-card')
        .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).title));
      await s.page.getByRole('button', { name: 'Clear filters' }).click();
      await s.page.getByLabel('Sort frames by').selectOption('file');
      await s.page.locator('.frame-card').first().click();
      await s.page.locator('.frame-details h2').waitFor();
      const frameNumber = async () =>
        Number(
          /Frame (\d+) of/.exec((await s.page.locator('.frame-nav').textContent()) ?? '')?.[1],
        );
      const visited: string[] = [];
      let at = await frameNumber();
      expect(at).toBe(1);
      for (let step = 0; step < 60; step++) {
        await s.page.keyboard.press(']');
        // Either another frame or the notice that there is none further.
        await expect
          .poll(async () =>
            (await s.page.locator('.notice').count()) > 0 ? -1 : await frameNumber(),
          )
          .not.toBe(at);
        if ((await s.page.locator('.notice').count()) > 0) break;
        const next = await frameNumber();
        expect(next).toBeGreaterThan(at);
        at = next;
        await expect
          .poll(() => s.page.locator('.frame-details h2').textContent())
          .not.toBe(visited.at(-1) ?? '');
        visited.push((await s.page.locator('.frame-details h2').textContent()) ?? '');
      }
      await expect(s.page.locator('.notice').textContent()).resolves.toMatch(
        /^No later failure in this order \(mpjpe > 150 mm, a missed person or a flagged label\)/,
      );
      // Every frame where the run missed someone is a failure the keys stop at.
      expect(missed).toHaveLength(2);
      for (const file of missed) expect(visited).toContain(file);
      await s.page.screenshot({ path: join(screenshotDir, 'sample-failure-step.png') });
      await s.page.keyboard.press('[');
      await expect.poll(() => s.page.locator('.notice').count()).toBe(0);
      expect(await frameNumber()).toBeLessThan(at);
    });

    it('compares two frames in 3D with one camera for every pane', async () => {
      await s.page.getByRole('button', { name: 'Compare', exact: true }).click();
      await s.page
        .getByRole('group', { name: 'Panes show' })
        .getByRole('button', { name: '3D' })
        .click();
      await expect.poll(() => s.page.locator('.compare-pane canvas').count()).toBe(2);
      await s.page
        .locator('.compare-pane')
        .nth(1)
        .getByRole('button', { name: 'Pin frame' })
        .click();
      const pinned = await s.page
        .locator('.compare-pane')
        .nth(1)
        .locator('.pane-head button')
        .textContent();
      expect(pinned).toMatch(/^Pinned: img_\d+\.jpg$/);
      await s.page.keyboard.press('ArrowRight');
      await expect
        .poll(() => s.page.locator('.compare-view .toolbar .muted').textContent())
        .not.toContain(pinned!.replace('Pinned: ', ''));
      await s.page.waitForTimeout(300);
      const pane2 = s.page.locator('.compare-pane').nth(1).locator('canvas');
      const before = await pane2.screenshot();
      // Orbit pane 1: pane 2 (another frame) turns with it.
      const box = (await s.page.locator('.compare-pane').nth(0).locator('canvas').boundingBox())!;
      await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await s.page.mouse.down();
      await s.page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, {
        steps: 8,
      });
      await s.page.mouse.up();
      await s.page.waitForTimeout(300);
      expect((await pane2.screenshot()).equals(before)).toBe(false);
      await s.page
        .getByRole('group', { name: 'Panes show' })
        .getByRole('button', { name: 'Both' })
        .click();
      await expect.poll(() => s.page.locator('.compare-pane .frame-image img').count()).toBe(2);
      await s.page.waitForTimeout(300);
      await s.page.screenshot({ path: join(screenshotDir, 'sample-compare-3d.png') });
      await s.page
        .getByRole('group', { name: 'Panes show' })
        .getByRole('button', { name: 'Image' })
        .click();
      await s.page.locator('.compare-pane').nth(1).locator('.pane-head button').click();
    });

    it('logged no console errors or warnings', () => {
      expect(s.problems).toEqual([]);
    });
  },
);

explainSkip(skip);
