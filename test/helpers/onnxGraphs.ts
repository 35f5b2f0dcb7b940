import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { mulberry32 } from './random';

// onnx-proto is CommonJS whose exports Node cannot detect statically, so a named ESM import
// works under vitest's interop but not under plain Node or tsx, where a benchmark may run.
const { onnx } = onnxProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
type Dim = number | string;

// Internal tensor names start with '#' so they cannot clash with a caller's input or output
// names (a test input called 'batch' or 'weights' is plausible).

function floatTensor(name: string, dims: number[], data: Float32Array): Onnx.ITensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new Error(`${name}: ${data.length} values for dims [${dims.join(', ')}]`);
  }
  // rawData is little-endian whatever the host; a DataView pins that down.
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: FLOAT, rawData: raw };
}

function int64Tensor(name: string, values: number[]): Onnx.ITensorProto {
  return { name, dims: [values.length], dataType: INT64, int64Data: values };
}

type AttrValue = number | number[];

function node(
  opType: string,
  input: string[],
  output: string[],
  attrs: Record<string, AttrValue> = {},
): Onnx.INodeProto {
  const Type = onnx.AttributeProto.AttributeType;
  // Every attribute these graphs need is an int or a list of ints.
  const attribute = Object.entries(attrs).map(([name, v]): Onnx.IAttributeProto =>
    Array.isArray(v) ? { name, type: Type.INTS, ints: v } : { name, type: Type.INT, i: v },
  );
  return { opType, input, output, name: `${opType}_${output[0] ?? ''}`, attribute };
}

function valueInfo(name: string, shape: Dim[]): Onnx.IValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

function encodeModel(graph: Onnx.IGraphProto): Uint8Array {
  const model: Onnx.IModelProto = {
    irVersion: 8,
    producerName: 'posescope-tests',
    // Opset 17: the last where Reduce* take `axes` as an attribute rather than an input.
    opsetImport: [{ domain: '', version: 17 }],
    graph,
  };
  return onnx.ModelProto.encode(model).finish();
}

export interface ConstantModelSpec {
  inputs: { name: string; shape: Dim[] }[];
  outputs: { name: string; shape: number[]; data: Float32Array }[];
}

/**
 * A model whose every output is `data` repeated over the batch of the first input. The
 * batch comes from Shape+Expand, so the copies are bit-exact; every input also adds
 * 0 × its max, so none is dead and ORT keeps them all as real inputs. The price: a NaN or
 * infinite input value turns the outputs NaN.
 */
export function constantModel(spec: ConstantModelSpec): Uint8Array {
  return broadcastModel('constant', spec.inputs, spec.outputs);
}

export interface ShapeModelSpec {
  inputs: { name: string; shape: Dim[] }[];
  /** Named dims are declared free; the model fills them with 1. */
  outputs: { name: string; shape: Dim[] }[];
}

/**
 * A model with exactly these input and output shapes and zeros for values: what a test of
 * anything that reads only a model's tensor declarations (family guessing) needs, without
 * the bytes a constant of a large output would take.
 */
export function shapeModel(spec: ShapeModelSpec): Uint8Array {
  return broadcastModel('shape', spec.inputs, spec.outputs);
}

function broadcastModel(
  name: string,
  inputs: { name: string; shape: Dim[] }[],
  outputs: { name: string; shape: Dim[]; data?: Float32Array }[],
): Uint8Array {
  const first = inputs[0];
  if (!first) throw new Error(`${name}Model needs at least one input`);
  const nodes: Onnx.INodeProto[] = [];
  const initializer: Onnx.ITensorProto[] = [
    { name: '#zero', dims: [], dataType: FLOAT, floatData: [0] },
  ];

  nodes.push(node('Shape', [first.name], ['#batch'], { start: 0, end: 1 }));

  let zeroSum = '';
  inputs.forEach((input, i) => {
    nodes.push(node('ReduceMax', [input.name], [`#max${i}`], { keepdims: 0 }));
    nodes.push(node('Mul', [`#max${i}`, '#zero'], [`#zero${i}`]));
    if (zeroSum) nodes.push(node('Add', [zeroSum, `#zero${i}`], [`#zeroSum${i}`]));
    zeroSum = zeroSum ? `#zeroSum${i}` : `#zero${i}`;
  });

  outputs.forEach((out, i) => {
    const shape = out.shape.map((d) => (typeof d === 'number' ? d : 1));
    // Without data, one zero broadcast by Expand stands in for the whole output.
    initializer.push(
      out.data
        ? floatTensor(`#data${i}`, [1, ...shape], out.data)
        : floatTensor(`#data${i}`, [1], new Float32Array(1)),
    );
    initializer.push(int64Tensor(`#itemShape${i}`, shape));
    nodes.push(node('Concat', ['#batch', `#itemShape${i}`], [`#outShape${i}`], { axis: 0 }));
    nodes.push(node('Expand', [`#data${i}`, `#outShape${i}`], [`#expanded${i}`]));
    nodes.push(node('Add', [`#expanded${i}`, zeroSum], [out.name]));
  });

  const batchDim = first.shape[0] ?? 'N';
  return encodeModel({
    name,
    node: nodes,
    initializer,
    input: inputs.map((x) => valueInfo(x.name, x.shape)),
    output: outputs.map((o) => valueInfo(o.name, [batchDim, ...o.shape])),
  });
}

export interface ConvNetOptions {
  inputName?: string;
  outputName?: string;
  inChannels?: number;
  height: number;
  width: number;
  outChannels: number;
  hidden?: number;
  layers?: number;
  seed?: number;
}

/**
 * A heatmap-shaped net with real convolution cost, for benchmarks: two stride-2 3×3 convs,
 * `layers − 2` stride-1 3×3 convs (all with Relu), then a 1×1 conv to `outChannels`.
 * Output is [N, outChannels, ceil(H/4), ceil(W/4)] — exactly H/4 × W/4 when both divide by 4.
 */
export function convNetModel(opts: ConvNetOptions): Uint8Array {
  const inputName = opts.inputName ?? 'input';
  const outputName = opts.outputName ?? 'output';
  const inChannels = opts.inChannels ?? 3;
  const hidden = opts.hidden ?? 32;
  const layers = opts.layers ?? 4;
  if (layers < 2) throw new Error('convNetModel needs layers >= 2 (the two stride-2 convs)');
  const rand = mulberry32(opts.seed ?? 1);

  const nodes: Onnx.INodeProto[] = [];
  const initializer: Onnx.ITensorProto[] = [];
  let current = inputName;
  let channels = inChannels;

  const conv = (i: number, outCh: number, k: number, stride: number, relu: boolean): void => {
    const fanIn = channels * k * k;
    // Uniform(±√(6/fanIn)) has He variance 2/fanIn, so Relu stacks neither blow up nor die.
    const bound = Math.sqrt(6 / fanIn);
    const w = Float32Array.from({ length: outCh * fanIn }, () => (rand() * 2 - 1) * bound);
    const b = Float32Array.from({ length: outCh }, () => (rand() * 2 - 1) * 0.01);
    initializer.push(floatTensor(`#w${i}`, [outCh, channels, k, k], w));
    initializer.push(floatTensor(`#b${i}`, [outCh], b));
    const pad = (k - 1) / 2;
    const convOut = relu ? `#conv${i}` : outputName;
    nodes.push(
      node('Conv', [current, `#w${i}`, `#b${i}`], [convOut], {
        kernel_shape: [k, k],
        strides: [stride, stride],
        pads: [pad, pad, pad, pad],
      }),
    );
    current = convOut;
    if (relu) {
      nodes.push(node('Relu', [convOut], [`#relu${i}`]));
      current = `#relu${i}`;
    }
    channels = outCh;
  };

  conv(0, hidden, 3, 2, true);
  conv(1, hidden, 3, 2, true);
  for (let i = 2; i < layers; i++) conv(i, hidden, 3, 1, true);
  conv(layers, opts.outChannels, 1, 1, false);

  // A 3×3 stride-2 pad-1 conv maps n to ceil(n/2).
  const quarter = (n: number): number => Math.ceil(Math.ceil(n / 2) / 2);
  return encodeModel({
    name: 'convnet',
    node: nodes,
    initializer,
    input: [valueInfo(inputName, ['N', inChannels, opts.height, opts.width])],
    output: [
      valueInfo(outputName, ['N', opts.outChannels, quarter(opts.height), quarter(opts.width)]),
    ],
  });
}

export interface MatMulOptions {
  inputName: string;
  outputName: string;
  inFeatures: number;
  /** inFeatures × outFeatures, row-major. */
  weights: Float32Array;
  outFeatures: number;
  bias?: Float32Array;
}

/** [N, inFeatures] · weights (+ bias) → [N, outFeatures]: a lifter a test can check by hand. */
export function matMulModel(opts: MatMulOptions): Uint8Array {
  const { inputName, outputName, inFeatures, outFeatures, bias } = opts;
  const initializer = [floatTensor('#weights', [inFeatures, outFeatures], opts.weights)];
  const nodes = [node('MatMul', [inputName, '#weights'], [bias ? '#product' : outputName])];
  if (bias) {
    initializer.push(floatTensor('#bias', [outFeatures], bias));
    nodes.push(node('Add', ['#product', '#bias'], [outputName]));
  }
  return encodeModel({
    name: 'matmul',
    node: nodes,
    initializer,
    input: [valueInfo(inputName, ['N', inFeatures])],
    output: [valueInfo(outputName, ['N', outFeatures])],
  });
}

/**
 * A valid model less its last byte. Any protobuf message cut that way ends inside its final
 * field, so the parse must fail — unlike a cut in the middle, which can land on a boundary.
 */
export function brokenModelBytes(): Uint8Array {
  const valid = matMulModel({
    inputName: 'x',
    outputName: 'y',
    inFeatures: 1,
    outFeatures: 1,
    weights: new Float32Array([1]),
  });
  return valid.slice(0, valid.length - 1);
}

/**
 * A tiny top-down heatmap2d model: a crop [N, 3, 64, 64] (NCHW) in, heatmaps [N, 17, 16, 16]
 * out. A fixed-seed conv stack (convNetModel), so the same bytes every time and peaks that move
 * with the image, which a test of adding and running a model needs; it has learnt nothing.
 */
export function tinyHeatmapModel(): Uint8Array {
  return convNetModel({
    inputName: 'image',
    outputName: 'heatmaps',
    height: 64,
    width: 64,
    outChannels: 17,
    hidden: 8,
    layers: 3,
    seed: 17,
  });
}
