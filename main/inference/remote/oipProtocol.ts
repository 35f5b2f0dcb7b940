import * as ort from 'onnxruntime-node';
import { z } from 'zod';

/**
 * The Open Inference Protocol (KServe's "V2", spoken by Triton, KServe, Seldon MLServer and
 * OpenVINO Model Server), HTTP/REST as specified in kserve/open-inference-protocol
 * `specification/protocol/inference_rest.md`, and its binary tensor data extension (Triton's
 * `extension_binary_data.md`, adopted by KServe): a request's or response's JSON object comes
 * first, its length in the `Inference-Header-Content-Length` header, then each tensor whose
 * `parameters.binary_data_size` is set, in the order the JSON lists them, little-endian, row
 * major, no padding. Responses are validated here, at the boundary.
 */

/** The protocol's tensor data types PoseScope exchanges, and onnxruntime's names for them. */
const DATATYPES = {
  FP32: 'float32',
  FP64: 'float64',
  UINT8: 'uint8',
  INT8: 'int8',
  INT32: 'int32',
  INT64: 'int64',
  BOOL: 'bool',
} as const;
export type OipDatatype = keyof typeof DATATYPES;
type OrtType = (typeof DATATYPES)[OipDatatype];

export const ortTypeOf = (d: string): OrtType | undefined =>
  (DATATYPES as Record<string, OrtType>)[d];

export function oipDatatypeOf(t: string): OipDatatype {
  const found = Object.entries(DATATYPES).find(([, o]) => o === t);
  if (!found) throw new Error(`a ${t} tensor cannot be sent over the inference protocol`);
  return found[0] as OipDatatype;
}

const tensorMeta = z.object({
  name: z.string(),
  datatype: z.string(),
  // Variable-size dimensions are -1.
  shape: z.array(z.number().int()),
});

export const serverMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  extensions: z.array(z.string()).default([]),
});
export type ServerMetadata = z.infer<typeof serverMetadataSchema>;

export const modelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()).optional(),
  platform: z.string(),
  inputs: z.array(tensorMeta),
  outputs: z.array(tensorMeta),
});
export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

export const readySchema = z.object({ ready: z.boolean() });

/**
 * The model repository extension's index (Triton's `extension_model_repository.md`, listed as
 * `model_repository`): `POST v2/repository/index` answers every model the server knows, loaded
 * or not. The core protocol has no way to list models.
 */
export const REPOSITORY_EXTENSION = 'model_repository';
export const repositoryIndexSchema = z.array(
  z.object({
    name: z.string(),
    version: z.string().optional(),
    state: z.string().optional(),
    reason: z.string().optional(),
  }),
);
export type RepositoryIndex = z.infer<typeof repositoryIndexSchema>;
export const errorSchema = z.object({ error: z.string() });

const parameters = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const responseOutput = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  datatype: z.string(),
  parameters: parameters.optional(),
  // Checked value by value where it is read (decodeOutputs): a schema walking a million
  // numbers one by one cost seconds a batch.
  data: z.array(z.unknown()).optional(),
});

export const inferResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  parameters: parameters.optional(),
  outputs: z.array(responseOutput),
});
export type InferResponse = z.infer<typeof inferResponseSchema>;

export const HEADER_LENGTH = 'inference-header-content-length';

type TypedArray = Exclude<ort.Tensor.DataType, readonly string[]>;

const bytesOf = (data: TypedArray) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The JSON numbers of a tensor (int64 as numbers: the protocol's JSON has no other). */
const jsonData = (t: ort.Tensor): (number | boolean)[] =>
  t.type === 'int64'
    ? Array.from(t.data as BigInt64Array, Number)
    : t.type === 'bool'
      ? Array.from(t.data as Uint8Array, (v) => v !== 0)
      : Array.from(t.data as ArrayLike<number>);

/**
 * Tensors as a request's inputs or a response's outputs list them: data inline as JSON
 * numbers, or (`binary`) only a `binary_data_size`, their bytes in `tail` in the same order.
 */
export function tensorEntries(
  tensors: Record<string, ort.Tensor>,
  binary: boolean,
): { entries: object[]; tail: Uint8Array[] } {
  const tail: Uint8Array[] = [];
  const entries = Object.entries(tensors).map(([name, t]) => {
    const head = { name, shape: [...t.dims], datatype: oipDatatypeOf(t.type) };
    if (!binary) return { ...head, data: jsonData(t) };
    const bytes = bytesOf(t.data as TypedArray);
    tail.push(bytes);
    return { ...head, parameters: { binary_data_size: bytes.byteLength } };
  });
  return { entries, tail };
}

/** A body of the JSON object followed (`binary`) by the tail's bytes, and its headers. */
export function frame(
  json: object,
  tail: readonly Uint8Array[],
  binary: boolean,
): { body: Uint8Array; headers: Record<string, string> } {
  const head = new TextEncoder().encode(JSON.stringify(json));
  if (!binary) return { body: head, headers: { 'content-type': 'application/json' } };
  const body = new Uint8Array(head.byteLength + tail.reduce((n, b) => n + b.byteLength, 0));
  body.set(head);
  let at = head.byteLength;
  for (const b of tail) {
    body.set(b, at);
    at += b.byteLength;
  }
  return {
    body,
    headers: {
      'content-type': 'application/octet-stream',
      [HEADER_LENGTH]: String(head.byteLength),
    },
  };
}

/**
 * An inference request's body and headers: tensors inline as JSON numbers, or (`binary`)
 * after the JSON object, with every output asked for as binary too.
 */
export function encodeRequest(
  feeds: Record<string, ort.Tensor>,
  outputs: readonly string[],
  binary: boolean,
  id?: string,
): { body: Uint8Array; headers: Record<string, string> } {
  const { entries, tail } = tensorEntries(feeds, binary);
  const request = {
    ...(id === undefined ? {} : { id }),
    inputs: entries,
    outputs: outputs.map((name) =>
      binary ? { name, parameters: { binary_data: true } } : { name },
    ),
  };
  return frame(request, tail, binary);
}

/** Splits a body into its JSON object and the binary data after it. */
export function splitBody(
  body: Uint8Array,
  headerLength: string | null,
): { json: unknown; binary: Uint8Array } {
  const n = headerLength === null ? body.byteLength : Number(headerLength);
  if (!Number.isInteger(n) || n < 0 || n > body.byteLength)
    throw new Error(
      `${HEADER_LENGTH} is ${headerLength} but the body has ${body.byteLength} bytes`,
    );
  const text = new TextDecoder().decode(body.subarray(0, n));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the body is not JSON: ${text.slice(0, 120)}`);
  }
  return { json, binary: body.subarray(n) };
}

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Each output of an inference response as an onnxruntime tensor. */
export function decodeOutputs(res: InferResponse, binary: Uint8Array): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  let at = 0;
  for (const o of res.outputs) {
    const type = ortTypeOf(o.datatype);
    if (!type)
      throw new Error(`output "${o.name}" has datatype ${o.datatype}, not one PoseScope reads`);
    const n = size(o.shape);
    const bytes = o.parameters?.binary_data_size;
    let data: TypedArray;
    if (bytes !== undefined) {
      if (typeof bytes !== 'number' || at + bytes > binary.byteLength)
        throw new Error(
          `output "${o.name}" claims ${String(bytes)} bytes of binary data, ${binary.byteLength - at} are left`,
        );
      // A copy: the typed array needs its own aligned buffer.
      const own = binary.slice(at, at + bytes);
      at += bytes;
      data = typedArray(type, own.buffer, n, o.name);
    } else {
      if (!o.data) throw new Error(`output "${o.name}" has neither data nor binary data`);
      // Nested in the tensor's own dimensions or flat: the spec allows both.
      const flat = o.data.flat(Infinity as 1);
      if (flat.length !== n)
        throw new Error(
          `output "${o.name}" has ${flat.length} values for shape [${o.shape.join(', ')}]`,
        );
      const kind = type === 'bool' ? 'boolean' : 'number';
      for (let k = 0; k < flat.length; k++)
        if (typeof flat[k] !== kind)
          throw new Error(
            `output "${o.name}" value ${k} is ${JSON.stringify(flat[k])}, not a ${kind}`,
          );
      data = fromJson(type, flat as (number | boolean)[]);
    }
    out[o.name] = new ort.Tensor(type, data, o.shape);
  }
  return out;
}

function typedArray(type: OrtType, buffer: ArrayBufferLike, n: number, name: string): TypedArray {
  const ctor = {
    float32: Float32Array,
    float64: Float64Array,
    uint8: Uint8Array,
    int8: Int8Array,
    int32: Int32Array,
    int64: BigInt64Array,
    bool: Uint8Array,
  }[type];
  if (buffer.byteLength !== n * ctor.BYTES_PER_ELEMENT)
    throw new Error(
      `output "${name}" has ${buffer.byteLength} bytes of binary data, ${n} ${type} values need ${n * ctor.BYTES_PER_ELEMENT}`,
    );
  return new ctor(buffer as ArrayBuffer) as TypedArray;
}

function fromJson(type: OrtType, values: (number | boolean)[]): TypedArray {
  switch (type) {
    case 'int64':
      return BigInt64Array.from(values, (v) => BigInt(Number(v)));
    case 'bool':
      return Uint8Array.from(values, (v) => (v ? 1 : 0));
    case 'float32':
      return Float32Array.from(values as number[]);
    case 'float64':
      return Float64Array.from(values as number[]);
    case 'uint8':
      return Uint8Array.from(values as number[]);
    case 'int8':
      return Int8Array.from(values as number[]);
    case 'int32':
      return Int32Array.from(values as number[]);
  }
}
