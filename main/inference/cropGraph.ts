import type { CropTransform, PoseRoi } from '../../core';
import { roiAffine } from '../../core';
import { OnnxGraph } from './convert/onnxGraph';
import type { TensorLayout } from './imageTensor';

/**
 * Cropping, resampling and normalising a model's image input as an ONNX graph that
 * onnxruntime runs beside the model (on the GPU when there is one, on its own threads on the
 * CPU), fed 8-bit pixels: GraphCropper sends each person the part of the frame their crop
 * reaches (see `footprint`), though the graph takes any number of people per run.
 *
 * pixels [h, w, 3] uint8 → channel order → [1, 3, h, w] float, (p/scale − mean)/std →
 * GridSample (bilinear, align_corners = 0) at every tensor pixel of every person → [3, n, H, W]
 * (NCHW inputs, planes per channel) or [n, H, W, 3] (NHWC).
 *
 * Normalising before sampling makes the outside of the image exactly 0 in the tensor with
 * `zeros` padding — the mean colour, and an edge pixel that straddles the border blends
 * towards 0 by the share of its taps outside (see `boxSampleMap`). `border` repeats the edge
 * pixels instead (MediaPipe's BORDER_REPLICATE).
 *
 * Measured against the sharp pipeline it replaces (an extract, an affine and a JavaScript
 * normalising pass per person): about 2 ms of CPU per 192×256 person instead of 3.3, and on a
 * GPU provider none of it on the CPU.
 */
export interface CropSpec {
  readonly width: number;
  readonly height: number;
  readonly layout: TensorLayout;
  readonly padding: 'zeros' | 'border';
}

/**
 * Where tensor pixel (u, v) samples the image, in pixel-index coordinates (pixel i at i):
 * x = a·u + b·v + c, y = d·u + e·v + f.
 */
export type SampleMap = readonly [number, number, number, number, number, number];

/** GridSample needs opset 16. */
const CROP_OPSET = 16;

export const cropSpecKey = (s: CropSpec): string =>
  JSON.stringify([s.width, s.height, s.padding, s.layout]);

/** The crop graph for one input spec: inputs `pixels` [h, w, 3] uint8 and `theta` [n, 3, 2]. */
export function cropGraph(spec: CropSpec): Uint8Array {
  const { width: W, height: H, layout } = spec;
  const g = new OnnxGraph();
  g.reserve(['pixels', 'theta', 'tensor']);
  let px = 'pixels';
  if (layout.channels === 'BGR')
    px = g.node('Gather', [px, g.int64s('bgr', [2, 1, 0])], { axis: 2 });
  // (p/scale − mean)/std = p·k − m, k = 1/(scale·std), m = mean/std: the transpose on bytes,
  // the cast and the multiply in one DequantizeLinear (per channel, zero point 0), then − m.
  const per = (v: (c: number) => number) => new Float32Array([0, 1, 2].map(v));
  const chw = g.node('Transpose', [px], { perm: [2, 0, 1] });
  const k = g.floats(
    'k',
    [3],
    per((c) => 1 / (layout.scale * layout.std[c]!)),
  );
  const zero = g.uint8s('zero_point', [0, 0, 0]);
  const scaled = g.node('DequantizeLinear', [chw, k, zero], { axis: 0 });
  const m = g.floats(
    'm',
    [3, 1, 1],
    per((c) => layout.mean[c]! / layout.std[c]!),
  );
  const image = g.node('Unsqueeze', [g.node('Sub', [scaled, m]), g.int64s('axis0', [0])]);

  // (u, v, 1) for every tensor pixel, times each person's theta: their grid, stacked along
  // the height so one GridSample over the one image serves every person.
  const base = new Float32Array(H * W * 3);
  for (let v = 0, i = 0; v < H; v++) for (let u = 0; u < W; u++, i += 3) base.set([u, v, 1], i);
  const grids = g.node('MatMul', [g.floats('uv1', [H * W, 3], base), 'theta']);
  const grid = g.node('Reshape', [grids, g.int64s('grid_shape', [1, -1, W, 2])]);
  const sampled = g.node('GridSample', [image, grid], {
    mode: 'bilinear',
    padding_mode: spec.padding,
    align_corners: 0,
  });
  // NCHW stays channel-major, [3, n, H, W]: the caller copies each person's planes into its
  // batch slot anyway, which saves the graph a transpose.
  const people = g.node(
    'Reshape',
    [sampled, g.int64s('people_shape', [3, -1, H, W])],
    {},
    layout.layout === 'NCHW' ? 'tensor' : undefined,
  );
  if (layout.layout === 'NHWC') g.node('Transpose', [people], { perm: [1, 2, 3, 0] }, 'tensor');
  return g.encode(
    [
      { name: 'pixels', shape: ['h', 'w', 3], type: 'uint8' },
      { name: 'theta', shape: ['n', 3, 2] },
    ],
    [
      {
        name: 'tensor',
        shape: layout.layout === 'NCHW' ? [3, 'n', H, W] : ['n', H, W, 3],
      },
    ],
    { producer: 'posescope', docString: `crop ${cropSpecKey(spec)}`, opset: CROP_OPSET },
  );
}

/**
 * A box crop. Coordinates follow cv2.warpAffine, which RootNet's `generate_patch_image` uses:
 * input pixel index u samples image position `u / scaleX + box[0]` (so `inputToImage` on a
 * pixel index gives exactly where it was sampled, and the box centre lands on input W/2),
 * bilinear, no antialiasing when shrinking, like cv2's INTER_LINEAR.
 *
 * Outside the image is the mean colour, exactly 0 in the tensor. RootNet pads black before
 * subtracting the mean (its border becomes −mean/std); we deviate on purpose because 0 is the
 * network's neutral input whatever the normalisation (it is also what the convolutions' own
 * zero padding feeds in), it keeps a letterbox border from reading as a dark edge, and it does
 * not depend on rounding a mean colour to 8 bits.
 */
export const boxSampleMap = (t: CropTransform): SampleMap => [
  1 / t.scaleX,
  0,
  t.box[0],
  0,
  1 / t.scaleY,
  t.box[1],
];

/**
 * A square, possibly rotated ROI (roiCrop's convention): tensor pixel (u, v) samples the
 * continuous position (u + ½, v + ½) mapped by `roiAffine`, whose pixel i covers [i, i + 1).
 */
export function roiSampleMap(roi: PoseRoi, size: number): SampleMap {
  const [a, b, c, d, e, f] = roiAffine(roi, size) as SampleMap;
  return [a, b, (a + b) / 2 + c - 0.5, d, e, (d + e) / 2 + f - 0.5];
}

/**
 * The 3×2 GridSample theta of a sample map on a w×h image: with align_corners = 0 the
 * normalised coordinate of pixel-index position x is (2x + 1)/w − 1.
 */
export function gridTheta(map: SampleMap, w: number, h: number, out: Float32Array, at: number) {
  const [a, b, c, d, e, f] = map;
  out[at] = (2 * a) / w;
  out[at + 1] = (2 * d) / h;
  out[at + 2] = (2 * b) / w;
  out[at + 3] = (2 * e) / h;
  out[at + 4] = (2 * c + 1) / w - 1;
  out[at + 5] = (2 * f + 1) / h - 1;
}
