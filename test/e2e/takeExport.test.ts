import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { openSampleFrame, sampleSession, sampleSkipReason } from './sampleSession';
import { screenshotDir } from './serveProcess';

const skip = sampleSkipReason();

/** A PNG's size from its IHDR chunk, after checking the signature. */
function pngSize(bytes: Uint8Array): [number, number] {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** An EBML variable-length integer at `at`: [value, length]; `marker` keeps the length bits. */
function vint(b: Uint8Array, at: number, marker: boolean): [number, number] {
  let len = 1;
  while (len <= 8 && !(b[at]! & (0x80 >> (len - 1)))) len++;
  let v = marker ? b[at]! : b[at]! & (0xff >> len);
  for (let k = 1; k < len; k++) v = v * 256 + b[at + k]!;
  return [v, len];
}

/** A big-endian unsigned integer of `size` bytes. */
const readUint = (b: Uint8Array, at: number, size: number) => {
  let v = 0;
  for (let k = 0; k < size; k++) v = v * 256 + b[at + k]!;
  return v;
};

/**
 * The video frames' times (ms) of a MediaRecorder WebM: the Segment, its Clusters and their
 * BlockGroups are read into (a streamed Segment or Cluster may be of unknown size), everything
 * else is skipped, and each Block's (or SimpleBlock's) time is its Cluster's Timestamp plus its
 * own 16-bit offset.
 */
function webmFrameTimes(b: Uint8Array): number[] {
  const CONTAINERS = new Set([0x18538067, 0x1f43b675, 0xa0]);
  const [TIMESTAMP, BLOCK, SIMPLE_BLOCK] = [0xe7, 0xa1, 0xa3];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const times: number[] = [];
  let cluster = 0;
  let at = 0;
  while (at < b.length) {
    const [id, idLen] = vint(b, at, true);
    const [size, sizeLen] = vint(b, at + idLen, false);
    const body = at + idLen + sizeLen;
    if (CONTAINERS.has(id)) {
      at = body;
      continue;
    }
    if (id === TIMESTAMP) cluster = readUint(b, body, size);
    if (id === BLOCK || id === SIMPLE_BLOCK)
      times.push(cluster + view.getInt16(body + vint(b, body, false)[1]));
    at = body + size;
  }
  return times;
}

/**
 * Export take… on the bundled sample's TS1 (30 frames of 800×600 at 6.67 fps): PNG frames in a
 * zip, a WebM video held at the take's rate, the 3D view from a later frame on, and a cancel —
 * each leaving the inspector on the frame it showed before.
 */
describe.skipIf(skip !== undefined)('browser mode: exporting a take', () => {
  const session = sampleSession('take-export', async (s) => {
    await openSampleFrame(s.page, s.server, s.dataset, 'TS1/img_000000');
    await s.page.locator('.frame-3d-cell canvas').waitFor();
  });
  let page: Page;
  beforeAll(() => ({ page } = session));

  const position = () => page.getByLabel('Take position').textContent();
  const dialog = () => page.getByRole('dialog', { name: 'Export take' });
  /** Chooses in the open dialog, exports, and returns the download's name and bytes. */
  const exportWith = async (choices: string[]) => {
    for (const c of choices) await dialog().getByLabel(c).check();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      dialog().getByRole('button', { name: 'Export' }).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };

  it('saves the whole take as 30 PNG frames of 800×600 in a zip', async () => {
    await page.getByRole('button', { name: 'Export take…' }).click();
    await dialog().waitFor();
    await page.screenshot({ path: join(screenshotDir, 'take-export.png') });
    const { name, bytes } = await exportWith(['image with overlays', 'PNG frames (zip)']);
    expect(name).toBe('ts1-frames.zip');
    const files = unzipSync(new Uint8Array(bytes));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(30);
    expect(names[0]).toBe('ts1_000001.png');
    expect(names[29]).toBe('ts1_000030.png');
    for (const n of names) expect(pngSize(files[n]!)).toEqual([800, 600]);
    // The frames differ (each was drawn after it was shown, not the first one thirty times).
    expect(new Set(names.map((n) => files[n]!.length)).size).toBeGreaterThan(20);
    await expect
      .poll(() =>
        dialog()
          .getByText(/^Saved ts1-frames\.zip/)
          .count(),
      )
      .toBe(1);
    await expect.poll(position).toMatch(/^frame 1 \/ 30/);
    // Frame 12 (the planted swap) as Save image draws it: the export drew each frame once it
    // was shown, overlay and all.
    await page.getByLabel('Scrub take').fill('11');
    await expect.poll(position).toMatch(/^frame 12 \/ 30/);
    await page.locator('.frame-details h2', { hasText: 'img_000011' }).waitFor();
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save image' }).click(),
    ]);
    expect(readFileSync(await saved.path()).equals(files['ts1_000012.png']!)).toBe(true);
    await page.getByLabel('Scrub take').fill('0');
    await expect.poll(position).toMatch(/^frame 1 \/ 30/);
  }, 120_000);

  it('records a WebM video that holds each frame for 1/fps', async () => {
    const { name, bytes } = await exportWith(['WebM video']);
    expect(name).toBe('ts1.webm');
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(bytes.length).toBeGreaterThan(20_000);
    // Thirty frames and the last once more (so it lasts 1/fps too), about 150 ms apart.
    const times = webmFrameTimes(new Uint8Array(bytes));
    expect(times).toHaveLength(31);
    const gaps = times.slice(1).map((t, k) => t - times[k]!);
    // Each frame in a render of its own, and most held 150 ms (a busy machine may capture one
    // late, the next then early), the whole at the take's rate.
    for (const g of gaps) expect(g).toBeGreaterThan(0);
    const median = [...gaps].sort((a, b) => a - b)[15]!;
    expect(Math.abs(median - 150)).toBeLessThanOrEqual(20);
    const mean = (times[30]! - times[0]!) / 30;
    expect(mean).toBeGreaterThan(150 * 0.9);
    expect(mean).toBeLessThan(150 * 1.25);
    await expect.poll(position).toMatch(/^frame 1 \/ 30/);
  }, 120_000);

  it('saves the 3D view from the shown frame on, and comes back to it', async () => {
    await dialog().getByRole('button', { name: 'Close' }).click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Shift+Period');
    await page.keyboard.press('Shift+Period');
    await expect.poll(position).toMatch(/^frame 21 \/ 30/);
    await page.getByRole('button', { name: 'Export take…' }).click();
    const { name, bytes } = await exportWith(['3D view', 'PNG frames (zip)', 'from here']);
    expect(name).toBe('ts1-3d-frames.zip');
    const files = unzipSync(new Uint8Array(bytes));
    const pngs = Object.keys(files)
      .sort()
      .map((n) => files[n]!);
    expect(pngs).toHaveLength(10);
    const size = await page
      .locator('.frame-3d-cell canvas')
      .evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    for (const p of pngs) expect(pngSize(p)).toEqual(size);
    expect(new Set(pngs.map((p) => p.length)).size).toBeGreaterThan(1);
    await expect.poll(position).toMatch(/^frame 21 \/ 30/);
    // Frame 21 back in the view draws what the export captured for it (to the rounding of a
    // software GL), and not what it drew for frame 22: each capture waited for its own drawing.
    const unlike = (png: Uint8Array) =>
      page.locator('.frame-3d-cell canvas').evaluate(async (c: HTMLCanvasElement, b64: string) => {
        const pixels = async (src: CanvasImageSource) => {
          const off = new OffscreenCanvas(c.width, c.height);
          const g = off.getContext('2d')!;
          g.drawImage(src, 0, 0);
          return g.getImageData(0, 0, c.width, c.height).data;
        };
        const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const [a, b] = [await pixels(c), await pixels(await createImageBitmap(new Blob([bytes])))];
        return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i]!)), 0);
      }, Buffer.from(png).toString('base64'));
    await expect.poll(() => unlike(pngs[0]!)).toBeLessThanOrEqual(2);
    expect(await unlike(pngs[1]!)).toBeGreaterThan(16);
  }, 120_000);

  it('stops on Cancel, saving nothing, and shows the frame it showed before', async () => {
    let downloads = 0;
    page.on('download', () => downloads++);
    await dialog().getByLabel('whole take').check();
    await dialog().getByLabel('WebM video').check();
    await dialog().getByRole('button', { name: 'Export' }).click();
    await expect
      .poll(() => dialog().getByLabel('Export progress').textContent(), { timeout: 20_000 })
      .toMatch(/^frame [3-9] \/ 30/);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().getByRole('button', { name: 'Export' }).waitFor();
    await expect.poll(position).toMatch(/^frame 21 \/ 30/);
    expect(downloads).toBe(0);
    await expect(dialog().getByRole('alert').count()).resolves.toBe(0);
  }, 60_000);

  it('logged no console errors or warnings', () => {
    expect(session.problems).toEqual([]);
  });
});

explainSkip(skip);
