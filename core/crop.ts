import type { BBox, Vec2 } from './types';

/** Centre of a box in pixels. */
export const boxCentre = (b: BBox): Vec2 => [b[0] + b[2] / 2, b[1] + b[3] / 2];

/**
 * RootNet's top-down box (3DMPPE `process_bbox`): clip the box to the image, grow the shorter
 * side to the network input's aspect ratio around the same centre, then pad both sides by
 * `padding` (1.25). Returns undefined for an empty or fully outside box.
 */
export function processBbox(
  bbox: BBox,
  image: { width: number; height: number },
  input: { width: number; height: number },
  padding = 1.25,
): BBox | undefined {
  const [x, y, w, h] = bbox;
  const x1 = Math.max(0, x);
  const y1 = Math.max(0, y);
  const x2 = Math.min(image.width - 1, x1 + Math.max(0, w - 1));
  const y2 = Math.min(image.height - 1, y1 + Math.max(0, h - 1));
  if (!(w * h > 0 && x2 >= x1 && y2 >= y1)) return undefined;
  let bw = x2 - x1;
  let bh = y2 - y1;
  const cx = x1 + bw / 2;
  const cy = y1 + bh / 2;
  const aspect = input.width / input.height;
  if (bw > aspect * bh) bh = bw / aspect;
  else if (bw < aspect * bh) bw = bh * aspect;
  bw *= padding;
  bh *= padding;
  return [cx - bw / 2, cy - bh / 2, bw, bh];
}

/**
 * Axis-aligned map between image pixels and a W×H network input cropped from `box`
 * (RootNet `generate_patch_image` without augmentation): box centre ↦ input centre,
 * box width ↦ input width. `toInput` and `toImage` are exact inverses.
 */
export interface CropTransform {
  readonly box: BBox;
  readonly input: { readonly width: number; readonly height: number };
  readonly scaleX: number;
  readonly scaleY: number;
}

export const cropTransform = (
  box: BBox,
  input: { width: number; height: number },
): CropTransform => ({
  box,
  input,
  scaleX: input.width / box[2],
  scaleY: input.height / box[3],
});

export const imageToInput = (t: CropTransform, p: Vec2): Vec2 => [
  (p[0] - t.box[0]) * t.scaleX,
  (p[1] - t.box[1]) * t.scaleY,
];

export const inputToImage = (t: CropTransform, p: Vec2): Vec2 => [
  p[0] / t.scaleX + t.box[0],
  p[1] / t.scaleY + t.box[1],
];

/**
 * Heatmap pixel → image pixel: heatmap coordinates scale by the input/heatmap size ratio
 * (the network stride) as in RootNet's test loop, then map back through the crop.
 */
export const heatmapToImage = (
  t: CropTransform,
  p: Vec2,
  heatmap: { width: number; height: number },
): Vec2 =>
  inputToImage(t, [
    (p[0] * t.input.width) / heatmap.width,
    (p[1] * t.input.height) / heatmap.height,
  ]);
