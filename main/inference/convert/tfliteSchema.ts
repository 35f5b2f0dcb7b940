import { FlatTable } from './flatTable';

/**
 * The parts of TFLite's public schema (tensorflow/lite/schema/schema.fbs) the BlazePose models
 * need, read into plain objects. Field numbers are the schema's declaration order, with a union
 * taking two slots, as flatc numbers them.
 */

/** BuiltinOperator codes 0–161, in schema order, so any operator can be named in an error. */
const BUILTIN_NAMES = `ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE
DEQUANTIZE EMBEDDING_LOOKUP FLOOR FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D
LOCAL_RESPONSE_NORMALIZATION LOGISTIC LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 RELU6
RESHAPE RESIZE_BILINEAR RNN SOFTMAX SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM CALL
CUSTOM EMBEDDING_LOOKUP_SPARSE PAD UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND
SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE
BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX DELEGATE BIDIRECTIONAL_SEQUENCE_LSTM CAST
PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER GREATER_EQUAL LESS_EQUAL SELECT SLICE SIN
TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL NOT_EQUAL LOG SUM SQRT RSQRT SHAPE POW ARG_MIN
FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR ONE_HOT LOGICAL_AND LOGICAL_NOT UNPACK REDUCE_MIN
FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL FLOOR_MOD RANGE RESIZE_NEAREST_NEIGHBOR LEAKY_RELU
SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE CEIL REVERSE_V2 ADD_N GATHER_ND COS WHERE RANK ELU
REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE MATRIX_SET_DIAG ROUND HARD_SWISH IF WHILE
NON_MAX_SUPPRESSION_V4 NON_MAX_SUPPRESSION_V5 SCATTER_ND SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL
PLACEHOLDER_FOR_GREATER_OP_CODES CUMSUM CALL_ONCE BROADCAST_TO RFFT2D CONV_3D IMAG REAL COMPLEX_ABS
HASHTABLE HASHTABLE_FIND HASHTABLE_IMPORT HASHTABLE_SIZE REDUCE_ALL CONV_3D_TRANSPOSE VAR_HANDLE
READ_VARIABLE ASSIGN_VARIABLE BROADCAST_ARGS RANDOM_STANDARD_NORMAL BUCKETIZE RANDOM_UNIFORM
MULTINOMIAL GELU DYNAMIC_UPDATE_SLICE RELU_0_TO_1 UNSORTED_SEGMENT_PROD UNSORTED_SEGMENT_MAX
UNSORTED_SEGMENT_SUM ATAN2 UNSORTED_SEGMENT_MIN SIGN BITCAST BITWISE_XOR RIGHT_SHIFT`.split(/\s+/);

export function builtinName(code: number): string {
  return BUILTIN_NAMES[code] ?? `BUILTIN_${code}`;
}

export function builtinCode(name: string): number {
  const code = BUILTIN_NAMES.indexOf(name);
  if (code < 0) throw new Error(`unknown TFLite builtin operator ${name}`);
  return code;
}

/** TensorType values this converter reads. */
export const TensorType = { FLOAT32: 0, FLOAT16: 1, INT32: 2, INT64: 4, INT8: 9 } as const;

export interface SparseDim {
  /** DimensionType: 0 dense, 1 sparse CSR. */
  readonly format: number;
  readonly denseSize: number;
  readonly segments: number[];
  readonly indices: number[];
}

export interface Sparsity {
  readonly traversalOrder: number[];
  readonly blockMap: number[];
  readonly dims: SparseDim[];
}

export interface TfliteTensor {
  readonly index: number;
  readonly name: string;
  readonly shape: number[];
  readonly type: number;
  /** The constant's bytes (a view into the file), or null for an activation. */
  readonly data: Uint8Array | null;
  readonly sparsity: Sparsity | null;
  readonly hasQuantization: boolean;
}

export interface TfliteOperator {
  readonly index: number;
  /** BuiltinOperator name, or `CUSTOM:<code>` for a custom operator. */
  readonly op: string;
  readonly inputs: number[];
  readonly outputs: number[];
  /** The builtin options table; read it with the accessors below. */
  readonly options: FlatTable | null;
}

export interface TfliteGraph {
  readonly file: string;
  readonly version: number;
  readonly tensors: TfliteTensor[];
  readonly inputs: number[];
  readonly outputs: number[];
  readonly operators: TfliteOperator[];
}

/** SparseIndexVector: 1 Int32Vector, 2 Uint16Vector, 3 Uint8Vector, each a `values` field. */
function indexVector(dim: FlatTable, typeField: number): number[] {
  const vector = dim.table(typeField + 1);
  if (!vector) return [];
  const kind = dim.uint8(typeField);
  if (kind === 1) return vector.int32s(0);
  if (kind === 2) return vector.uint16s(0);
  if (kind === 3) return Array.from(vector.bytes(0));
  throw new Error(`${dim.file}: unknown sparse index vector type ${kind}`);
}

function readSparsity(t: FlatTable | null): Sparsity | null {
  if (!t) return null;
  return {
    traversalOrder: t.int32s(0),
    blockMap: t.int32s(1),
    dims: t.tables(2).map((d) => ({
      format: d.int8(0),
      denseSize: d.int32(1),
      segments: indexVector(d, 2),
      indices: indexVector(d, 4),
    })),
  };
}

function opName(code: FlatTable, file: string): string {
  // Codes past 127 live only in the int32 `builtin_code`; older files set only the byte.
  const builtin = Math.max(code.int8(0), code.int32(3));
  if (builtin === builtinCode('CUSTOM')) return `CUSTOM:${code.string(1) || '?'}`;
  if (builtin < 0) throw new Error(`${file}: negative operator code ${builtin}`);
  return builtinName(builtin);
}

/** Reads subgraph 0 of a TFLite model. Throws naming the file if it is not one. */
export function readTflite(bytes: Uint8Array, file: string): TfliteGraph {
  const model = FlatTable.root(bytes, file, 'TFL3');
  const codes = model.tables(1).map((c) => opName(c, file));
  const buffers = model.tables(4);
  const graph = model.tables(2)[0];
  if (!graph) throw new Error(`${file}: the model has no subgraph`);
  const tensors = graph.tables(0).map((t, index): TfliteTensor => {
    const data = buffers[t.uint32(2)]?.bytes(0) ?? null;
    return {
      index,
      name: t.string(3),
      shape: t.int32s(0),
      type: t.int8(1),
      data: data && data.length > 0 ? data : null,
      sparsity: readSparsity(t.table(6)),
      hasQuantization: (t.table(4)?.float32s(2).length ?? 0) > 0,
    };
  });
  const operators = graph.tables(3).map((o, index): TfliteOperator => {
    const op = codes[o.uint32(0)];
    if (op === undefined) throw new Error(`${file}: operator ${index} has no operator code`);
    return { index, op, inputs: o.int32s(1), outputs: o.int32s(2), options: o.table(4) };
  });
  return {
    file,
    version: model.uint32(0),
    tensors,
    inputs: graph.int32s(1),
    outputs: graph.int32s(2),
    operators,
  };
}

/** ActivationFunctionType: 0 NONE, 1 RELU, 2 RELU_N1_TO_1, 3 RELU6, 4 TANH, 5 SIGN_BIT. */
export type Activation = number;
/** Padding: 0 SAME, 1 VALID. */
export const SAME = 0;

export interface Conv2DOptions {
  padding: number;
  strideW: number;
  strideH: number;
  activation: Activation;
  dilationW: number;
  dilationH: number;
}

const need = (t: FlatTable | null, op: string): FlatTable => {
  if (!t) throw new Error(`${op} has no options table`);
  return t;
};

/**
 * Conv2DOptions and DepthwiseConv2DOptions share their layout except that the depthwise table
 * puts depth_multiplier (field 3) before the activation; `act` is the activation's field.
 */
function convOptions(o: FlatTable, act: number): Conv2DOptions {
  return {
    padding: o.int8(0),
    strideW: o.int32(1),
    strideH: o.int32(2),
    activation: o.int8(act),
    dilationW: o.int32(act + 1, 1),
    dilationH: o.int32(act + 2, 1),
  };
}

export const conv2dOptions = (t: FlatTable | null): Conv2DOptions =>
  convOptions(need(t, 'CONV_2D'), 3);

export function depthwiseOptions(t: FlatTable | null): Conv2DOptions & { multiplier: number } {
  const o = need(t, 'DEPTHWISE_CONV_2D');
  return { ...convOptions(o, 4), multiplier: o.int32(3) };
}

export function pool2dOptions(t: FlatTable | null) {
  const o = need(t, 'pool');
  return {
    padding: o.int8(0),
    strideW: o.int32(1),
    strideH: o.int32(2),
    filterW: o.int32(3),
    filterH: o.int32(4),
    activation: o.int8(5),
  };
}

/** ConcatenationOptions (axis, activation); AddOptions and MulOptions hold the activation only. */
export const concatOptions = (t: FlatTable | null) => ({
  axis: need(t, 'CONCATENATION').int32(0),
  activation: need(t, 'CONCATENATION').int8(1),
});
export const activationOf = (t: FlatTable | null): Activation => t?.int8(0) ?? 0;

export const resizeBilinearOptions = (t: FlatTable | null) => ({
  alignCorners: t?.bool(2) ?? false,
  halfPixelCenters: t?.bool(3) ?? false,
});

export const depthToSpaceBlock = (t: FlatTable | null): number =>
  need(t, 'DEPTH_TO_SPACE').int32(0);
