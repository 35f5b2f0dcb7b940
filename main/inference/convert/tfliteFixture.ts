import { Builder } from 'flatbuffers';
import { builtinCode, TensorType } from './tfliteSchema';

/**
 * Writes small TFLite flatbuffers for tests (an operator the converter lacks, a layout puzzle),
 * with the same schema field numbers the reader uses.
 */

export interface FixtureTensor {
  readonly name: string;
  readonly shape: number[];
  readonly type?: number;
  /** Constant bytes, little-endian. */
  readonly data?: Uint8Array;
}

export interface FixtureOp {
  readonly op: string;
  readonly inputs: number[];
  readonly outputs: number[];
  /** BuiltinOptions union member (1-based schema order) and its int fields by field number. */
  readonly options?: { readonly type: number; readonly ints: Record<number, number> };
}

export interface FixtureModel {
  readonly tensors: FixtureTensor[];
  readonly inputs: number[];
  readonly outputs: number[];
  readonly ops: FixtureOp[];
}

/** BuiltinOptions union members used by the fixtures. */
export const OPTIONS = { ConcatenationOptions: 10, AddOptions: 11 } as const;

export const floatBytes = (values: number[]): Uint8Array =>
  new Uint8Array(Float32Array.from(values).buffer);

export function buildTflite(model: FixtureModel): Uint8Array {
  const b = new Builder(1024);
  const ints = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
    return b.endVector();
  };
  const tables = (offsets: number[]): number => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
    return b.endVector();
  };
  const table = (fields: (() => void)[]): number => {
    b.startObject(fields.length);
    fields.forEach((f) => f());
    return b.endObject();
  };

  const opNames = [...new Set(model.ops.map((o) => o.op))];
  const codes = opNames.map((name) => {
    const code = builtinCode(name);
    // OperatorCode: deprecated_builtin_code (0), custom_code (1), version (2), builtin_code (3).
    return table([
      () => b.addFieldInt8(0, Math.min(code, 127), 0),
      () => b.addFieldInt32(2, 1, 1),
      () => b.addFieldInt32(3, code, 0),
    ]);
  });
  // Buffer 0 is the empty sentinel; each constant gets its own buffer after it.
  const constants = model.tensors.filter((t) => t.data);
  const buffers = [table([])];
  for (const t of constants) {
    const data = b.createByteVector(t.data!);
    buffers.push(table([() => b.addFieldOffset(0, data, 0)]));
  }
  const tensors = model.tensors.map((t) => {
    const name = b.createString(t.name);
    const shape = ints(t.shape);
    const buffer = t.data ? constants.indexOf(t) + 1 : 0;
    // Tensor: shape (0), type (1), buffer (2), name (3).
    return table([
      () => b.addFieldOffset(0, shape, 0),
      () => b.addFieldInt8(1, t.type ?? TensorType.FLOAT32, 0),
      () => b.addFieldInt32(2, buffer, 0),
      () => b.addFieldOffset(3, name, 0),
    ]);
  });
  const ops = model.ops.map((o) => {
    const inputs = ints(o.inputs);
    const outputs = ints(o.outputs);
    const opts = o.options;
    const options = opts
      ? table(
          Object.entries(opts.ints).map(
            ([f, v]) =>
              () =>
                b.addFieldInt32(Number(f), v, 0),
          ),
        )
      : 0;
    // Operator: opcode_index (0), inputs (1), outputs (2), builtin_options_type (3), options (4).
    return table([
      () => b.addFieldInt32(0, opNames.indexOf(o.op), 0),
      () => b.addFieldOffset(1, inputs, 0),
      () => b.addFieldOffset(2, outputs, 0),
      () => b.addFieldInt8(3, opts?.type ?? 0, 0),
      () => b.addFieldOffset(4, options, 0),
    ]);
  });
  // Children are written before the table that points at them, as flatbuffers requires.
  const graphFields = [tables(tensors), ints(model.inputs), ints(model.outputs), tables(ops)];
  const subgraph = table(graphFields.map((v, f) => () => b.addFieldOffset(f, v, 0)));
  const codeVector = tables(codes);
  const graphVector = tables([subgraph]);
  const bufferVector = tables(buffers);
  // Model: version (0), operator_codes (1), subgraphs (2), description (3), buffers (4).
  const root = table([
    () => b.addFieldInt32(0, 3, 0),
    () => b.addFieldOffset(1, codeVector, 0),
    () => b.addFieldOffset(2, graphVector, 0),
    () => b.addFieldOffset(3, 0, 0),
    () => b.addFieldOffset(4, bufferVector, 0),
  ]);
  b.finish(root, 'TFL3');
  return b.asUint8Array();
}
