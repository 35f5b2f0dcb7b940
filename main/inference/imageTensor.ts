import sharp, { type Sharp } from 'sharp';
import { cropTransform, type CropTransform } from '../../core';

export interface TensorLayout {
  readonly layout: 'NCHW' | 'NHWC';
  readonly channels: 'RGB' | 'BGR';
  /** Pixel values are divided by this first (255 for [0,1] inputs, 1 for raw 0..255). */
  readonly scale: number;
  /** Per-channel mean and std applied after scaling, in the `channels` order. */
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** An upright (EXIF-rotated) image as packed 8-bit RGB rows inside a black frame. */
export interface DecodedImage {
  readonly file: string;
  /** The image's size; pixel (x, y) is at ((y + border)·(width + 2·border) + x + border)·3. */
  readonly width: number;
  readonly height: number;
  /** Black pixels around the image on every side (see `cropToTensor`). */
  readonly border: number;
  /** (width + 2·border)·(height + 2·border)·3 bytes, RGB, row-major. */
  readonly data: Buffer;
}

// The frame lets a crop that leaves the image be one sharp pipeline: the bilinear taps just
// outside the image read black from it, and the region cut from the framed image can be long
// enough for the affine output (sized from its input) to cover every tensor pixel the image
// reaches. 8 pixels do so for crop scales down to 0.75 / (8 − 1) ≈ 0.11 (an 1800-pixel box
// into 192 pixels); smaller scales, rare, take a slower path that pads the region first.
const BORDER = 8;
const BLACK = { r: 0, g: 0, b: 0 };

/** Decodes an image once (sharp, rotated per EXIF, 3 channels RGB raw pixels) so several crops of it cost one decode. */
export async function decodeImage(file: string): Promise<DecodedImage> {
  try {
    // Greyscale and CMYK sources become sRGB and alpha is dropped, so every crop sees 3 bands.
    const { data, info } = await sharp(file)
      .autoOrient()
      .toColourspace('srgb')
      .removeAlpha()
      .extend({ top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, background: BLACK })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return {
      file,
      width: info.width - 2 * BORDER,
      height: info.height - 2 * BORDER,
      border: BORDER,
      data,
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read image ${file}: ${reason}`, { cause: err });
  }
}

/**
 * Where one axis of a crop samples the image: input index u samples image position
 * `u / scale + origin`, bilinear between pixels ⌊x⌋ and ⌊x⌋ + 1. `coverage[u]` is the weight
 * that falls on image pixels (1 inside, a fraction at the edge, 0 outside); `first..last` are
 * the indices where it is above 0 (first > last when the crop misses the image).
 */
interface AxisSamples {
  readonly coverage: Float64Array;
  readonly first: number;
  readonly last: number;
  /** The indices where it is exactly 1 (inner0 > inner1 when none). */
  readonly inner0: number;
  readonly inner1: number;
  /** The image pixels those samples read: [lo, hi). */
  readonly lo: number;
  readonly hi: number;
}

function axisSamples(origin: number, scale: number, n: number, size: number): AxisSamples {
  const coverage = new Float64Array(n);
  let first = n;
  let last = -1;
  let inner0 = n;
  let inner1 = -1;
  for (let u = 0; u < n; u++) {
    const x = u / scale + origin;
    const i = Math.floor(x);
    const f = x - i;
    const left = i >= 0 && i < size;
    const right = i + 1 >= 0 && i + 1 < size;
    // Both taps inside is exactly 1, so the common case takes the exact path below.
    const c = left && right ? 1 : left ? 1 - f : right ? f : 0;
    coverage[u] = c;
    if (c > 0) {
      first = Math.min(first, u);
      last = u;
    }
    if (c === 1) {
      inner0 = Math.min(inner0, u);
      inner1 = u;
    }
  }
  const lo = Math.max(0, Math.floor(first / scale + origin));
  const hi = Math.min(size, Math.floor(last / scale + origin) + 2);
  return { coverage, first, last, inner0, inner1, lo, hi };
}

/**
 * The region [r0, r1) (image coordinates, may leave the image) to cut for one axis: it holds
 * every pixel the samples read, with 2 pixels of slack, and is long enough that the affine
 * output (libvips makes it round(scale · length) long) reaches the last sample. Kept inside
 * the black frame when it can be (`framed`).
 */
function axisRegion(a: AxisSamples, scale: number, size: number, border: number) {
  const need = Math.ceil((a.last - a.first + 1.5) / scale);
  let r0 = a.lo - 2;
  let r1 = Math.max(a.hi + 2, r0 + need);
  if (r1 > size + border) {
    r1 = size + border;
    r0 = Math.min(r0, r1 - need);
  }
  const framed = r0 >= -border;
  if (!framed) r1 = r0 + Math.max(need, a.hi + 2 - r0);
  return { r0, r1, framed };
}

/**
 * Crop `t.box` of the image to t.input.width×t.input.height and write it into `out`
 * (3·W·H floats at `offset`) laid out per `layout`.
 *
 * Coordinates follow cv2.warpAffine, which RootNet's `generate_patch_image` uses: input pixel
 * index u samples image position `u / scaleX + box[0]` (so `inputToImage` on a pixel index
 * gives exactly where it was sampled, and the box centre lands on input W/2), bilinear, no
 * antialiasing when shrinking, like cv2's INTER_LINEAR.
 *
 * Padding: pixels outside the image are the mean colour, i.e. exactly 0 in the tensor. RootNet
 * pads black before subtracting the mean (its border becomes -mean/std); we deviate on purpose
 * because 0 is the network's neutral input whatever the normalisation (it is also what the
 * convolutions' own zero padding feeds in), it keeps a letterbox border from reading as a dark
 * edge, and it does not depend on rounding a mean colour to 8 bits. Edge pixels that straddle
 * the image border blend towards 0 by the fraction of them that lies outside.
 *
 * One sharp pipeline per crop (extract from the framed image, affine, 3 bands): the taps
 * outside the image read black, so each value is the in-image part of the bilinear sum, and
 * the fraction of the weight inside (separable, computed here per row and column) supplies
 * the mean's share.
 */
export async function cropToTensor(
  img: DecodedImage,
  t: CropTransform,
  layout: TensorLayout,
  out: Float32Array,
  offset: number,
): Promise<void> {
  const { width: W, height: H } = t.input;
  const [bx, by, bw, bh] = t.box;
  if (!(bw > 0 && bh > 0 && Number.isFinite(bx + by + bw + bh))) {
    throw new RangeError(`cannot crop ${img.file}: degenerate box [${t.box.join(', ')}]`);
  }
  if (!(Number.isInteger(offset) && offset >= 0 && offset + 3 * W * H <= out.length)) {
    throw new RangeError(`tensor slot ${offset}+${3 * W * H} exceeds ${out.length} floats`);
  }
  const slot = out.subarray(offset, offset + 3 * W * H);
  slot.fill(0);
  const cols = axisSamples(bx, t.scaleX, W, img.width);
  const rows = axisSamples(by, t.scaleY, H, img.height);
  if (cols.first > cols.last || rows.first > rows.last) return;

  const x = axisRegion(cols, t.scaleX, img.width, img.border);
  const y = axisRegion(rows, t.scaleY, img.height, img.border);
  const rawWidth = img.width + 2 * img.border;
  const rawHeight = img.height + 2 * img.border;
  const framed = sharp(img.data, { raw: { width: rawWidth, height: rawHeight, channels: 3 } });
  let region: Sharp;
  if (x.framed && y.framed) {
    region = framed.extract({
      left: x.r0 + img.border,
      top: y.r0 + img.border,
      width: x.r1 - x.r0,
      height: y.r1 - y.r0,
    });
  } else {
    // Too small a scale for the frame: sharp extends after it transforms, so the padded
    // region is made first.
    const left = Math.max(x.r0, -img.border);
    const top = Math.max(y.r0, -img.border);
    const right = Math.min(x.r1, img.width + img.border);
    const bottom = Math.min(y.r1, img.height + img.border);
    const padded = await framed
      .extract({
        left: left + img.border,
        top: top + img.border,
        width: right - left,
        height: bottom - top,
      })
      .extend({
        left: left - x.r0,
        top: top - y.r0,
        right: x.r1 - right,
        bottom: y.r1 - bottom,
        background: BLACK,
      })
      .raw()
      .toBuffer();
    region = sharp(padded, {
      raw: { width: x.r1 - x.r0, height: y.r1 - y.r0, channels: 3 },
    });
  }
  // libvips' affine samples region position X / scale − idx for output pixel X; output pixel
  // X is input index first + X.
  const { data, info } = await region
    .affine([t.scaleX, 0, 0, t.scaleY], {
      idx: x.r0 - bx - cols.first / t.scaleX,
      idy: y.r0 - by - rows.first / t.scaleY,
      background: BLACK,
      interpolator: sharp.interpolators.bilinear,
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  writePixels(data, info.width, info.height, cols, rows, W, H, layout, slot);
}

// A card's input layout is one object for the whole run, so its tables are built once.
const tables = new WeakMap<TensorLayout, readonly [Float32Array, Float32Array, Float32Array]>();

/** Per channel, (p/scale − mean)/std for every 8-bit value p. */
function tablesOf(layout: TensorLayout) {
  let t = tables.get(layout);
  if (!t) {
    const { scale, mean, std } = layout;
    const table = (c: number) => {
      const out = new Float32Array(256);
      for (let p = 0; p < 256; p++) out[p] = (p / scale - mean[c]!) / std[c]!;
      return out;
    };
    t = [table(0), table(1), table(2)];
    tables.set(layout, t);
  }
  return t;
}

/**
 * Affine output (RGB, the in-image share of each bilinear sum) → normalised floats:
 * a·(p/scale − mean)/std, with p the in-image average and a its coverage, is
 * value·k − a·m with k = 1/(scale·std) and m = mean/std. Fully covered pixels, nearly all of
 * them, read a per-channel table of (p/scale − mean)/std instead.
 */
function writePixels(
  rgb: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  cols: AxisSamples,
  rows: AxisSamples,
  W: number,
  H: number,
  layout: TensorLayout,
  slot: Float32Array,
): void {
  const { scale, mean, std } = layout;
  // Tensor channel c reads band b[c] of the RGB output.
  const [b0, b1, b2] = layout.channels === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const [t0, t1, t2] = tablesOf(layout);
  const [k0, k1, k2] = [0, 1, 2].map((c) => 1 / (scale * std[c]!)) as [number, number, number];
  const [m0, m1, m2] = [0, 1, 2].map((c) => mean[c]! / std[c]!) as [number, number, number];
  // Channel c of pixel p sits at c·plane + p (NCHW) or 3p + c (NHWC).
  const cStep = layout.layout === 'NCHW' ? W * H : 1;
  const pStep = layout.layout === 'NCHW' ? 1 : 3;
  // libvips rounds the output size, so guard the last row/column rather than trust it.
  const u1 = Math.min(cols.last, cols.first + srcWidth - 1);
  const v1 = Math.min(rows.last, rows.first + srcHeight - 1);
  const ax = cols.coverage;
  // Blends the outside in: edge pixels, and every pixel of a row that straddles the border.
  const blend = (u: number, ay: number, src: number, dst: number) => {
    const a = ax[u]! * ay;
    slot[dst] = rgb[src + b0]! * k0 - a * m0;
    slot[dst + cStep] = rgb[src + b1]! * k1 - a * m1;
    slot[dst + 2 * cStep] = rgb[src + b2]! * k2 - a * m2;
  };
  for (let v = rows.first; v <= v1; v++) {
    const ay = rows.coverage[v]!;
    const rowSrc = (v - rows.first) * srcWidth * 3 - cols.first * 3;
    const rowDst = v * W * pStep;
    // Columns [inner0, inner1] are fully covered, so in a fully covered row so are the pixels.
    const inner0 = ay === 1 ? Math.max(cols.inner0, cols.first) : u1 + 1;
    const inner1 = ay === 1 ? Math.min(cols.inner1, u1) : u1;
    for (let u = cols.first; u < inner0 && u <= u1; u++)
      blend(u, ay, rowSrc + 3 * u, rowDst + u * pStep);
    let src = rowSrc + 3 * inner0;
    let dst = rowDst + inner0 * pStep;
    for (let u = inner0; u <= inner1; u++, src += 3, dst += pStep) {
      slot[dst] = t0[rgb[src + b0]!]!;
      slot[dst + cStep] = t1[rgb[src + b1]!]!;
      slot[dst + 2 * cStep] = t2[rgb[src + b2]!]!;
    }
    for (let u = Math.max(inner1 + 1, inner0); u <= u1; u++)
      blend(u, ay, rowSrc + 3 * u, rowDst + u * pStep);
  }
}

/**
 * Whole image letterboxed (aspect kept, centred, padding as in `cropToTensor`) into W×H.
 * Returns the CropTransform that maps input pixels back to image pixels, for `inputToImage`.
 */
export async function letterboxToTensor(
  img: DecodedImage,
  input: { width: number; height: number },
  layout: TensorLayout,
  out: Float32Array,
  offset: number,
): Promise<CropTransform> {
  const s = Math.min(input.width / img.width, input.height / img.height);
  const w = input.width / s;
  const h = input.height / s;
  // Centred on the image box [0, 0, width, height], the same box convention as core/crop.
  const t = cropTransform([(img.width - w) / 2, (img.height - h) / 2, w, h], input);
  await cropToTensor(img, t, layout, out, offset);
  return t;
}
