import { TensorType, type Sparsity, type TfliteTensor } from './tfliteSchema';

/**
 * Constant tensors folded at conversion time: fp16 weights widened to fp32 (exactly, as
 * DEQUANTIZE does at run time), sparse weights densified (DENSIFY), and layouts permuted.
 */

/** A constant in TFLite's layout: float values, or integers for shapes and paddings. */
export interface Constant {
  readonly shape: number[];
  readonly values: Float32Array | Int32Array;
}

const HALF_SUBNORMAL = 2 ** -24;

/** IEEE 754 binary16 → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * HALF_SUBNORMAL;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

let halfTable: Float32Array | undefined;

function decodeHalves(bytes: Uint8Array): Float32Array {
  // A 64K-entry table is faster than decoding each of the heavy model's 13M halves.
  halfTable ??= Float32Array.from({ length: 0x10000 }, (_, h) => halfToFloat(h));
  const table = halfTable;
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = table[bytes[2 * i]! | (bytes[2 * i + 1]! << 8)]!;
  return out;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The stored values of a constant tensor (still sparse if it is sparse). */
export function decodeConstant(t: TfliteTensor, file: string): Float32Array | Int32Array {
  const bytes = t.data;
  if (!bytes) throw new Error(`${file}: tensor ${t.name} has no data`);
  const dv = view(bytes);
  switch (t.type) {
    case TensorType.FLOAT32:
      return Float32Array.from({ length: bytes.length / 4 }, (_, i) => dv.getFloat32(4 * i, true));
    case TensorType.FLOAT16:
      return decodeHalves(bytes);
    case TensorType.INT32:
      return Int32Array.from({ length: bytes.length / 4 }, (_, i) => dv.getInt32(4 * i, true));
    case TensorType.INT64:
      return Int32Array.from({ length: bytes.length / 8 }, (_, i) =>
        Number(dv.getBigInt64(8 * i, true)),
      );
    default:
      throw new Error(`${file}: constant ${t.name} has tensor type ${t.type}, not supported`);
  }
}

/**
 * TFLite's sparse format (a TACO variant): walk the stored dimensions in traversal order, dense
 * ones by size and sparse ones by their CSR segments and indices, and drop each stored value at
 * its dense position. Block dimensions fold back into their original dimension via block_map.
 */
export function densify(
  values: Float32Array | Int32Array,
  sparsity: Sparsity,
  denseShape: number[],
): Float32Array | Int32Array {
  const rank = denseShape.length;
  const out = new (values.constructor as Float32ArrayConstructor)(
    denseShape.reduce((a, b) => a * b, 1),
  );
  const { traversalOrder, blockMap, dims } = sparsity;
  const blockSize = blockMap.map((_, b) => dims[rank + b]?.denseSize ?? 1);
  const strides = denseShape.map((_, d) => denseShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const at = new Array<number>(dims.length).fill(0);
  let next = 0;
  const visit = (level: number, prev: number): void => {
    if (level === dims.length) {
      const orig = new Array<number>(rank).fill(0);
      for (let i = 0; i < rank; i++) orig[traversalOrder[i]!] = at[i]!;
      for (let i = rank; i < dims.length; i++) {
        const b = traversalOrder[i]! - rank;
        const d = blockMap[b]!;
        orig[d] = orig[d]! * blockSize[b]! + at[i]!;
      }
      out[orig.reduce((s, v, d) => s + v * strides[d]!, 0)] = values[next++]!;
      return;
    }
    const dim = dims[level]!;
    if (dim.format === 0) {
      for (let i = 0; i < dim.denseSize; i++) {
        at[level] = i;
        visit(level + 1, prev * dim.denseSize + i);
      }
      return;
    }
    for (let i = dim.segments[prev]!; i < dim.segments[prev + 1]!; i++) {
      at[level] = dim.indices[i]!;
      visit(level + 1, i);
    }
  };
  visit(0, 0);
  if (next !== values.length)
    throw new Error(`sparse tensor stores ${values.length} values but its indices reach ${next}`);
  return out;
}

/** Permutes the axes of a dense constant: out dim i = in dim perm[i]. */
export function transpose(c: Constant, perm: number[]): Constant {
  const shape = perm.map((p) => c.shape[p]!);
  const inStrides = c.shape.map((_, d) => c.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const stepOf = perm.map((p) => inStrides[p]!);
  const out = new (c.values.constructor as Float32ArrayConstructor)(c.values.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < idx.length; d++) src += idx[d]! * stepOf[d]!;
    out[o] = c.values[src]!;
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape, values: out };
}

/** NHWC ↔ NCHW axis permutations, for activations and 4-D constants alike. */
export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const NCHW_TO_NHWC = [0, 2, 3, 1];
