import sharp from 'sharp';
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

/** An upright (EXIF-rotated) image as packed 8-bit RGB rows. */
export interface DecodedImage {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** width·height·3 bytes, RGB, row-major. */
  readonly data: Buffer;
}

/** Decodes an image once (sharp, rotated per EXIF, 3 channels RGB raw pixels) so several crops of it cost one decode. */
export async function decodeImage(file: string): Promise<DecodedImage> {
  try {
    // Greyscale and CMYK sources become sRGB and alpha is dropped, so every crop sees 3 bands.
    const { data, info } = await sharp(file)
      .autoOrient()
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { file, width: info.width, height: info.height, data };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read image ${file}: ${reason}`, { cause: err });
  }
}

const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };
// Bilinear reads the pixel after each sample; the slack also keeps the affine output (sized
// from its input) at least W×H.
const MARGIN = 2;

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

  // The image pixels the box can sample, plus slack, in image coordinates (may leave the image).
  const x0 = Math.floor(bx) - MARGIN;
  const y0 = Math.floor(by) - MARGIN;
  const x1 = Math.floor(bx + bw) + MARGIN + 1;
  const y1 = Math.floor(by + bh) + MARGIN + 1;
  const left = Math.max(0, x0);
  const top = Math.max(0, y0);
  const right = Math.min(img.width, x1);
  const bottom = Math.min(img.height, y1);
  if (right <= left || bottom <= top) {
    slot.fill(0);
    return;
  }

  const whole = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  const cut = whole.extract({ left, top, width: right - left, height: bottom - top });
  // A box inside the frame (the usual case) needs no padding: one pipeline. Otherwise sharp,
  // which sizes the affine output from its input and clips whatever the offsets push out of
  // it, needs the off-image part materialised first as transparent pixels; either way the
  // alpha band records how much of each output pixel came from the image.
  const region =
    left === x0 && top === y0 && right === x1 && bottom === y1
      ? cut.ensureAlpha()
      : sharp(
          await cut
            .extend({
              left: left - x0,
              top: top - y0,
              right: x1 - right,
              bottom: y1 - bottom,
              background: TRANSPARENT,
            })
            .ensureAlpha()
            .raw()
            .toBuffer(),
          { raw: { width: x1 - x0, height: y1 - y0, channels: 4 } },
        );

  // Region pixel (i, j) is image pixel (x0 + i, y0 + j); idx/idy shift it so that output pixel
  // u = scaleX·(x − box[0]) lands at index u of the affine output.
  const { data, info } = await region
    .affine([t.scaleX, 0, 0, t.scaleY], {
      idx: x0 - bx,
      idy: y0 - by,
      background: TRANSPARENT,
      interpolator: sharp.interpolators.bilinear,
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  writePixels(data, info.width, info.height, W, H, layout, slot);
}

/**
 * RGBA affine output → normalised floats. The affine does not premultiply and the padding is
 * transparent black, so RGB already carries the coverage factor `a`; subtracting `a·mean`
 * makes each value `a·(p/scale − mean)/std`: the mean-colour blend, exactly 0 where a = 0.
 */
function writePixels(
  rgba: Buffer,
  srcWidth: number,
  srcHeight: number,
  W: number,
  H: number,
  layout: TensorLayout,
  slot: Float32Array,
): void {
  const { scale, mean, std } = layout;
  // value = (p/scale − a·mean)/std, folded into one multiply and one multiply-add per value:
  // this loop touches every input value of every crop.
  const [o0, o1, o2] = layout.channels === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const [k0, k1, k2] = [0, 1, 2].map((c) => 1 / (scale * std[c]!)) as [number, number, number];
  const [m0, m1, m2] = [0, 1, 2].map((c) => mean[c]! / std[c]!) as [number, number, number];
  const plane = W * H;
  // Channel c of pixel p sits at c·plane + p (NCHW) or 3p + c (NHWC).
  const cStep = layout.layout === 'NCHW' ? plane : 1;
  const pStep = layout.layout === 'NCHW' ? 1 : 3;
  // libvips rounds the output size, so guard the last row/column rather than trust it.
  const rows = Math.min(H, srcHeight);
  const cols = Math.min(W, srcWidth);
  slot.fill(0);
  for (let v = 0; v < rows; v++) {
    let src = v * srcWidth * 4;
    let dst = v * W * pStep;
    for (let u = 0; u < cols; u++, src += 4, dst += pStep) {
      const alpha = rgba[src + 3]!;
      if (alpha === 0) continue;
      const a = alpha / 255;
      slot[dst] = rgba[src + o0]! * k0 - a * m0;
      slot[dst + cStep] = rgba[src + o1]! * k1 - a * m1;
      slot[dst + 2 * cStep] = rgba[src + o2]! * k2 - a * m2;
    }
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
