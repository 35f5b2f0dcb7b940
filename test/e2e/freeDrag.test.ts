import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { browserSession } from './browserSession';
import { sampleSkipReason } from './sampleSession';
import { screenshotDir } from './serveProcess';

const skip = sampleSkipReason();

type Point = readonly [number, number];
const point = (attr: string | null): Point => {
  const [x, y] = (attr ?? '').split(' ').map(Number);
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`no point in "${attr}"`);
  return [x!, y!];
};

/** The free 3D drag of issue 9: the inspector's gizmo moves a joint in camera space. */
describe.skipIf(skip !== undefined)('browser mode: free 3D drag with the gizmo', () => {
  const s = browserSession((p) =>
    p.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 }),
  );

  const panelText = async () => (await s.page.locator('.edit-panel').textContent()) ?? '';
  const depth = async () => Number(/depth ([\d.]+) m/.exec(await panelText())?.[1]);
  const undoCount = async () => Number(/Undo \((\d+)\)/.exec(await panelText())?.[1]);
  const gizmo = () => s.page.getByTestId('joint-gizmo');

  /** Where the gizmo publishes `attr`, on the s.page: its points are canvas pixels. */
  async function onPage(attr: string): Promise<Point> {
    const canvas = (await s.page.locator('.frame-3d canvas').boundingBox())!;
    const [x, y] = point(await gizmo().getAttribute(attr));
    return [canvas.x + x, canvas.y + y];
  }

  /** Waits until the gizmo's published point stops moving (the view has been drawn). */
  async function settled(attr: string): Promise<Point> {
    let last = await gizmo().getAttribute(attr);
    for (let k = 0; k < 20; k++) {
      await s.page.waitForTimeout(150);
      const now = await gizmo().getAttribute(attr);
      if (now === last && now !== null) return onPage(attr);
      last = now;
    }
    throw new Error(`the gizmo's ${attr} kept moving`);
  }

  it('drags L_Knee towards the camera along the gizmo’s Z arrow and commits one edit', async () => {
    await s.page.getByRole('button', { name: 'Frames', exact: true }).click();
    await s.page.getByLabel('Sort frames by').selectOption('file');
    await s.page.locator('.frame-card').first().click();
    for (let k = 0; k < 23; k++) await s.page.keyboard.press('ArrowRight');
    await expect
      .poll(() => s.page.locator('.frame-details h2').textContent())
      .toBe('MultiPersonTestSet/TS1/img_000023.jpg');
    await s.page.keyboard.press('e');
    await s.page.locator('.edit-panel').waitFor();
    await s.page.getByLabel('Joint to correct').selectOption({ label: 'L_Knee' });
    await gizmo().waitFor();
    await expect(gizmo().textContent()).resolves.toMatch(/^L_Knee: [\d.]+ px from its 2D label$/);

    // Root-aligned joints are not camera space: the gizmo hides and says why.
    const toolbar = s.page.getByRole('toolbar', { name: '3D view' });
    await toolbar.getByRole('button', { name: 'Root-aligned' }).click();
    await expect(s.page.locator('.gizmo-note').textContent()).resolves.toMatch(
      /Absolute mode only/,
    );
    await expect(gizmo().count()).resolves.toBe(0);
    await toolbar.getByRole('button', { name: 'Absolute' }).click();
    await gizmo().waitFor();

    // From the camera the Z arrow points at the viewer; from the side it can be grabbed.
    await toolbar.getByRole('button', { name: 'Left-front' }).click();
    await settled('data-axis-z');
    // The user's own orbit, which neither the gizmo drag nor the edit may undo.
    const canvas = (await s.page.locator('.frame-3d canvas').boundingBox())!;
    const empty: Point = [canvas.x + 60, canvas.y + canvas.height - 80];
    await s.page.mouse.move(...empty);
    await s.page.mouse.down();
    await s.page.mouse.move(empty[0] + 60, empty[1], { steps: 5 });
    await s.page.mouse.up();
    const grab = await settled('data-axis-z');
    const origin = await onPage('data-origin');
    const along = [grab[0] - origin[0], grab[1] - origin[1]] as const;
    const len = Math.hypot(...along);
    expect(len).toBeGreaterThan(15);
    const seen = async () => [...(await onPage('data-origin')), ...(await onPage('data-axis-x'))];
    const orbited = await seen();
    const before = await depth();
    const undoBefore = await undoCount();

    await s.page.mouse.move(...grab);
    await s.page.mouse.down();
    const to: Point = [grab[0] + (along[0] / len) * 30, grab[1] + (along[1] / len) * 30];
    await s.page.mouse.move(...to, { steps: 8 });
    // Live while dragging: the joint's reprojection error and depth, on the gizmo.
    await expect
      .poll(async () => (await gizmo().textContent()) ?? '')
      .toMatch(/^L_Knee: [\d.]+ px from its 2D label · depth [\d.]+ m$/);
    const live = Number(/depth ([\d.]+) m/.exec((await gizmo().textContent()) ?? '')?.[1]);
    // The arrow points at the viewer's side of the scene (+Z in the scene): the knee comes nearer.
    expect(live).toBeLessThan(before - 0.02);
    await s.page.screenshot({ path: join(screenshotDir, 'edit-free-drag.png') });
    await s.page.mouse.up();

    await expect.poll(undoCount, { timeout: 10_000 }).toBe(undoBefore + 1);
    await expect.poll(depth, { timeout: 10_000 }).toBeCloseTo(live, 3);
    await expect(s.page.locator('.edit-message').textContent()).resolves.toMatch(
      /^Moved L_Knee in 3D: [\d.]+ px from its 2D label$/,
    );
    // The gizmo sits on the corrected label; undo takes the knee back.
    await expect.poll(async () => (await gizmo().textContent()) ?? '').not.toContain('depth');
    await s.page.keyboard.press('Control+z');
    await expect.poll(depth, { timeout: 10_000 }).toBeCloseTo(before, 3);
    // With the knee back, the gizmo is on screen where it was before the drag: the camera did not
    // orbit with the drag, nor go back to the preset when the edited frame came in.
    await settled('data-origin');
    (await seen()).forEach((px, i) => expect(px).toBeCloseTo(orbited[i]!, 0));
  });

  it('logged no console errors or warnings', () => {
    expect(s.problems).toEqual([]);
  });
});

explainSkip(skip);
