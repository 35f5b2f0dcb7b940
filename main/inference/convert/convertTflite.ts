import { ConvertContext, ConvertError } from './convertContext';
import type { Dim } from './onnxGraph';
import { CONVERTERS } from './opConverters';
import { NHWC_TO_NCHW } from './tensorData';
import { readTflite, type TfliteGraph } from './tfliteSchema';

/**
 * TFLite flatbuffer → ONNX for the operator set in CONVERTERS. The graph input keeps TFLite's
 * NHWC layout and is transposed once inside; outputs get descriptive names and keep TFLite's
 * layout unless the spec asks for NCHW (image-shaped outputs such as heatmaps). The batch
 * dimension is left free ('N'), though the TFLite model was exported for batch 1.
 */

export interface OutputSpec {
  /** The TFLite output tensor's name (`Identity`, `Identity_1`, …). */
  readonly tflite: string;
  /** Its shape in the TFLite model, checked so a repacked model cannot be mislabelled. */
  readonly shape: readonly number[];
  /** The ONNX output's name. */
  readonly name: string;
  readonly layout: 'native' | 'nchw';
}

export interface ConversionSpec {
  readonly input: string;
  readonly outputs: readonly OutputSpec[];
  readonly docString: string;
}

export interface Converted {
  readonly onnx: Uint8Array;
  readonly input: { name: string; shape: Dim[] };
  readonly outputs: { name: string; shape: Dim[] }[];
}

export const SUPPORTED_OPERATORS = Object.keys(CONVERTERS);

/** The ONNX output's shape: TFLite's, permuted for NCHW outputs, with a free batch dimension. */
export function onnxShape(o: OutputSpec): Dim[] {
  const shape = o.layout === 'nchw' ? NHWC_TO_NCHW.map((d) => o.shape[d]!) : o.shape;
  return ['N', ...shape.slice(1)];
}

export function operatorCounts(g: TfliteGraph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of g.operators) counts[op.op] = (counts[op.op] ?? 0) + 1;
  return counts;
}

export function convertTflite(bytes: Uint8Array, file: string, spec: ConversionSpec): Converted {
  const g = readTflite(bytes, file);
  const unsupported = [...new Set(g.operators.map((o) => o.op))].filter((op) => !CONVERTERS[op]);
  if (unsupported.length > 0)
    throw new ConvertError(
      file,
      `unsupported TFLite operator ${unsupported.join(', ')} (the converter handles ` +
        `${SUPPORTED_OPERATORS.join(', ')})`,
    );
  const ctx = new ConvertContext(g);
  const [inputIndex, ...more] = g.inputs;
  if (inputIndex === undefined || more.length > 0)
    ctx.fail(`expected one input, found ${g.inputs.length}`);
  const inputShape = ctx.shape(inputIndex);
  ctx.graph.reserve([spec.input, ...spec.outputs.map((o) => o.name)]);
  ctx.set(inputIndex, spec.input, 'native');

  for (const op of g.operators) CONVERTERS[op.op]!(ctx, op);

  const outputs = g.outputs.map((index) => {
    const t = ctx.tensor(index);
    const o = spec.outputs.find((s) => s.tflite === t.name);
    if (!o) return ctx.fail(`output ${t.name} [${t.shape.join('×')}] has no name in the spec`);
    if (o.shape.join() !== t.shape.join())
      ctx.fail(`output ${t.name} is [${t.shape.join('×')}], expected [${o.shape.join('×')}]`);
    const value = o.layout === 'nchw' ? ctx.nchw(index) : ctx.native(index);
    ctx.graph.node('Identity', [value], {}, o.name);
    return { name: o.name, shape: onnxShape(o) };
  });
  const missing = spec.outputs.filter((s) => !outputs.some((o) => o.name === s.name));
  if (missing.length > 0)
    ctx.fail(`the model has no output ${missing.map((m) => m.tflite).join(', ')}`);

  const input = { name: spec.input, shape: ['N', ...inputShape.slice(1)] as Dim[] };
  return {
    onnx: ctx.graph.encode([input], outputs, {
      producer: 'posescope models/convert',
      docString: spec.docString,
    }),
    input,
    outputs,
  };
}
