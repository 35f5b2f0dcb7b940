import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Moment } from '../../contract';
import { MUPOTS_17, jointIndex } from '../../core';
import { explainSkip } from '../helpers/skip';
import { openSampleFrame, sampleSession, sampleSkipReason } from './sampleSession';
import { screenshotDir, type ServeProcess } from './serveProcess';

const skip = sampleSkipReason();
const KNEE = jointIndex(MUPOTS_17, 'L_Knee');

/**
 * The views grid and Correct from views on the bundled sample: TS1 and TS2 film one room (its
 * rig file), and at frame 23 Ben's left knee is labelled 400 mm too deep in TS1, slid along
 * TS1's ray: right in TS1's image, wrong in TS2's. Placing the knee in both views triangulates
 * it back and writes it into both.
 */
describe.skipIf(skip !== undefined)('browser mode: the views grid', () => {
  const session = sampleSession('views', (s) =>
    openSampleFrame(s.page, s.server, s.dataset, 'TS1/img_000023'),
  );
  let server: ServeProcess;
  let page: Page;
  beforeAll(() => ({ server, page } = session));

  const tile = (view: string) => page.locator(`.view-tile[data-view="${view}"]`);
  const attr = async (l: Locator, name: string) => Number(await l.getAttribute(name));
  /** Ben (person 2) in the people table: his row's figure under the baseline run. */
  const benRow = () => page.locator('.frame-details tbody tr').nth(1);
  /** Screen position of an image pixel of a view. */
  const screenOf = (view: string, uv: readonly [number, number]) =>
    tile(view)
      .locator('svg')
      .evaluate((svg, [u, v]) => {
        const p = new DOMPoint(u, v).matrixTransform((svg as SVGSVGElement).getScreenCTM()!);
        return { x: p.x, y: p.y };
      }, uv);
  const dragHandle = async (view: string, to: readonly [number, number]) => {
    const box = (await tile(view).locator('.placement-handle').boundingBox())!;
    const target = await screenOf(view, to);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 6 });
    await page.mouse.up();
  };
  const kneeLabels = async () => {
    const imageId = await attr(tile('TS1'), 'data-image');
    const m = (await server.call<Moment | null>('momentViews', { datasetId: 1, imageId }))!;
    return m.views.map((v) => v.frame.people.find((p) => p.person === 1)!.joints2d![KNEE]!);
  };

  let before: string | null = null;

  it('shows the moment from both cameras, with the depth mistake visible only in TS2', async () => {
    await benRow().click();
    before = await benRow().textContent();
    await page.keyboard.press('v');
    await tile('TS2').waitFor();
    await expect(page.locator('.view-tile').count()).resolves.toBe(2);
    await expect.poll(() => tile('TS2').getAttribute('data-reproj-max')).not.toBe('');
    // TS1's 2D labels are its 3D labels' projection; TS2 sees the knee where it really is.
    expect(await attr(tile('TS1'), 'data-reproj-max')).toBeLessThan(1);
    expect(await attr(tile('TS2'), 'data-reproj-max')).toBeGreaterThan(20);
    await expect(tile('TS2').locator('figcaption').textContent()).resolves.toMatch(/\(L_Knee\)/);
    await expect(page.locator('.rig-label', { hasText: 'TS2' }).count()).resolves.toBe(1);
    // From above, the 3D view shows both cameras of the rig and the people between them.
    await page.locator('.frame-3d').getByRole('button', { name: 'Top', exact: true }).click();
    await page.screenshot({ path: join(screenshotDir, 'views-grid.png') });
  });

  it('triangulates the knee placed in both views: residuals drop, both views and the run’s figures follow', async () => {
    await page.keyboard.press('e');
    await page.getByLabel('Joint to correct').selectOption({ label: 'L_Knee' });
    const panel = page.getByRole('region', { name: 'Correct from views' });
    await panel.waitFor();
    const [ts1, ts2] = await kneeLabels();
    // A careless placement in TS1 pulls the triangulated point off both views' rays.
    await dragHandle('TS1', [ts1![0] + 40, ts1![1] - 25]);
    await expect.poll(() => attr(tile('TS1'), 'data-residual')).toBeGreaterThan(5);
    expect(await attr(tile('TS2'), 'data-residual')).toBeGreaterThan(5);
    await page.screenshot({ path: join(screenshotDir, 'views-placing.png') });
    // Placed where each camera sees the knee: both residuals drop to sub-pixel.
    await dragHandle('TS1', ts1!);
    await dragHandle('TS2', ts2!);
    await expect.poll(() => attr(tile('TS1'), 'data-residual')).toBeLessThan(1);
    expect(await attr(tile('TS2'), 'data-residual')).toBeLessThan(1);
    await expect(panel.textContent()).resolves.toMatch(/moves the joint (3\d\d|4\d\d) mm/);
    await page.screenshot({ path: join(screenshotDir, 'views-placed.png') });

    await panel.getByRole('button', { name: /^Write joint from 2 views$/ }).click();
    await expect
      .poll(() => attr(tile('TS2'), 'data-reproj-max'), { timeout: 15_000 })
      .toBeLessThan(2);
    expect(await attr(tile('TS1'), 'data-reproj-max')).toBeLessThan(2);
    // The run is scored again against the corrected knee.
    await expect.poll(() => benRow().textContent(), { timeout: 15_000 }).not.toBe(before);
    await page.screenshot({ path: join(screenshotDir, 'views-corrected.png') });
  });

  it('undoes the whole correction in one step', async () => {
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => attr(tile('TS2'), 'data-reproj-max'), { timeout: 15_000 })
      .toBeGreaterThan(20);
    await expect.poll(() => benRow().textContent(), { timeout: 15_000 }).toBe(before);
  });

  it('logged no console errors or warnings', () => {
    expect(session.problems).toEqual([]);
  });
});

explainSkip(skip);
