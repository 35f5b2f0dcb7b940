import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/helpers/random';
import type { CropSpec, SampleMap } from './cropGraph';
import { CpuCropper, cropperFor } from './cpuCropper';
import { GraphCropper } from './graphCropper';
import type { TensorLayout } from './imageTensor';

const LAYOUTS: TensorLayout[] = [
  {
    layout: 'NCHW',
    channels: 'RGB',
    scale: 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  {
    layout: 'NHWC',
    channels: 'BGR',
    scale: 1,
    mean: [103.9, 116.8, 123.7],
    std: [57.4, 57.1, 58.4],
  },
];

describe('CpuCropper', () => {
  const graph = new GraphCropper(['cpu']);
  afterAll(() => graph.release());

  // Noise images (the steepest gradients there are) and random maps: scaled, rotated,
  // sheared, partly or wholly outside the image, magnified and shrunk.
  it.each([1, 2, 3, 4, 5, 6])(
    'equals the crop graph within float32 rounding (seed %i)',
    async (seed) => {
      const rnd = mulberry32(seed);
      const w = 20 + Math.floor(rnd() * 300);
      const h = 20 + Math.floor(rnd() * 300);
      const img = {
        file: 'noise',
        width: w,
        height: h,
        data: Uint8Array.from({ length: w * h * 3 }, () => Math.floor(rnd() * 256)),
      };
      let sampled = 0;
      for (const layout of LAYOUTS)
        for (const padding of ['zeros', 'border'] as const) {
          const spec: CropSpec = { width: 24 + seed, height: 32, layout, padding };
          const turn = rnd() * 2 * Math.PI;
          const s = 0.2 + rnd() * 4;
          const map: SampleMap = [
            s * Math.cos(turn),
            -s * Math.sin(turn) * (0.8 + rnd() * 0.4),
            (rnd() - 0.3) * w * 1.4,
            s * Math.sin(turn),
            s * Math.cos(turn),
            (rnd() - 0.3) * h * 1.4,
          ];
          const per = 3 * spec.width * spec.height;
          const want = new Float32Array(per + 5).fill(NaN);
          const got = new Float32Array(per + 5).fill(NaN);
          await graph.crop(img, spec, [{ map, offset: 5 }], want);
          await new CpuCropper().crop(img, spec, [{ map, offset: 5 }], got);
          expect(got.subarray(0, 5).every(Number.isNaN)).toBe(true);
          // The graph's float32 coordinates and arithmetic against float64: 1e-4 is under a
          // hundredth of one 8-bit level (1/255 ÷ std ≈ 0.017 here), and 4× what rounding gives.
          let worst = 0;
          for (let i = 5; i < got.length; i++)
            worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
          expect(worst, `${layout.layout} ${padding}`).toBeLessThan(1e-4);
          if (got.subarray(5).some((x) => x !== 0)) sampled++;
        }
      // Not a test of nothing: most crops reach the image (a random one may miss it).
      expect(sampled).toBeGreaterThanOrEqual(2);
    },
  );

  it('leaves the mean colour, exactly 0, wherever no tap reaches the image', async () => {
    const img = { file: 'white', width: 4, height: 4, data: new Uint8Array(48).fill(255) };
    const spec: CropSpec = { width: 8, height: 2, layout: LAYOUTS[0]!, padding: 'zeros' };
    const out = new Float32Array(48).fill(NaN);
    // Columns sample x = u − 4: u ≤ 2 lies wholly left of the image, u = 3 straddles its edge.
    await new CpuCropper().crop(img, spec, [{ map: [1, 0, -4, 0, 1, 0], offset: 0 }], out);
    const row = Array.from(out.subarray(0, 8));
    expect(row.slice(0, 3)).toEqual([0, 0, 0]);
    expect(row[3]).toBeCloseTo(0, 9);
    expect(row[4]).toBeCloseTo((1 - 0.485) / 0.229, 5);
  });

  it('rejects a slot that does not fit the output array', async () => {
    const img = { file: 'x', width: 2, height: 2, data: new Uint8Array(12) };
    const spec: CropSpec = { width: 2, height: 2, layout: LAYOUTS[0]!, padding: 'zeros' };
    await expect(
      new CpuCropper().crop(
        img,
        spec,
        [{ map: [1, 0, 0, 0, 1, 0], offset: 1 }],
        new Float32Array(12),
      ),
    ).rejects.toThrow('tensor slot 1+12 exceeds 12 floats');
  });

  it('is what a run crops with when every model runs on the CPU; a GPU model keeps the graph', () => {
    expect(cropperFor(['cpu', 'cpu'], ['cuda', 'cpu'])).toBeInstanceOf(CpuCropper);
    expect(cropperFor(['cuda', 'cpu'], ['cuda', 'cpu'])).toBeInstanceOf(GraphCropper);
    expect(cropperFor(['dml'], ['dml', 'cpu'])).toBeInstanceOf(GraphCropper);
    expect(cropperFor(['remote', 'remote'], ['remote'])).toBeInstanceOf(CpuCropper);
  });
});
