import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS whose exports Node cannot detect statically: take them off the default.
const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
const AttrType = onnx.AttributeProto.AttributeType;

/** ONNX opset the converted graphs declare (Clip and Pad take their bounds as inputs). */
export const OPSET = 13;

export type Attr = number | number[] | string;
export type Dim = number | string;

/** A graph input or output: float32 unless it says uint8 (an image's 8-bit pixels). */
export interface ValueInfo {
  readonly name: string;
  readonly shape: Dim[];
  readonly type?: 'float32' | 'uint8';
}

/**
 * Collects the nodes and initializers of one ONNX graph and encodes the model with onnx-proto.
 * Names are made unique here, so converters can ask for readable ones without bookkeeping.
 */
export class OnnxGraph {
  private readonly nodes: Onnx.INodeProto[] = [];
  private readonly initializers: Onnx.ITensorProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name based on `base`. */
  name(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves exact names (graph inputs and outputs) before anything else can take them. */
  reserve(names: string[]): void {
    for (const n of names) {
      if (this.used.has(n)) throw new Error(`ONNX value name ${n} is used twice`);
      this.used.add(n);
    }
  }

  floats(base: string, dims: number[], values: Float32Array): string {
    const name = this.name(base);
    const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: raw.slice() });
    return name;
  }

  int64s(base: string, values: number[]): string {
    const name = this.name(base);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: DataType.INT64,
      int64Data: values,
    });
    return name;
  }

  uint8s(base: string, values: number[]): string {
    const name = this.name(base);
    const raw = Uint8Array.from(values);
    this.initializers.push({ name, dims: [values.length], dataType: DataType.UINT8, rawData: raw });
    return name;
  }

  scalar(base: string, value: number): string {
    const name = this.name(base);
    this.initializers.push({ name, dims: [], dataType: DataType.FLOAT, floatData: [value] });
    return name;
  }

  /** Adds a node with one output and returns the output's name (`out`, or a fresh one). */
  node(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, out?: string): string {
    const output = out ?? this.name(opType.toLowerCase());
    const attribute = Object.entries(attrs).map(([name, v]): Onnx.IAttributeProto => {
      if (typeof v === 'string')
        return { name, type: AttrType.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return { name, type: AttrType.INTS, ints: v };
      return { name, type: AttrType.INT, i: v };
    });
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute });
    return output;
  }

  encode(
    inputs: ValueInfo[],
    outputs: ValueInfo[],
    meta: { producer: string; docString: string; opset?: number },
  ): Uint8Array {
    const info = (v: ValueInfo): Onnx.IValueInfoProto => ({
      name: v.name,
      type: {
        tensorType: {
          elemType: v.type === 'uint8' ? DataType.UINT8 : DataType.FLOAT,
          shape: {
            dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
          },
        },
      },
    });
    return onnx.ModelProto.encode({
      // Opset 16 (GridSample) needs IR version 8; older graphs keep 7.
      irVersion: (meta.opset ?? OPSET) > 13 ? 8 : 7,
      producerName: meta.producer,
      docString: meta.docString,
      opsetImport: [{ domain: '', version: meta.opset ?? OPSET }],
      graph: {
        name: 'main',
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(info),
        output: outputs.map(info),
      },
    }).finish();
  }
}
