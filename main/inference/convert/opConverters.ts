import type { ConvertContext } from './convertContext';
import { decodeConstant, densify, NHWC_TO_NCHW } from './tensorData';
import {
  activationOf,
  concatOptions,
  conv2dOptions,
  depthToSpaceBlock,
  depthwiseOptions,
  pool2dOptions,
  resizeBilinearOptions,
  SAME,
  TensorType,
  type Activation,
  type Conv2DOptions,
  type TfliteOperator,
} from './tfliteSchema';

/**
 * One function per TFLite operator the BlazePose models use (scripts/models/listOps.ts lists
 * them), each writing ONNX nodes with TFLite's exact semantics.
 */

type Converter = (ctx: ConvertContext, op: TfliteOperator) => void;

/** Applies a fused activation; RELU6 and RELU_N1_TO_1 are Clip with their bounds. */
function activate(ctx: ConvertContext, x: string, act: Activation, op: TfliteOperator): string {
  switch (act) {
    case 0:
      return x;
    case 1:
      return ctx.graph.node('Relu', [x]);
    case 2:
      return ctx.graph.node('Clip', [x, ctx.scalar(-1), ctx.scalar(1)]);
    case 3:
      return ctx.graph.node('Clip', [x, ctx.scalar(0), ctx.scalar(6)]);
    case 4:
      return ctx.graph.node('Tanh', [x]);
    default:
      return ctx.fail(`fused activation ${act} (SIGN_BIT or newer) is not supported`, op);
  }
}

/**
 * TFLite's SAME padding puts the odd pixel at the end (bottom/right), which ONNX's symmetric
 * auto_pad cannot say, so pads are explicit: [top, left, bottom, right].
 */
function spatialPads(
  ctx: ConvertContext,
  op: TfliteOperator,
  o: { padding: number; strideH: number; strideW: number },
  kernel: [number, number],
  dilation: [number, number],
): number[] {
  const [, inH, inW] = ctx.shape(op.inputs[0]);
  const [, outH, outW] = ctx.shape(op.outputs[0]);
  const axis = (inSize: number, stride: number, k: number, d: number): [number, number] => {
    const span = (k - 1) * d + 1;
    if (o.padding !== SAME) return [0, 0];
    const total = Math.max((Math.ceil(inSize / stride) - 1) * stride + span - inSize, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [top, bottom] = axis(inH!, o.strideH, kernel[0], dilation[0]);
  const [left, right] = axis(inW!, o.strideW, kernel[1], dilation[1]);
  // The model states its output size; a disagreement means the padding rule above is wrong.
  const size = (n: number, a: number, b: number, s: number, k: number, d: number): number =>
    Math.floor((n + a + b - ((k - 1) * d + 1)) / s) + 1;
  const h = size(inH!, top, bottom, o.strideH, kernel[0], dilation[0]);
  const w = size(inW!, left, right, o.strideW, kernel[1], dilation[1]);
  if (h !== outH || w !== outW)
    ctx.fail(`padding gives ${h}×${w} but the model says ${outH}×${outW}`, op);
  return [top, left, bottom, right];
}

function bias(ctx: ConvertContext, op: TfliteOperator): string[] {
  const b = op.inputs[2];
  if (b === undefined || b < 0) return [];
  const c = ctx.requireConstant(b, op, 'bias');
  return [ctx.graph.floats('bias', c.shape, Float32Array.from(c.values))];
}

/** CONV_2D and DEPTHWISE_CONV_2D as one ONNX Conv; `group` is 1 or the input channels. */
function conv(
  ctx: ConvertContext,
  op: TfliteOperator,
  o: Conv2DOptions,
  weights: string,
  kernel: [number, number],
  group: number,
): void {
  const dilations: [number, number] = [o.dilationH, o.dilationW];
  const y = ctx.graph.node('Conv', [ctx.nchw(op.inputs[0]), weights, ...bias(ctx, op)], {
    group,
    kernel_shape: kernel,
    strides: [o.strideH, o.strideW],
    dilations,
    pads: spatialPads(ctx, op, o, kernel, dilations),
  });
  ctx.set(op.outputs[0], activate(ctx, y, o.activation, op), 'nchw');
}

const conv2d: Converter = (ctx, op) => {
  const w = ctx.requireConstant(op.inputs[1], op, 'filter');
  const [, kh, kw] = w.shape; // OHWI
  conv(ctx, op, conv2dOptions(op.options), ctx.constantNchw(w, 'conv_w'), [kh!, kw!], 1);
};

const depthwiseConv2d: Converter = (ctx, op) => {
  const w = ctx.requireConstant(op.inputs[1], op, 'filter');
  const [, kh, kw] = w.shape; // [1, H, W, C·M]
  // Output channel c·M + m comes from input channel c in both TFLite and a grouped ONNX Conv,
  // so [1, H, W, C·M] → [C·M, 1, H, W] is the whole weight conversion.
  const weights = ctx.constantNchw(w, 'dwconv_w', [3, 0, 1, 2]);
  const channels = ctx.shape(op.inputs[0])[3]!;
  conv(ctx, op, depthwiseOptions(op.options), weights, [kh!, kw!], channels);
};

const maxPool2d: Converter = (ctx, op) => {
  const o = pool2dOptions(op.options);
  const kernel: [number, number] = [o.filterH, o.filterW];
  const y = ctx.graph.node('MaxPool', [ctx.nchw(op.inputs[0])], {
    kernel_shape: kernel,
    strides: [o.strideH, o.strideW],
    pads: spatialPads(ctx, op, o, kernel, [1, 1]),
  });
  ctx.set(op.outputs[0], activate(ctx, y, o.activation, op), 'nchw');
};

/** Elementwise ops run in NCHW when every operand is 4-D, else in TFLite's layout. */
function operands(ctx: ConvertContext, op: TfliteOperator): { names: string[]; nchw: boolean } {
  const nchw = op.inputs.every((i) => ctx.shape(i).length === 4);
  return { names: op.inputs.map((i) => (nchw ? ctx.nchw(i) : ctx.native(i))), nchw };
}

const add: Converter = (ctx, op) => {
  const { names, nchw } = operands(ctx, op);
  const y = ctx.graph.node('Add', names);
  ctx.set(op.outputs[0], activate(ctx, y, activationOf(op.options), op), nchw ? 'nchw' : 'native');
};

const logistic: Converter = (ctx, op) => {
  const nchw = ctx.isNchw(op.inputs[0]);
  const x = nchw ? ctx.nchw(op.inputs[0]) : ctx.native(op.inputs[0]);
  ctx.set(op.outputs[0], ctx.graph.node('Sigmoid', [x]), nchw ? 'nchw' : 'native');
};

const concatenation: Converter = (ctx, op) => {
  const o = concatOptions(op.options);
  const { names, nchw } = operands(ctx, op);
  const rank = ctx.shape(op.outputs[0]).length;
  const axis = o.axis < 0 ? o.axis + rank : o.axis;
  const y = ctx.graph.node('Concat', names, { axis: nchw ? NHWC_TO_NCHW.indexOf(axis) : axis });
  ctx.set(op.outputs[0], activate(ctx, y, o.activation, op), nchw ? 'nchw' : 'native');
};

const pad: Converter = (ctx, op) => {
  const p = ctx.requireConstant(op.inputs[1], op, 'paddings');
  const rank = ctx.shape(op.inputs[0]).length;
  const nchw = rank === 4;
  const order = nchw ? NHWC_TO_NCHW : [...Array(rank).keys()];
  const before = order.map((d) => p.values[2 * d]!);
  const after = order.map((d) => p.values[2 * d + 1]!);
  const x = nchw ? ctx.nchw(op.inputs[0]) : ctx.native(op.inputs[0]);
  const pads = ctx.graph.int64s('pads', [...before, ...after]);
  ctx.set(
    op.outputs[0],
    ctx.graph.node('Pad', [x, pads], { mode: 'constant' }),
    nchw ? 'nchw' : 'native',
  );
};

/**
 * TF's half_pixel_centers is ONNX's half_pixel (x_in = (x_out + ½)/scale − ½, clamped to the
 * edge by both), align_corners is align_corners, and neither is asymmetric (x_in = x_out/scale).
 */
const resizeBilinear: Converter = (ctx, op) => {
  const o = resizeBilinearOptions(op.options);
  const [, inH, inW] = ctx.shape(op.inputs[0]);
  const [, outH, outW] = ctx.shape(op.outputs[0]);
  const mode = o.alignCorners ? 'align_corners' : o.halfPixelCenters ? 'half_pixel' : 'asymmetric';
  // Scales rather than sizes keep the batch dimension free.
  const scales = ctx.graph.floats('scales', [4], Float32Array.of(1, 1, outH! / inH!, outW! / inW!));
  const y = ctx.graph.node('Resize', [ctx.nchw(op.inputs[0]), '', scales], {
    mode: 'linear',
    coordinate_transformation_mode: mode,
  });
  ctx.set(op.outputs[0], y, 'nchw');
};

/** TF's depth_to_space takes channel (i·bs + j)·C' + c to pixel (i, j): ONNX's DCR order. */
const depthToSpace: Converter = (ctx, op) => {
  const y = ctx.graph.node('DepthToSpace', [ctx.nchw(op.inputs[0])], {
    blocksize: depthToSpaceBlock(op.options),
    mode: 'DCR',
  });
  ctx.set(op.outputs[0], y, 'nchw');
};

/** RESHAPE follows memory order, so it reads TFLite's layout; the batch dimension stays free. */
const reshape: Converter = (ctx, op) => {
  const from = ctx.shape(op.inputs[0]);
  const to = ctx.shape(op.outputs[0]);
  const target = to[0] === from[0] ? [0, ...to.slice(1)] : to;
  const y = ctx.graph.node('Reshape', [
    ctx.native(op.inputs[0]),
    ctx.graph.int64s('shape', target),
  ]);
  ctx.set(op.outputs[0], y, 'native');
};

/** fp16 weights widen to fp32 here, exactly as the TFLite kernel does at run time. */
const dequantize: Converter = (ctx, op) => {
  const t = ctx.tensor(op.inputs[0]);
  if (t.type !== TensorType.FLOAT16 || t.hasQuantization)
    ctx.fail(`only fp16 → fp32 is supported, not tensor type ${t.type} of ${t.name}`, op);
  ctx.fold(op.outputs[0], ctx.requireConstant(op.inputs[0], op, 'input'));
};

const densifyOp: Converter = (ctx, op) => {
  const t = ctx.tensor(op.inputs[0]);
  if (!t.sparsity || !t.data) return ctx.fail(`${t.name} is not a sparse constant`, op);
  ctx.fold(op.outputs[0], {
    shape: t.shape,
    values: densify(decodeConstant(t, ctx.file), t.sparsity, t.shape),
  });
};

export const CONVERTERS: Readonly<Record<string, Converter>> = {
  ADD: add,
  CONCATENATION: concatenation,
  CONV_2D: conv2d,
  DENSIFY: densifyOp,
  DEPTH_TO_SPACE: depthToSpace,
  DEPTHWISE_CONV_2D: depthwiseConv2d,
  DEQUANTIZE: dequantize,
  LOGISTIC: logistic,
  MAX_POOL_2D: maxPool2d,
  PAD: pad,
  RESHAPE: reshape,
  RESIZE_BILINEAR: resizeBilinear,
};
