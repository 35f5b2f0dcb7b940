import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { browserSession } from './browserSession';
import { sampleSkipReason } from './sampleSession';
import { screenshotDir, watchConsole } from './serveProcess';

const skip = sampleSkipReason();

/** Two annotators (two browser tabs) correcting the same person at the same moment. */
describe.skipIf(skip !== undefined)('browser mode: two windows on one dataset', () => {
  const s = browserSession((p) =>
    p.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 }),
  );

  /** Opens TS2/img_000017 (Cleo, mirrored whole) in the inspector, in edit mode. */
  async function openCleo(page: Page) {
    await page.getByRole('button', { name: 'Frames', exact: true }).click();
    await page.getByLabel('Sort frames by').selectOption('file');
    await page.locator('.frame-card').first().click();
    for (let k = 0; k < 47; k++) await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('.frame-details h2').textContent())
      .toBe('MultiPersonTestSet/TS2/img_000017.jpg');
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Swap left and right' }).waitFor();
  }

  it('refuses the edit made from the stale view and says so, never reverting the other', async () => {
    // The second window hears nothing of the first one's edits (as over a slow link): its view
    // of Cleo stays the one it loaded.
    const second = await s.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await second.routeWebSocket(/\/api\/events/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((m) => {
        if (!String(m).includes('datasetChanged')) ws.send(m);
      });
    });
    const problems = watchConsole(second);
    await second.goto(s.server.url);
    await second.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 });
    await openCleo(s.page);
    await openCleo(second);
    const swap = (p: Page) => p.getByRole('button', { name: 'Swap left and right' }).click();
    const said = (p: Page) => p.locator('.edit-message').textContent();
    await swap(s.page);
    await expect.poll(() => said(s.page)).toBe('Swapped left and right');
    await swap(second);
    await expect
      .poll(() => said(second), { timeout: 10_000 })
      .toMatch(/was changed by someone else since this view was loaded: reload the frame/);
    await second.screenshot({ path: join(screenshotDir, 'two-windows-conflict.png') });
    // One swap stands: Cleo's sides are right now, not mirrored back by a second swap.
    const history = await s.server.call<{ undo: number }>('editState', { datasetId: 1 });
    expect(history.undo).toBe(1);
    // The refusal is the edit's answer, said where the tools are: no console error for it.
    expect(problems.filter((p) => !/was changed by someone else/.test(p))).toEqual([]);
    await second.close();
  });

  it('logged no console errors or warnings', () => {
    expect(s.problems).toEqual([]);
  });
});

explainSkip(skip);
