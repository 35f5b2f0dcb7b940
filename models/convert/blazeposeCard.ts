import { MODEL_INPUT, type BlazePoseModel } from './blazeposeModels';
import { onnxShape } from './convertTflite';
import { MEDIAPIPE_PACKAGE, type PackageInfo } from './mediapipeAssets';

/**
 * The model card written beside each converted model, in the shape of models/*.json (see
 * main/inference/modelCard.ts): source, input normalisation, outputs, licence, and the parity
 * figures recorded in models/convert/parity.json as `accuracy` entries.
 */

export interface OutputParity {
  /** Largest |ONNX − TFLite| over the output's elements. */
  readonly maxAbsDiff: number;
  /** Largest |TFLite| over the output's elements: the scale the difference is measured on. */
  readonly maxAbsReference: number;
  /** Largest |ORT optimised − ORT unoptimised|: fp32 summation-order noise of ORT itself. */
  readonly ortSelfDiff: number;
}

export interface ParityRecord {
  readonly sourceSha256: string;
  readonly reference: string;
  readonly measured: string;
  /** Input label (a photo crop, seeded noise) → output name → figures. */
  readonly inputs: Record<string, Record<string, OutputParity>>;
}

/** The pass rule: 1e-3 absolute, or 1e-3 of the output's largest magnitude when that is > 1. */
export const parityTolerance = (maxAbsReference: number): number =>
  1e-3 * Math.max(1, maxAbsReference);

const round = (v: number): number => Number(v.toPrecision(4));

function parityEntries(parity: ParityRecord | undefined) {
  if (!parity) return [];
  return Object.entries(parity.inputs).flatMap(([input, outputs]) =>
    Object.entries(outputs).flatMap(([output, p]) => {
      const dataset = `parity vs TFLite (${parity.reference}, ${parity.measured}), input: ${input}`;
      return [
        { dataset, metric: `max_abs_diff_${output}`, value: round(p.maxAbsDiff) },
        { dataset, metric: `max_abs_reference_${output}`, value: round(p.maxAbsReference) },
        { dataset, metric: `ort_self_diff_${output}`, value: round(p.ortSelfDiff) },
      ];
    }),
  );
}

export function blazePoseCard(
  model: BlazePoseModel,
  operators: Record<string, number>,
  pkg: PackageInfo,
  sourceSha256: string,
  parity: ParityRecord | undefined,
): Record<string, unknown> {
  const [lo, hi] = model.range;
  // Card normalisation is (pixel / scale − mean) / std: [0, 1] is mean 0, std 1; [−1, 1] is ½, ½.
  const half = (hi - lo) / 2 === 1;
  const ops = Object.entries(operators)
    .map(([op, n]) => `${op}×${n}`)
    .join(', ');
  const current = parity?.sourceSha256 === sourceSha256 ? parity : undefined;
  return {
    name: model.name,
    family: model.family,
    model: `${model.name}.onnx`,
    skeleton: 'blazepose33',
    inputs: [
      {
        name: MODEL_INPUT,
        source: model.family === 'blazepose' ? 'crop' : 'image',
        layout: 'NHWC',
        size: [model.size, model.size],
        channels: 'RGB',
        scale: 255,
        mean: half ? [0.5, 0.5, 0.5] : [0, 0, 0],
        std: half ? [0.5, 0.5, 0.5] : [1, 1, 1],
        padding: model.family === 'blazepose' ? 1.25 : 1,
      },
    ],
    outputs: model.outputs.map((o) => ({
      name: o.name,
      meaning: o.meaning,
      shape: onnxShape(o).slice(1),
    })),
    params: {
      ...model.params,
      inputRange: model.range,
      outputs: Object.fromEntries(model.outputs.map((o) => [o.name, o.about])),
    },
    license: `${pkg.license} (the ${MEDIAPIPE_PACKAGE} package's licence; weights by Google)`,
    provenance:
      `converted by models/convert (npm run models) from ${MEDIAPIPE_PACKAGE} ${pkg.version}, ` +
      `${model.packed ? `pose_solution_packed_assets.data entry ${model.source}` : model.source} ` +
      `(sha256 ${sourceSha256}); TFLite operators ${ops}; fp16 weights widened to fp32, sparse ` +
      `weights densified and layouts permuted at conversion; input NHWC, transposed to NCHW once ` +
      `inside the graph; batch dimension free. ` +
      (current
        ? `Parity with TFLite's interpreter measured ${current.measured} (see accuracy).`
        : 'Parity not yet measured for this source file (npm run models -- --parity).'),
    description: model.description,
    accuracy: parityEntries(current),
  };
}
