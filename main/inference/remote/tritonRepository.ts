import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { loadCard } from '../modelCard';
import { openOnnx } from '../onnxInspect';

/**
 * A Triton model repository of PoseScope's own models (Triton's model_configuration.md):
 * `<card name>/1/model.onnx` and `<card name>/config.pbtxt` naming the platform
 * (`onnxruntime_onnx`), the model's tensors with their data types and dims, and dynamic
 * batching. Served that way, `posescope infer --remote` finds each model under its card's name.
 */

const TRITON_TYPES: Record<string, string> = {
  float32: 'TYPE_FP32',
  float64: 'TYPE_FP64',
  float16: 'TYPE_FP16',
  uint8: 'TYPE_UINT8',
  int8: 'TYPE_INT8',
  int32: 'TYPE_INT32',
  int64: 'TYPE_INT64',
  bool: 'TYPE_BOOL',
};

type Meta = ort.InferenceSession.ValueMetadata;
const free = (d: number | string) => typeof d !== 'number' || d <= 0;

/**
 * The config.pbtxt for a model's tensors. When every tensor's first dim is free (the batch,
 * as in every PoseScope model) Triton batches: `max_batch_size` is set, the dims leave the
 * batch out, and requests are batched dynamically; otherwise `max_batch_size: 0` and the full
 * dims. Free dims are -1.
 */
export function tritonConfig(
  name: string,
  inputs: readonly Meta[],
  outputs: readonly Meta[],
  maxBatch: number,
): string {
  const all = [...inputs, ...outputs];
  const batched = all.every((m) => m.isTensor && m.shape.length > 0 && free(m.shape[0]!));
  const tensor = (m: Meta) => {
    if (!m.isTensor) throw new Error(`${name}: "${m.name}" is not a tensor; Triton serves tensors`);
    const type = TRITON_TYPES[m.type];
    if (!type) throw new Error(`${name}: "${m.name}" is ${m.type}, which Triton has no type for`);
    const dims = (batched ? m.shape.slice(1) : m.shape).map((d) => (free(d) ? -1 : d));
    return `  {\n    name: ${JSON.stringify(m.name)}\n    data_type: ${type}\n    dims: [ ${dims.join(', ')} ]\n  }`;
  };
  return [
    `name: ${JSON.stringify(name)}`,
    'platform: "onnxruntime_onnx"',
    `max_batch_size: ${batched ? maxBatch : 0}`,
    `input [\n${inputs.map(tensor).join(',\n')}\n]`,
    `output [\n${outputs.map(tensor).join(',\n')}\n]`,
    ...(batched ? ['dynamic_batching { }'] : []),
    '',
  ].join('\n');
}

/** Writes each card's model and config under `out`; returns the model names written. */
export async function exportRepository(
  cardFiles: readonly string[],
  out: string,
  maxBatch = 64,
): Promise<string[]> {
  const names: string[] = [];
  for (const file of cardFiles) {
    const { card, modelFile } = loadCard(file);
    // Opened to read its tensors; a file that is not a model is refused naming it.
    const { session } = await openOnnx(modelFile);
    let config: string;
    try {
      config = tritonConfig(card.name, session.inputMetadata, session.outputMetadata, maxBatch);
    } finally {
      await session.release();
    }
    mkdirSync(join(out, card.name, '1'), { recursive: true });
    copyFileSync(modelFile, join(out, card.name, '1', 'model.onnx'));
    writeFileSync(join(out, card.name, 'config.pbtxt'), config);
    names.push(card.name);
  }
  return names;
}
