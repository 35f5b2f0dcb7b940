import sharp from 'sharp';
import type { ValueRange } from '../../main/inference/convert/blazeposeModels';

/**
 * Deterministic inputs for the parity check, in a model's NHWC layout and value range: a real
 * photo (a person crop for the landmark models, the letterboxed frame for the detector) and
 * seeded noise, which needs no data but drives activations far outside what photos do.
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const toRange = (pixels: Uint8Array, [lo, hi]: ValueRange): Float32Array =>
  Float32Array.from(pixels, (p) => lo + (p / 255) * (hi - lo));

/**
 * The photo resized into size×size with black bars (as MediaPipe letterboxes): the whole frame,
 * or a square of 1.25 × the box's longer side around its centre, cut to the frame.
 */
export async function photoInput(
  file: string,
  size: number,
  range: ValueRange,
  box?: Box,
): Promise<Float32Array> {
  let img = sharp(file).removeAlpha();
  if (box) {
    const meta = await sharp(file).metadata();
    const side = 1.25 * Math.max(box.w, box.h);
    const left = Math.max(0, Math.round(box.x + box.w / 2 - side / 2));
    const top = Math.max(0, Math.round(box.y + box.h / 2 - side / 2));
    img = img.extract({
      left,
      top,
      width: Math.min(Math.round(side), (meta.width ?? 0) - left),
      height: Math.min(Math.round(side), (meta.height ?? 0) - top),
    });
  }
  const { data } = await img
    .resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toRange(new Uint8Array(data), range);
}

/** Uniform noise from xorshift32: the same values on every machine for a given seed. */
export function noiseInput(length: number, seed: number, range: ValueRange): Float32Array {
  let s = seed >>> 0 || 1;
  const [lo, hi] = range;
  return Float32Array.from({ length }, () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return lo + (s / 0x1_0000_0000) * (hi - lo);
  });
}
