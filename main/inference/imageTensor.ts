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
  /** The image's size; pixel (x, y) is at (y·width + x)·3. */
  readonly width: number;
  readonly height: number;
  /** width·height·3 bytes, RGB, row-major. */
  readonly data: Uint8Array;
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
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { file, width: info.width, height: info.height, data: pixels };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read image ${file}: ${reason}`, { cause: err });
  }
}

/**
 * The crop that letterboxes the whole image into W×H (aspect kept, centred, the padding the
 * mean colour as for any crop), and maps input pixels back to image pixels (`inputToImage`).
 */
export function letterboxTransform(
  img: { width: number; height: number },
  input: { width: number; height: number },
): CropTransform {
  const s = Math.min(input.width / img.width, input.height / img.height);
  const w = input.width / s;
  const h = input.height / s;
  // Centred on the image box [0, 0, width, height], the same box convention as core/crop.
  return cropTransform([(img.width - w) / 2, (img.height - h) / 2, w, h], input);
}
