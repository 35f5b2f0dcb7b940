import { roiAffine, type PoseRoi } from '../../core';
import type { DecodedImage, TensorLayout } from './imageTensor';

/**
 * A square, possibly rotated ROI of the image sampled into an S×S tensor slot, bilinear, with
 * the image's edge pixels repeated outside it (MediaPipe's landmark crop uses BORDER_REPLICATE).
 *
 * Sampled here rather than with sharp's `affine`: libvips sizes and places an affine's output
 * from the transformed input's bounding box (so a rotated region lands at an offset that has
 * to be re-derived from its rounding) and offers only a constant background, not a repeated
 * edge. Stepping the inverse map per tensor pixel is exact for any rotation and costs about
 * as much as the sharp crop of an upright box (a few milliseconds for 256×256).
 *
 * Tensor pixel (u, v) samples input position (u + ½, v + ½), the pixel centre, mapped through
 * {@link roiAffine}; image pixel i covers [i, i + 1), so its centre is i + ½.
 */
export function roiToTensor(
  img: DecodedImage,
  roi: PoseRoi,
  size: number,
  layout: TensorLayout,
  out: Float32Array,
  offset: number,
): void {
  if (!(roi.size > 0 && [...roi.centre, roi.rotation].every(Number.isFinite)))
    throw new RangeError(`cannot crop ${img.file}: degenerate ROI (side ${roi.size})`);
  if (!(Number.isInteger(offset) && offset >= 0 && offset + 3 * size * size <= out.length))
    throw new RangeError(`tensor slot ${offset}+${3 * size * size} exceeds ${out.length} floats`);
  const [a, b, c, d, e, f] = roiAffine(roi, size) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const { width: W, height: H, border, data } = img;
  const stride = (W + 2 * border) * 3;
  const origin = border * stride + border * 3;
  const { scale, mean, std } = layout;
  const [b0, b1, b2] = layout.channels === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const [k0, k1, k2] = [0, 1, 2].map((ch) => 1 / (scale * std[ch]!)) as [number, number, number];
  const [m0, m1, m2] = [0, 1, 2].map((ch) => mean[ch]! / std[ch]!) as [number, number, number];
  const cStep = layout.layout === 'NCHW' ? size * size : 1;
  const pStep = layout.layout === 'NCHW' ? 1 : 3;
  const maxX = W - 1;
  const maxY = H - 1;
  for (let v = 0; v < size; v++) {
    // Image pixel-index coordinates (centre of pixel i at i) of tensor pixel (0, v).
    let x = a * 0.5 + b * (v + 0.5) + c - 0.5;
    let y = d * 0.5 + e * (v + 0.5) + f - 0.5;
    let dst = offset + v * size * pStep;
    for (let u = 0; u < size; u++, x += a, y += d, dst += pStep) {
      const cx = x < 0 ? 0 : x > maxX ? maxX : x;
      const cy = y < 0 ? 0 : y > maxY ? maxY : y;
      const x0 = cx | 0;
      const y0 = cy | 0;
      const fx = cx - x0;
      const fy = cy - y0;
      const p00 = origin + y0 * stride + x0 * 3;
      const p01 = x0 < maxX ? p00 + 3 : p00;
      const p10 = y0 < maxY ? p00 + stride : p00;
      const p11 = p10 + (p01 - p00);
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      out[dst] =
        (w00 * data[p00 + b0]! +
          w01 * data[p01 + b0]! +
          w10 * data[p10 + b0]! +
          w11 * data[p11 + b0]!) *
          k0 -
        m0;
      out[dst + cStep] =
        (w00 * data[p00 + b1]! +
          w01 * data[p01 + b1]! +
          w10 * data[p10 + b1]! +
          w11 * data[p11 + b1]!) *
          k1 -
        m1;
      out[dst + 2 * cStep] =
        (w00 * data[p00 + b2]! +
          w01 * data[p01 + b2]! +
          w10 * data[p10 + b2]! +
          w11 * data[p11 + b2]!) *
          k2 -
        m2;
    }
  }
}
