import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/helpers/random';
import { decodeArtifact, float32Artifact, quantisedMaps } from './artifacts';

const [J, H, W] = [17, 64, 48];

/** A stack of Gaussian peaks over a faint floor, as a trained model's heatmaps look. */
function peaked(seed: number): Float32Array {
  const rnd = mulberry32(seed);
  const v = new Float32Array(J * H * W);
  for (let j = 0; j < J; j++) {
    const [px, py] = [8 + rnd() * 32, 8 + rnd() * 48];
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        v[(j * H + y) * W + x] = Math.exp(-((x - px) ** 2 + (y - py) ** 2) / 8) + 0.01 * rnd();
  }
  return v;
}

/** Within half a quantisation step of each channel's range. */
function expectWithinStep(back: Float32Array, v: Float32Array) {
  for (let j = 0; j < J; j++) {
    const ch = v.subarray(j * H * W, (j + 1) * H * W);
    const step = (Math.max(...ch) - Math.min(...ch)) / 255;
    ch.forEach((x, k) =>
      expect(Math.abs(back[j * H * W + k]! - x)).toBeLessThanOrEqual(step / 2 + 1e-6),
    );
  }
}

describe('quantisedMaps', () => {
  it('deflates maps with peaks, and decodes them within half a step', () => {
    const v = peaked(1);
    const a = quantisedMaps('heatmaps', v, [J, H, W]);
    expect(a.encoding).toBe('u8-minmax-deflate');
    expect(a.data.length).toBeLessThan(v.length / 2);
    expectWithinStep(decodeArtifact(a), v);
  });

  it('stores maps that do not compress without deflating them, decoded the same way', () => {
    const rnd = mulberry32(2);
    const v = Float32Array.from({ length: J * H * W }, () => rnd());
    const a = quantisedMaps('heatmaps', v, [J, H, W]);
    expect(a.encoding).toBe('u8-minmax');
    expect(a.data.length).toBe(J * 8 + v.length);
    expectWithinStep(decodeArtifact(a), v);
  });

  it('rejects a value count that does not fit the shape, naming both', () => {
    expect(() => quantisedMaps('heatmaps', new Float32Array(10), [2, 2, 2])).toThrow(
      'heatmaps: 10 values for shape [2, 2, 2]',
    );
  });

  it('keeps small vectors exact, and names an encoding it does not know', () => {
    const a = float32Artifact('depth_bins', [0.25, 0.5, 0.125], [3]);
    expect(Array.from(decodeArtifact(a))).toEqual([0.25, 0.5, 0.125]);
    expect(() => decodeArtifact({ ...a, encoding: 'zstd' })).toThrow(
      'unknown artifact encoding zstd',
    );
  });
});
