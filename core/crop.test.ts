import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cropTransform, heatmapToImage, imageToInput, inputToImage, processBbox } from './crop';

describe('top-down crops (RootNet)', () => {
  it('makes a hand-checked aspect-preserving box with 1.25 padding', () => {
    // Box 100×300 at (100, 100) in a 1000×1000 image; input 256×256 (aspect 1).
    // Clipped w, h = 99, 299; centre (149.5, 249.5); widen to 299×299; pad to 373.75.
    const b = processBbox(
      [100, 100, 100, 300],
      { width: 1000, height: 1000 },
      { width: 256, height: 256 },
    );
    expect(b).toBeDefined();
    const [x, y, w, h] = b!;
    expect(w).toBeCloseTo(373.75, 10);
    expect(h).toBeCloseTo(373.75, 10);
    expect(x + w / 2).toBeCloseTo(149.5, 10);
    expect(y + h / 2).toBeCloseTo(249.5, 10);
  });

  it('refuses empty or outside boxes', () => {
    expect(
      processBbox([10, 10, 0, 50], { width: 100, height: 100 }, { width: 64, height: 64 }),
    ).toBe(undefined);
  });

  it('maps image ↔ input exactly both ways and heatmap pixels through the stride', () => {
    const t = cropTransform([100, 50, 200, 200], { width: 256, height: 256 });
    expect(imageToInput(t, [200, 150])).toEqual([128, 128]);
    // Heatmap 64×64 (stride 4): cell (32, 32) → input (128, 128) → image (200, 150).
    expect(heatmapToImage(t, [32, 32], { width: 64, height: 64 })).toEqual([200, 150]);
    const c = fc.double({ min: -500, max: 1500, noNaN: true });
    fc.assert(
      fc.property(c, c, (u, v) => {
        const back = inputToImage(t, imageToInput(t, [u, v]));
        expect(back[0]).toBeCloseTo(u, 9);
        expect(back[1]).toBeCloseTo(v, 9);
      }),
    );
  });
});
