import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { e2eSkipReason } from './browser';
import { browserSession } from './browserSession';
import { screenshotDir as shots } from './serveProcess';

const skip = e2eSkipReason();

/**
 * Pixels of a screenshot in each side's hue: lit spheres and anti-aliased lines never hit the
 * palette's exact RGB, so classify by hue band instead.
 */
async function sidePixels(png: Buffer): Promise<{ left: number; right: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let left = 0;
  let right = 0;
  for (let i = 0; i < info.width * info.height * 3; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (b > 120 && r < 60 && b - g > 40) left++; // Okabe–Ito blue #0072B2
    if (r > 180 && g > 110 && g < 200 && b < 90) right++; // Okabe–Ito orange #E69F00
  }
  return { left, right };
}

describe.skipIf(skip !== undefined)('browser mode: the skeleton reference page', () => {
  const s = browserSession((p) => p.getByRole('button', { name: 'Skeletons' }).click());

  it('starts, shows Human3.6M-17 and draws the skeleton in 3D', async () => {
    await expect(s.page.title()).resolves.toBe('PoseScope');
    await s.page.locator('[data-testid=skeleton-viewer] canvas').waitFor();
    await expect(s.page.locator('.joints tbody tr').count()).resolves.toBe(17);
    await expect(s.page.locator('.joints h2').textContent()).resolves.toBe('Human3.6M-17');
    // Software WebGL needs a moment for its first frames: poll until the left (blue) and right
    // (orange) limbs show up, then require both.
    const viewer = s.page.locator('[data-testid=skeleton-viewer]');
    let counts = { left: 0, right: 0 };
    for (let attempt = 0; attempt < 40 && Math.min(counts.left, counts.right) <= 500; attempt++) {
      await s.page.waitForTimeout(250);
      counts = await sidePixels(await viewer.screenshot());
    }
    expect(counts.left).toBeGreaterThan(500);
    expect(counts.right).toBeGreaterThan(500);
    await s.page.screenshot({ path: join(shots, 'skeleton-reference-h36m.png') });
  });

  it('switches skeleton and explains how its joints map from another', async () => {
    await s.page.getByRole('button', { name: /BlazePose-33/ }).click();
    await expect(s.page.locator('.joints tbody tr').count()).resolves.toBe(33);
    await s.page.screenshot({ path: join(shots, 'skeleton-reference-blazepose.png') });
    await s.page.getByRole('button', { name: /Human3\.6M-17/ }).click();
    await s.page.locator('.map-from select').selectOption('coco17');
    const pelvisRow = s.page.locator('.joints tbody tr').first();
    await expect(pelvisRow.locator('.map').textContent()).resolves.toBe('mean(l_hip, r_hip)');
    await expect(s.page.locator('.map-summary').textContent()).resolves.toBe(
      '13 direct · 3 derived · 1 missing',
    );
    await pelvisRow.hover();
    await expect(pelvisRow.getAttribute('class')).resolves.toBe('hovered');
    await s.page.screenshot({ path: join(shots, 'skeleton-reference-mapping.png') });
  });

  it('lists the COCO-style layouts: CrowdPose-14 mapped from COCO-17, COCO-WholeBody-133', async () => {
    await s.page.getByRole('button', { name: /CrowdPose-14/ }).click();
    await expect(s.page.locator('.joints tbody tr').count()).resolves.toBe(14);
    await s.page.locator('.map-from select').selectOption('coco17');
    // COCO has the limbs, its mid-shoulder point stands in for the neck, and no head top.
    await expect(s.page.locator('.map-summary').textContent()).resolves.toBe(
      '12 direct · 1 derived · 1 missing',
    );
    await s.page.getByRole('button', { name: /Halpe-26/ }).click();
    await expect(s.page.locator('.joints tbody tr').count()).resolves.toBe(26);
    await s.page.getByRole('button', { name: /Panoptic-19/ }).click();
    await expect(s.page.locator('.joints tbody tr').count()).resolves.toBe(19);
    await s.page.getByRole('button', { name: /COCO-WholeBody-133/ }).click();
    await expect(s.page.locator('.joints tbody tr').count()).resolves.toBe(133);
    await s.page.locator('[data-testid=skeleton-viewer] canvas').waitFor();
    await s.page.waitForTimeout(500);
    await s.page.screenshot({ path: join(shots, 'skeleton-reference-wholebody.png') });
  });

  it('logged no console errors or warnings', () => {
    expect(s.problems).toEqual([]);
  });
});

explainSkip(skip);
