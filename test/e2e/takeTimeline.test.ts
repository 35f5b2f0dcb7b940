import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { openSampleFrame, sampleSession, sampleSkipReason } from './sampleSession';
import { screenshotDir } from './serveProcess';

const skip = sampleSkipReason();

/**
 * The take timeline under the inspector, on the bundled sample (TS1: 30 frames at 6.67 fps, the
 * baseline run with a left/right swap planted at frame 11): play it, step it, and jump to the
 * spike in the run's error curve.
 */
describe.skipIf(skip !== undefined)('browser mode: the take timeline', () => {
  const session = sampleSession('timeline', (s) =>
    openSampleFrame(s.page, s.server, s.dataset, 'TS1/img_000000'),
  );
  let page: Page;
  beforeAll(() => ({ page } = session));

  const position = () => page.getByLabel('Take position').textContent();

  it('places the frame in its take, at the rate the data states', async () => {
    await expect(position()).resolves.toMatch(/^frame 1 \/ 30 \(#0\) · 6\.67 fps$/);
    await expect(page.getByRole('img', { name: /^mpjpe along the take/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'timeline-take.png') });
  });

  it('plays at the take’s rate and stops at its end', async () => {
    // Each change of the shown frame, timed in the page: the playhead's rate, frames a second.
    await page.evaluate(() => {
      const w = window as unknown as { ticks: [number, number][] };
      w.ticks = [];
      const el = document.querySelector('[aria-label="Take position"]')!;
      new MutationObserver(() => {
        const m = /^frame (\d+)/.exec(el.textContent ?? '');
        if (m) w.ticks.push([performance.now(), Number(m[1])]);
      }).observe(el, { childList: true, subtree: true, characterData: true });
    });
    await page.keyboard.press(' ');
    await expect.poll(position, { timeout: 20_000 }).toMatch(/^frame 30 \/ 30/);
    const ticks = await page.evaluate(
      () => (window as unknown as { ticks: [number, number][] }).ticks,
    );
    const [t0, f0] = ticks[0]!;
    const [t1, f1] = ticks[ticks.length - 1]!;
    const rate = ((f1 - f0) * 1000) / (t1 - t0);
    // The playhead follows the clock (a slow frame is skipped past, not waited for).
    expect(f1 - f0).toBeGreaterThanOrEqual(25);
    expect(rate).toBeGreaterThan(6.67 * 0.75);
    expect(rate).toBeLessThan(6.67 * 1.25);
    // The last frame shows for its 1/fps, then playback stops by itself.
    await expect.poll(() => page.getByRole('button', { name: 'Play' }).count()).toBe(1);
  });

  it('steps with , and . (shift for ten) and jumps to the error spike on a click', async () => {
    await page.keyboard.press(',');
    await expect.poll(position).toMatch(/^frame 29 \//);
    await page.keyboard.press('Shift+Comma');
    await expect.poll(position).toMatch(/^frame 19 \//);
    await page.keyboard.press('.');
    await expect.poll(position).toMatch(/^frame 20 \//);
    // The baseline swapped Ben's left and right at frame 11: the curve's highest point.
    const curve = page.getByRole('img', { name: /^mpjpe along the take/ });
    const box = (await curve.boundingBox())!;
    await page.mouse.click(box.x + (11 / 29) * box.width, box.y + box.height / 2);
    await expect.poll(position).toMatch(/^frame 12 \/ 30 \(#11\)/);
    await expect(page.locator('.frame-side').textContent()).resolves.toMatch(/img_000011/);
    await page.screenshot({ path: join(screenshotDir, 'timeline-spike.png') });
  });

  it('goes along the take to its next and previous failure with ] and [', async () => {
    await expect(page.locator('.frame-nav').textContent()).resolves.toMatch(
      /failure along TS1 \(mpjpe > 150 mm, a missed person or a flagged label\)/,
    );
    // After the swap at frame 11, the baseline misses Ben at frame 18.
    await page.keyboard.press(']');
    await expect.poll(position).toMatch(/\(#18\)/);
    await page.keyboard.press('[');
    await expect.poll(position).toMatch(/\(#11\)/);
  });

  it('keeps the takes it showed: stepping back into one asks the server nothing', async () => {
    const asked: string[] = [];
    const count = (r: { url(): string }) => {
      if (r.url().includes('/api/call/takeTimeline')) asked.push(r.url());
    };
    page.on('request', count);
    try {
      const take = () => page.locator('.timeline-bar strong').textContent();
      await page.keyboard.press('Escape');
      await page.getByLabel('Find image').fill('img_000029');
      await expect.poll(() => page.locator('.frame-card').count()).toBe(2);
      await page.locator('.frame-card', { hasText: 'TS1/img_000029' }).click();
      await expect.poll(position).toMatch(/^frame 30 \/ 30/);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // TS1's timeline is the one already shown; TS2's is asked for once.
      for (const [key, want] of [
        ['ArrowRight', 'TS2'],
        ['ArrowLeft', 'TS1'],
        ['ArrowRight', 'TS2'],
      ] as const) {
        await page.keyboard.press(key);
        await expect.poll(take).toBe(want);
        await expect.poll(position).toMatch(/^frame 30 \/ 30/);
      }
      expect(asked).toHaveLength(1);
    } finally {
      page.off('request', count);
    }
  });

  it("asks for a new take's timeline once the frame itself is in, not before", async () => {
    // A fresh page keeps no takes; the frame's own data is held back a while.
    await page.reload();
    await page.locator('.frame-card').first().waitFor({ timeout: 30_000 });
    const events: string[] = [];
    const note = (what: string) => (r: { url(): string }) => {
      const call = /\/api\/call\/(\w+)/.exec(r.url())?.[1];
      if (call) events.push(`${what} ${call}`);
    };
    const asked = note('asked');
    const answered = note('answered');
    const hold = async (route: Route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    };
    await page.route('**/api/call/getFrame', hold);
    page.on('request', asked);
    page.on('response', answered);
    try {
      await page.getByLabel('Find image').fill('TS2/img_000005');
      await page.locator('.frame-card', { hasText: 'TS2/img_000005' }).click();
      await expect.poll(() => page.locator('.timeline-bar strong').textContent()).toBe('TS2');
      const frameIn = events.indexOf('answered getFrame');
      expect(frameIn).toBeGreaterThanOrEqual(0);
      expect(events.indexOf('asked takeTimeline')).toBeGreaterThan(frameIn);
    } finally {
      page.off('request', asked);
      page.off('response', answered);
      await page.unroute('**/api/call/getFrame', hold);
    }
  });

  it('logged no console errors or warnings', () => {
    expect(session.problems).toEqual([]);
  });
});

explainSkip(skip);
