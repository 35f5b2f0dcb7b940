import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cropTransform,
  imageToInput,
  inputToImage,
  processBbox,
  type BBox,
  type CropTransform,
} from '../../core';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import { boxSampleMap } from './cropGraph';
import { CpuCropper } from './cpuCropper';
import { GraphCropper, type Cropper } from './graphCropper';
import {
  decodeImage,
  letterboxTransform,
  type DecodedImage,
  type TensorLayout,
} from './imageTensor';

// The crop as the pipeline runs it: the crop graph (on onnxruntime's CPU provider here, on a
// GPU in use) and the loop that stands in for it where the models run on the CPU. Every crop
// test below runs for both, against the same expected values.
const CROPPERS: [string, () => Cropper][] = [
  ['the crop graph', () => new GraphCropper(['cpu'])],
  ['the CPU loop', () => new CpuCropper()],
];
let cropper: Cropper;

const cropToTensor = (
  img: DecodedImage,
  t: CropTransform,
  layout: TensorLayout,
  out: Float32Array,
  offset: number,
) =>
  cropper.crop(
    img,
    { width: t.input.width, height: t.input.height, layout, padding: 'zeros' },
    [{ map: boxSampleMap(t), offset }],
    out,
  );

async function letterboxToTensor(
  img: DecodedImage,
  input: { width: number; height: number },
  layout: TensorLayout,
  out: Float32Array,
  offset: number,
) {
  const t = letterboxTransform(img, input);
  await cropToTensor(img, t, layout, out, offset);
  return t;
}

const h36m = sharedSample('h36m-sample');
const H36M_FRAME = 'images/s_01_act_02_subact_02_ca_01/s_01_act_02_subact_02_ca_01_000001.jpg';

const IMAGENET: TensorLayout = {
  layout: 'NCHW',
  channels: 'RGB',
  scale: 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};
const UNIT = { scale: 255, mean: [0, 0, 0], std: [1, 1, 1] } as const;
// The graph computes p·k − m in float32, a rounding or two from (p/scale − mean)/std.
const FLOAT = 5;
const near = (x: number, y: number) => Math.abs(x - y) < 5 * 10 ** -FLOAT;

/** Value of channel c (in the layout's order) at input pixel (u, v). */
function at(
  t: Float32Array,
  l: TensorLayout,
  W: number,
  H: number,
  c: number,
  u: number,
  v: number,
) {
  return t[l.layout === 'NCHW' ? c * W * H + v * W + u : (v * W + u) * 3 + c]!;
}

/** Squares on black, as [colour channel, x, y, size] in image pixels. */
const SQUARES = [
  ['R', 40, 20, 20],
  ['G', 100, 50, 10],
  ['B', 150, 10, 30],
] as const;

async function writeImage(
  file: string,
  width: number,
  height: number,
  fill: (x: number, y: number, c: number) => number,
) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = fill(x, y, c);
  await sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(file);
}

describe.each(CROPPERS)('imageTensor, cropped by %s', (_, make) => {
  beforeAll(() => {
    cropper = make();
  });
  afterAll(() => cropper.release());
  const dir = mkdtempSync(join(tmpdir(), 'posescope-imagetensor-'));
  const squaresFile = join(dir, 'squares.png');
  const whiteFile = join(dir, 'white.png');
  let squares: DecodedImage;
  let white: DecodedImage;

  beforeAll(async () => {
    await writeImage(squaresFile, 200, 100, (x, y, c) =>
      SQUARES.some(
        ([ch, sx, sy, n]) => 'RGB'[c] === ch && x >= sx && x < sx + n && y >= sy && y < sy + n,
      )
        ? 255
        : 0,
    );
    await writeImage(whiteFile, 200, 100, () => 255);
    squares = await decodeImage(squaresFile);
    white = await decodeImage(whiteFile);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Channel c of image pixel (x, y) in a decoded image. */
  const px = (img: DecodedImage, x: number, y: number, c: number) =>
    img.data[(y * img.width + x) * 3 + c]!;

  it('decodes to packed RGB at the image size', () => {
    expect([squares.width, squares.height, squares.data.length, squares.file]).toEqual([
      200,
      100,
      200 * 100 * 3,
      squaresFile,
    ]);
    // The red square's corner.
    expect([px(squares, 40, 20, 0), px(squares, 40, 20, 1), px(squares, 39, 20, 0)]).toEqual([
      255, 0, 0,
    ]);
    expect([px(white, 0, 0, 0), px(white, 199, 99, 2)]).toEqual([255, 255]);
  });

  it('decodes greyscale to 3 channels and applies the EXIF orientation', async () => {
    const grey = join(dir, 'grey.png');
    await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } })
      .greyscale()
      .png()
      .toFile(grey);
    const g = await decodeImage(grey);
    expect([g.width, g.height, g.data.length, px(g, 0, 0, 0), px(g, 19, 9, 2)]).toEqual([
      20,
      10,
      20 * 10 * 3,
      128,
      128,
    ]);

    const rotated = join(dir, 'rotated.jpg');
    await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(rotated);
    const r = await decodeImage(rotated);
    expect([r.width, r.height]).toEqual([10, 20]);
  });

  const layouts = (['NCHW', 'NHWC'] as const).flatMap((layout) =>
    (['RGB', 'BGR'] as const).map((channels): TensorLayout => ({ layout, channels, ...UNIT })),
  );

  it.each(layouts)(
    'lands each square where the crop transform puts it ($layout $channels)',
    async (l) => {
      // Non-integer box with different x and y scales.
      const box: BBox = [33.3, 7.7, 150, 75];
      const [W, H] = [128, 48];
      const t = cropTransform(box, { width: W, height: H });
      const out = new Float32Array(3 * W * H);
      await cropToTensor(squares, t, l, out, 0);

      for (const [ch, sx, sy, n] of SQUARES) {
        const c = l.channels.indexOf(ch);
        let mass = 0;
        let mu = 0;
        let mv = 0;
        const lit = { u0: W, u1: -1, v0: H, v1: -1 };
        for (let v = 0; v < H; v++)
          for (let u = 0; u < W; u++) {
            const value = at(out, l, W, H, c, u, v);
            mass += value;
            mu += value * u;
            mv += value * v;
            if (value > 0.5) {
              lit.u0 = Math.min(lit.u0, u);
              lit.u1 = Math.max(lit.u1, u);
              lit.v0 = Math.min(lit.v0, v);
              lit.v1 = Math.max(lit.v1, v);
            }
          }
        // Sub-pixel: the mass centre sits within 0.2 px; the lit extent (pixel i covers
        // [i − ½, i + ½] in the index convention the transform uses) within 1 px.
        const [cu, cv] = imageToInput(t, [sx + (n - 1) / 2, sy + (n - 1) / 2]);
        expect(Math.abs(mu / mass - cu)).toBeLessThan(0.2);
        expect(Math.abs(mv / mass - cv)).toBeLessThan(0.2);
        const [u0, v0] = imageToInput(t, [sx - 0.5, sy - 0.5]);
        const [u1, v1] = imageToInput(t, [sx + n - 0.5, sy + n - 0.5]);
        expect(Math.abs(lit.u0 - u0)).toBeLessThanOrEqual(1);
        expect(Math.abs(lit.v0 - v0)).toBeLessThanOrEqual(1);
        expect(Math.abs(lit.u1 - u1)).toBeLessThanOrEqual(1);
        expect(Math.abs(lit.v1 - v1)).toBeLessThanOrEqual(1);
      }
    },
  );

  it('normalises as (p / scale − mean) / std in the layout channel order', async () => {
    const file = join(dir, 'flat.png');
    await writeImage(file, 8, 8, (_x, _y, c) => [10, 100, 200][c]!);
    const img = await decodeImage(file);
    const t = cropTransform([1.5, 2.25, 4, 4], { width: 4, height: 4 });
    const cases: [TensorLayout, number[]][] = [
      [IMAGENET, [10, 100, 200]],
      [
        {
          layout: 'NHWC',
          channels: 'BGR',
          scale: 1,
          mean: [103.53, 116.28, 123.675],
          std: [57.375, 57.12, 58.395],
        },
        [200, 100, 10],
      ],
    ];
    for (const [l, pixel] of cases) {
      const out = new Float32Array(2 + 48 + 3).fill(NaN);
      await cropToTensor(img, t, l, out, 2);
      const expected = pixel.map((p, c) => Math.fround((p / l.scale - l.mean[c]!) / l.std[c]!));
      for (let v = 0; v < 4; v++)
        for (let u = 0; u < 4; u++)
          for (let c = 0; c < 3; c++)
            expect(at(out.subarray(2), l, 4, 4, c, u, v)).toBeCloseTo(expected[c]!, FLOAT);
      expect([out[0], out[1], out[50], out[51], out[52]]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    }
  });

  it('pads outside the image with the mean colour, i.e. exactly 0 in the tensor', async () => {
    const [W, H] = [64, 32];
    const out = new Float32Array(3 * W * H);
    // The left half of the box lies left of the image: input columns 0..31.
    await cropToTensor(
      white,
      cropTransform([-100, 0, 200, 100], { width: W, height: H }),
      IMAGENET,
      out,
      0,
    );
    for (let c = 0; c < 3; c++) {
      const inside = Math.fround((1 - IMAGENET.mean[c]!) / IMAGENET.std[c]!);
      for (let v = 0; v < H; v++) {
        for (let u = 0; u < 32; u++) expect(at(out, IMAGENET, W, H, c, u, v)).toBe(0);
        expect(at(out, IMAGENET, W, H, c, 32, v)).toBeCloseTo(inside, 1);
        for (let u = 33; u < W; u++)
          expect(at(out, IMAGENET, W, H, c, u, v)).toBeCloseTo(inside, FLOAT);
      }
    }

    out.fill(NaN);
    await cropToTensor(
      white,
      cropTransform([250, -80, 40, 40], { width: 8, height: 8 }),
      IMAGENET,
      out,
      0,
    );
    expect(out.subarray(0, 3 * 64).every((x) => x === 0)).toBe(true);
    expect(Number.isNaN(out[3 * 64])).toBe(true);
  });

  it('never blends in padding when the box lies inside the image', async () => {
    // Strong upscaling of a fractional box: the last columns interpolate towards pixel 16.
    const out = new Float32Array(3 * 32 * 32);
    const t = cropTransform([10.2, 10.2, 5.7, 5.7], { width: 32, height: 32 });
    await cropToTensor(white, t, IMAGENET, out, 0);
    const inside = [0, 1, 2].map((c) => Math.fround((1 - IMAGENET.mean[c]!) / IMAGENET.std[c]!));
    expect(out.every((x, i) => near(x, inside[Math.floor(i / 1024)]!))).toBe(true);
  });

  /**
   * cv2.warpAffine's bilinear with the outside counted as missing: the in-image share of each
   * sample (black outside) and the share's weight, normalised as cropToTensor documents.
   */
  function reference(img: DecodedImage, t: CropTransform, l: TensorLayout): Float32Array {
    const { width: W, height: H } = t.input;
    const out = new Float32Array(3 * W * H);
    const taps = (x: number, size: number) => {
      const i = Math.floor(x);
      return [
        [i, 1 - (x - i)],
        [i + 1, x - i],
      ].filter(([k]) => k! >= 0 && k! < size) as [number, number][];
    };
    const bands = l.channels === 'RGB' ? [0, 1, 2] : [2, 1, 0];
    for (let v = 0; v < H; v++)
      for (let u = 0; u < W; u++) {
        const [x, y] = inputToImage(t, [u, v]);
        const tx = taps(x, img.width);
        const ty = taps(y, img.height);
        const a = tx.reduce((s, [, w]) => s + w, 0) * ty.reduce((s, [, w]) => s + w, 0);
        for (let c = 0; c < 3; c++) {
          let value = 0;
          for (const [i, wx] of tx)
            for (const [j, wy] of ty) value += wx * wy * px(img, i, j, bands[c]!);
          const k = l.layout === 'NCHW' ? c * W * H + v * W + u : (v * W + u) * 3 + c;
          out[k] = (value / l.scale - a * l.mean[c]!) / l.std[c]!;
        }
      }
    return out;
  }

  // A smooth image, so libvips' 8-bit fixed-point bilinear stays within a level of the exact one.
  const smoothFile = join(dir, 'smooth.png');
  let smooth: DecodedImage;
  beforeAll(async () => {
    await writeImage(smoothFile, 200, 100, (x, y, c) =>
      Math.round(127 + 100 * Math.sin(x / 9 + c) * Math.cos(y / 7 - c)),
    );
    smooth = await decodeImage(smoothFile);
  });

  // Crops that leave the image: on every side (one pipeline, cut from the black frame), far
  // beyond it at a scale too small for the frame (the region is padded first), magnified over
  // a corner, and wider than the image in one axis only.
  it.each([
    { name: 'past every side', box: [-30.3, -40.7, 260, 180], input: [64, 48] },
    { name: 'at a scale below the frame', box: [-1500.5, -900.25, 3200, 1900], input: [64, 48] },
    { name: 'magnified over a corner', box: [-5.5, 90.25, 20, 15], input: [64, 48] },
    { name: 'wider than the image', box: [-20.6, 10.4, 240, 60], input: [48, 12] },
  ] as const)('matches bilinear with the outside as the mean colour: $name', async (c) => {
    const [W, H] = c.input;
    const t = cropTransform([...c.box], { width: W, height: H });
    for (const l of [IMAGENET, { ...IMAGENET, layout: 'NHWC', channels: 'BGR' } as const]) {
      const out = new Float32Array(3 * W * H).fill(NaN);
      await cropToTensor(smooth, t, l, out, 0);
      const want = reference(smooth, t, l);
      // Within 1.5 levels of 255, in tensor units (÷ std).
      const tol = 1.5 / 255 / Math.min(...l.std);
      let worst = 0;
      out.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - want[i]!))));
      expect(worst).toBeLessThan(tol);
      // Exactly 0 wherever no sample reaches the image.
      want.forEach((x, i) => x === 0 && expect(out[i]).toBe(0));
      expect(out.some((x) => x !== 0)).toBe(true);
    }
  });

  it('letterboxes the whole image and returns the transform back to image pixels', async () => {
    const [W, H] = [64, 64];
    const out = new Float32Array(3 * W * H);
    const t = await letterboxToTensor(white, { width: W, height: H }, IMAGENET, out, 0);
    const close = (p: readonly number[], q: readonly number[]) =>
      p.forEach((x, i) => expect(x).toBeCloseTo(q[i]!, 9));
    close(inputToImage(t, [32, 32]), [100, 50]);
    close(inputToImage(t, [0, 0]), [0, -50]);
    close(inputToImage(t, [64, 64]), [200, 150]);
    close(inputToImage(t, [64, 16]), [200, 0]);
    close(inputToImage(t, [0, 48]), [0, 100]);

    // Image rows 0..99 land on input rows 16..47.68; the bands above and below are padding.
    const inside = Math.fround((1 - IMAGENET.mean[0]!) / IMAGENET.std[0]!);
    const row = (v: number) =>
      Array.from({ length: W }, (_, u) => at(out, IMAGENET, W, H, 0, u, v));
    for (let v = 0; v < H; v++) {
      if (v < 16 || v >= 48) expect(row(v).every((x) => x === 0)).toBe(true);
      else if (v > 16 && v < 47) expect(row(v).every((x) => near(x, inside))).toBe(true);
    }
  });

  it('letterboxes a tall image with padding left and right', async () => {
    const file = join(dir, 'tall.png');
    await writeImage(file, 50, 100, () => 255);
    const out = new Float32Array(3 * 32 * 32);
    const t = await letterboxToTensor(
      await decodeImage(file),
      { width: 32, height: 32 },
      IMAGENET,
      out,
      0,
    );
    expect(t.box).toEqual([-25, 0, 100, 100]);
    expect(at(out, IMAGENET, 32, 32, 0, 4, 16)).toBe(0);
    expect(at(out, IMAGENET, 32, 32, 0, 16, 16)).toBeGreaterThan(2);
    expect(at(out, IMAGENET, 32, 32, 0, 28, 16)).toBe(0);
  });

  it('crops several people of one image in one run, each into its own slot', async () => {
    const [W, H] = [24, 16];
    const slot = 3 * W * H;
    const boxes: BBox[] = [
      [10.5, 5.25, 60, 40],
      [-20, 30, 90, 60],
      [120, -10, 100, 70],
    ];
    for (const l of layouts) {
      const spec = { width: W, height: H, layout: l, padding: 'zeros' } as const;
      const together = new Float32Array(4 * slot).fill(NaN);
      const jobs = boxes.map((b, i) => ({
        map: boxSampleMap(cropTransform(b, { width: W, height: H })),
        offset: (3 - i) * slot,
      }));
      await cropper.crop(smooth, spec, jobs, together);
      expect(together.subarray(0, slot).every(Number.isNaN)).toBe(true);
      for (const [i, b] of boxes.entries()) {
        const alone = new Float32Array(slot);
        await cropToTensor(smooth, cropTransform(b, { width: W, height: H }), l, alone, 0);
        expect(together.subarray((3 - i) * slot, (4 - i) * slot)).toEqual(alone);
      }
    }
  });

  it('rejects a slot that does not fit the output array', async () => {
    const t = cropTransform([0, 0, 10, 10], { width: 4, height: 4 });
    await expect(cropToTensor(white, t, IMAGENET, new Float32Array(48), 1)).rejects.toThrow(
      RangeError,
    );
  });

  it('names the file when it is missing or cannot be decoded', async () => {
    const missing = join(dir, 'missing.jpg');
    await expect(decodeImage(missing)).rejects.toThrow(`cannot read image ${missing}: `);

    const garbage = join(dir, 'garbage.jpg');
    writeFileSync(garbage, Buffer.from('this is not a jpeg at all, just some bytes'));
    await expect(decodeImage(garbage)).rejects.toThrow(`cannot read image ${garbage}: `);

    const truncated = join(dir, 'truncated.jpg');
    const jpeg = await sharp(readFileSync(squaresFile)).jpeg().toBuffer();
    writeFileSync(truncated, jpeg.subarray(0, jpeg.length >> 1));
    await expect(decodeImage(truncated)).rejects.toThrow(`cannot read image ${truncated}: `);
  });

  it.skipIf('skip' in h36m)('crops a real Human3.6M frame into a batch slot', async () => {
    if ('skip' in h36m) return;
    const img = await decodeImage(join(h36m.dir, H36M_FRAME));
    const input = { width: 256, height: 256 };
    const box = processBbox([350, 250, 300, 600], img, input);
    expect(box).toBeDefined();
    const slot = 3 * 256 * 256;
    const out = new Float32Array(2 * slot).fill(NaN);
    await cropToTensor(img, cropTransform(box!, input), IMAGENET, out, slot);
    expect(out.length).toBe(2 * slot);
    expect(out.subarray(0, slot).every(Number.isNaN)).toBe(true);
    const crop = out.subarray(slot);
    expect(crop.every(Number.isFinite)).toBe(true);
    expect(crop.some((x) => x !== 0)).toBe(true);

    const boxed = new Float32Array(3 * 320 * 320);
    const t = await letterboxToTensor(img, { width: 320, height: 320 }, IMAGENET, boxed, 0);
    expect(boxed.every(Number.isFinite)).toBe(true);
    expect(inputToImage(t, [160, 160]).map((x) => Math.round(x))).toEqual([500, 501]);
  });
});

explainSkip('skip' in h36m ? h36m.skip : undefined);
