import { describe, expect, it } from 'vitest';
import { argmax2d, softArgmax2d, softArgmax3d } from './heatmap';

/** Gaussian blob of `joints` maps of size H×W centred at (cx, cy). */
function gaussianMaps(
  H: number,
  W: number,
  centres: readonly (readonly [number, number])[],
  sigma = 1.5,
) {
  const data = new Float32Array(centres.length * H * W);
  centres.forEach(([cx, cy], j) => {
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        data[j * H * W + y * W + x] = Math.exp(
          -((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma),
        );
  });
  return { data, joints: centres.length, height: H, width: W };
}

describe('heatmap decoding', () => {
  it('argmax finds each joint peak', () => {
    const hm = gaussianMaps(16, 12, [
      [3, 4],
      [10, 14],
    ]);
    const peaks = argmax2d(hm);
    expect(peaks.map((p) => p.xy)).toEqual([
      [3, 4],
      [10, 14],
    ]);
    expect(peaks[0]!.score).toBeCloseTo(1, 6);
  });

  it('quarter offset moves 0.25 px towards the higher neighbour', () => {
    const hm = gaussianMaps(16, 16, [[6.3, 8]]);
    expect(argmax2d(hm, true)[0]!.xy).toEqual([6.25, 8]);
  });

  it('soft-argmax recovers a sub-pixel centre of a normalised blob', () => {
    const hm = gaussianMaps(32, 32, [[12.4, 17.7]]);
    const [p] = softArgmax2d(hm, { normalized: true });
    expect(p![0]).toBeCloseTo(12.4, 3);
    expect(p![1]).toBeCloseTo(17.7, 3);
  });

  it('soft-argmax over softmax logits: a hand-checked two-cell map', () => {
    // Logits [0, ln 3] on a 1×2 map → p = [¼, ¾] → x = 0.75.
    const [p] = softArgmax2d({ data: [0, Math.log(3)], joints: 1, height: 1, width: 2 });
    expect(p![0]).toBeCloseTo(0.75, 12);
    expect(p![1]).toBe(0);
  });

  it('3D soft-argmax returns (x, y, z) and the per-joint depth profile', () => {
    // J = 1, D = 2, H = 1, W = 2 normalised: mass ¼ at (x0,z0), ¾ at (x1,z1).
    const [j] = softArgmax3d(
      { data: [0.25, 0, 0, 0.75], joints: 1, depth: 2, height: 1, width: 2 },
      { normalized: true },
    );
    expect(j!.xyz).toEqual([0.75, 0, 0.75]);
    expect(j!.depthProfile).toEqual([0.25, 0.75]);
  });

  it('names the tensor shape it expected when sizes disagree', () => {
    expect(() => argmax2d({ data: new Float32Array(10), joints: 2, height: 2, width: 3 })).toThrow(
      /holds 10 values; 2×2×3 needs 12/,
    );
  });
});
