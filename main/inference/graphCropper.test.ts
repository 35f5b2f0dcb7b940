import { describe, expect, it } from 'vitest';
import type { SampleMap } from './cropGraph';
import { footprint } from './graphCropper';

const image = (width: number, height: number) => ({
  file: 'frame.jpg',
  width,
  height,
  // Pixel (x, y) holds x in red and y in green, so a copied part shows where it came from.
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    return i % 3 === 0 ? p % width : i % 3 === 1 ? Math.floor(p / width) : 7;
  }),
});
const spec = { width: 4, height: 6 };

describe('footprint', () => {
  it('keeps every bilinear tap of the crop, widened by a pixel, and copies those rows', () => {
    const img = image(50, 40);
    // Tensor (u, v) samples x = 0.5u + 10.25, y = 0.75v + 20.5: x over [10.25, 11.75], y [20.5, 24.25].
    const map: SampleMap = [0.5, 0, 10.25, 0, 0.75, 20.5];
    const part = footprint(img, spec, map);
    // Taps floor(x) .. floor(x) + 1 = 10 .. 12, y 20 .. 25; one more pixel each side.
    expect([part.x, part.y, part.width, part.height]).toEqual([9, 19, 5, 8]);
    for (let r = 0; r < part.height; r++)
      for (let c = 0; c < part.width; c++) {
        const at = (r * part.width + c) * 3;
        expect([part.data[at], part.data[at + 1]]).toEqual([part.x + c, part.y + r]);
      }
  });

  it('follows a rotated map through its corners', () => {
    const img = image(100, 100);
    // 90°: x = 50 − v, y = 20 + u.
    const part = footprint(img, spec, [0, -1, 50, 1, 0, 20]);
    expect([part.x, part.y, part.width, part.height]).toEqual([44, 19, 9, 7]);
  });

  it('clips to the image and gives the image itself when the crop covers it', () => {
    const img = image(20, 10);
    const part = footprint(img, spec, [10, 0, -5, 0, 5, -3]);
    expect(part.data).toBe(img.data);
    expect([part.x, part.y, part.width, part.height]).toEqual([0, 0, 20, 10]);
    const edge = footprint(img, spec, [1, 0, 17, 0, 1, 7]);
    expect([edge.x, edge.y, edge.width, edge.height]).toEqual([16, 6, 4, 4]);
  });

  it('keeps one pixel for a crop wholly outside, and the whole image for a map that is not finite', () => {
    const img = image(20, 10);
    const out = footprint(img, spec, [1, 0, 500, 0, 1, -300]);
    expect([out.width, out.height]).toEqual([1, 1]);
    expect(footprint(img, spec, [NaN, 0, 0, 0, 1, 0]).data).toBe(img.data);
  });
});
