import type { CropSpec, SampleMap } from './cropGraph';
import { checkSlots, GraphCropper, type CropJob, type Cropper } from './graphCropper';
import type { DecodedImage } from './imageTensor';
import type { SessionFactory } from './modelSession';
import type { Provider } from './providers';

/**
 * What a run crops with: the graph on the models' GPU provider (on a worker thread like
 * them), or, where every model runs on the CPU or on an inference server, the loop on the
 * calling thread (a remote run's crops are PoseScope's, made here, like a local run's).
 */
export function cropperFor(
  modelProviders: readonly Provider[],
  plan: readonly Provider[],
  create?: SessionFactory,
): Cropper {
  return modelProviders.every((p) => p === 'cpu' || p === 'remote')
    ? new CpuCropper()
    : new GraphCropper(plan, create);
}

/**
 * The crop graph's computation (cropGraph.ts) as a loop on the calling thread, for runs whose
 * models run on the CPU. There the graph bought nothing: each person's pixels were copied out,
 * posted to the crop worker, sampled by onnxruntime's GridSample (about 1.25 ms for a 192×256
 * person) and posted back, about 3.3 ms of CPU per person across the two threads against the
 * ~0.7 ms this loop takes, and on 2 cores every millisecond comes out of the model's share.
 * On a GPU the graph still does the work (GraphCropper), off the CPU altogether.
 *
 * Same definition as the graph: bilinear at x = a·u + b·v + c, y = d·u + e·v + f (pixel i at
 * i, GridSample's align_corners = 0 once its theta is unwound), each tap normalised as
 * p·k − m with k = 1/(scale·std), m = mean/std, then blended; with `zeros` padding a tap
 * outside the image contributes 0 (the mean colour), with `border` it reads the nearest edge
 * pixel (clamping the tap is the same as GridSample clamping the coordinate to
 * [−½, size − ½] first: both land every outside tap on the edge pixel). Computed in float64
 * and stored as float32, so it differs from the graph's float32 arithmetic by a rounding.
 */
export class CpuCropper implements Cropper {
  async crop(
    img: DecodedImage,
    spec: CropSpec,
    jobs: readonly CropJob[],
    out: Float32Array,
  ): Promise<void> {
    checkSlots(spec, jobs, out);
    for (const j of jobs) sampleCrop(img, spec, j.map, out, j.offset);
  }

  async release(): Promise<void> {}
}

/**
 * The two bilinear taps along one axis at coordinate x, into slots 2i and 2i + 1: their pixel
 * index times `stride` and their weights. With `zeros` padding a tap outside (or a NaN
 * coordinate) gets weight 0 and index 0, with `border` the nearest edge pixel.
 */
function axisTaps(
  x: number,
  size: number,
  stride: number,
  border: boolean,
  at: Int32Array,
  wt: Float64Array,
  i: number,
): void {
  let i0 = Math.floor(x);
  const f = x - i0;
  let i1 = i0 + 1;
  let w0 = 1 - f;
  let w1 = f;
  if (border) {
    i0 = i0 < 0 ? 0 : i0 >= size ? size - 1 : i0;
    i1 = i1 < 0 ? 0 : i1 >= size ? size - 1 : i1;
  } else {
    if (!(i0 >= 0 && i0 < size)) {
      i0 = 0;
      w0 = 0;
    }
    if (!(i1 >= 0 && i1 < size)) {
      i1 = 0;
      w1 = 0;
    }
  }
  at[2 * i] = i0 * stride;
  at[2 * i + 1] = i1 * stride;
  wt[2 * i] = w0;
  wt[2 * i + 1] = w1;
}

/** Writes one person's 3·W·H normalised floats into `out` at `offset` (see CpuCropper). */
export function sampleCrop(
  img: DecodedImage,
  spec: CropSpec,
  map: SampleMap,
  out: Float32Array,
  offset: number,
): void {
  const { width: W, height: H, layout: l } = spec;
  const { width: w, height: h, data } = img;
  const [a, b, c, d, e, f] = map;
  const border = spec.padding === 'border';
  // Tensor channel t reads image channel src[t] (BGR models take the bytes reversed).
  const src = l.channels === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const k = [0, 1, 2].map((t) => 1 / (l.scale * l.std[t]!));
  const m = [0, 1, 2].map((t) => l.mean[t]! / l.std[t]!);
  const [s0, s1, s2] = src as [number, number, number];
  const [k0, k1, k2] = k as [number, number, number];
  const [m0, m1, m2] = m as [number, number, number];
  // Where channel t of tensor pixel i goes: NCHW planes, or NHWC triplets.
  const nchw = l.layout === 'NCHW';
  const step = nchw ? W * H : 1;
  const row = w * 3;
  // Taps per tensor column (x) and row (y). A box crop (b = d = 0, every heatmap model's) is
  // separable: x depends on u alone and y on v alone, so the columns' taps are found once and
  // each row's once. A rotated ROI finds both per pixel, row by row.
  const upright = b === 0 && d === 0;
  const xAt = new Int32Array(2 * W);
  const xWt = new Float64Array(2 * W);
  const yAt = new Int32Array(upright ? 2 : 2 * W);
  const yWt = new Float64Array(upright ? 2 : 2 * W);
  const ys = upright ? 0 : 1;
  if (upright) for (let u = 0; u < W; u++) axisTaps(a * u + c, w, 3, border, xAt, xWt, u);
  for (let v = 0, i = 0; v < H; v++) {
    if (upright) axisTaps(e * v + f, h, row, border, yAt, yWt, 0);
    else
      for (let u = 0; u < W; u++) {
        axisTaps(a * u + b * v + c, w, 3, border, xAt, xWt, u);
        axisTaps(d * u + e * v + f, h, row, border, yAt, yWt, u);
      }
    for (let u = 0; u < W; u++, i++) {
      // Plain locals: array destructuring here is not optimised away and doubles the time.
      const j = 2 * ys * u;
      const y0 = yAt[j]!;
      const y1 = yAt[j + 1]!;
      const wy0 = yWt[j]!;
      const wy1 = yWt[j + 1]!;
      const x0 = xAt[2 * u]!;
      const x1 = xAt[2 * u + 1]!;
      const wx0 = xWt[2 * u]!;
      const wx1 = xWt[2 * u + 1]!;
      const w00 = wy0 * wx0;
      const w01 = wy0 * wx1;
      const w10 = wy1 * wx0;
      const w11 = wy1 * wx1;
      const p00 = y0 + x0;
      const p01 = y0 + x1;
      const p10 = y1 + x0;
      const p11 = y1 + x1;
      // Σ wᵢ(pᵢ·k − m) = k·Σ wᵢpᵢ − m·Σ wᵢ, the sum over the taps inside.
      const sum = (wx0 + wx1) * (wy0 + wy1);
      const o = offset + (nchw ? i : i * 3);
      out[o] =
        k0 *
          (w00 * data[p00 + s0]! +
            w01 * data[p01 + s0]! +
            w10 * data[p10 + s0]! +
            w11 * data[p11 + s0]!) -
        m0 * sum;
      out[o + step] =
        k1 *
          (w00 * data[p00 + s1]! +
            w01 * data[p01 + s1]! +
            w10 * data[p10 + s1]! +
            w11 * data[p11 + s1]!) -
        m1 * sum;
      out[o + 2 * step] =
        k2 *
          (w00 * data[p00 + s2]! +
            w01 * data[p01 + s2]! +
            w10 * data[p10 + s2]! +
            w11 * data[p11 + s2]!) -
        m2 * sum;
    }
  }
}
