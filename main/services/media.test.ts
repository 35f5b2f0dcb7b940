import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H36M_17, SIDE_COLORS } from '../../core';
import { serveMedia, type PosesOf } from './media';

const dir = mkdtempSync(join(tmpdir(), 'posescope-media-'));
const file = join(dir, 'grey.jpg');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#404040' } })
    .jpeg()
    .toFile(file);
});

/** A standing person: every joint on a vertical line at x, the pelvis at (x, 240). */
const person = (x: number) => H36M_17.joints.map((_, j) => [x, 120 + 12 * j] as [number, number]);
const thumb = (url: string, posesOf?: PosesOf) =>
  serveMedia(new URL(url, 'http://media.local'), () => file, join(dir, 'thumbs'), posesOf);
async function pixel(body: Uint8Array, x: number, y: number) {
  const { data, info } = await sharp(Buffer.from(body)).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const near = (p: number[], q: number[]) => p.every((v, i) => Math.abs(v - q[i]!) < 40);

describe('thumbnails with the labelled skeletons drawn in', () => {
  it('draws each person where they are labelled, at the thumbnail scale', async () => {
    const poses = { width: 640, height: 480, skeletons: [person(200), person(400)] };
    const posesOf: PosesOf = () => ({ poses, skeleton: H36M_17 });
    const plain = await thumb('/media/1/thumb/1?w=320', posesOf);
    const drawn = await thumb('/media/1/thumb/1?w=320&pose=k', posesOf);
    expect([plain.status, drawn.status]).toEqual([200, 200]);
    // The thorax (joint 8, midline) of the first person at (200, 216) → (100, 108) in 320 px.
    expect(near(await pixel(plain.body, 100, 108), [64, 64, 64])).toBe(true);
    expect(near(await pixel(drawn.body, 100, 108), rgb(SIDE_COLORS.center))).toBe(true);
    expect(near(await pixel(drawn.body, 200, 108), rgb(SIDE_COLORS.center))).toBe(true);
    // Between the two people the image is untouched.
    expect(near(await pixel(drawn.body, 150, 108), [64, 64, 64])).toBe(true);
  });

  it('is made again when the skeletons change, and plain when there are none', async () => {
    let skeletons = [person(200)];
    const posesOf: PosesOf = () => ({
      poses: { width: 640, height: 480, skeletons },
      skeleton: H36M_17,
    });
    const before = await thumb('/media/1/thumb/1?w=160&pose=a', posesOf);
    skeletons = [person(300)];
    const after = await thumb('/media/1/thumb/1?w=160&pose=b', posesOf);
    expect(Buffer.compare(Buffer.from(before.body), Buffer.from(after.body))).not.toBe(0);
    expect(near(await pixel(after.body, 75, 54), rgb(SIDE_COLORS.center))).toBe(true);
    skeletons = [];
    const none = await thumb('/media/1/thumb/1?w=160&pose=c', posesOf);
    const plain = await thumb('/media/1/thumb/1?w=160');
    expect(Buffer.compare(Buffer.from(none.body), Buffer.from(plain.body))).toBe(0);
  });
});
