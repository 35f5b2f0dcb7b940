import recordedAccuracy from '../../../models/measured/accuracy.json' with { type: 'json' };
import { MODEL_INPUT, type BlazePoseModel } from './blazeposeModels';
import { onnxShape } from './convertTflite';
import { MEDIAPIPE_PACKAGE, type PackageInfo } from './mediapipeAssets';

/**
 * The model card written beside each converted model, in the shape of models/*.json (see
 * main/inference/modelCard.ts): source, input normalisation, outputs, licence, and the parity
 * figures recorded in models/measured/parity.json as `accuracy` entries.
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

/** One pipeline run of scripts/models/measureAccuracy.ts on a dataset sample. */
export interface AccuracyRun {
  readonly model: string;
  readonly dataset: string;
  readonly boxes: 'gt' | 'detector';
  readonly people: number;
  /** People the run produced a prediction for (all of them with ground-truth boxes). */
  readonly found: number;
  readonly PCK2D?: number;
  /** PCK@0.2 with every missed person's joints counted as misses. */
  readonly PCK2D_all?: number;
  readonly MPJPE?: number;
  readonly PA_MPJPE?: number;
  readonly MRPE?: number;
}
export interface AccuracyRecord {
  readonly measured: string;
  readonly runs: AccuracyRun[];
}

const METRICS = ['PCK2D', 'PCK2D_all', 'MPJPE', 'PA_MPJPE', 'MRPE'] as const;

/** The measured accuracy of a landmark model's pipeline runs, as card `accuracy` entries. */
function accuracyEntries(model: string) {
  const rec = recordedAccuracy as AccuracyRecord;
  return rec.runs
    .filter((r) => r.model === model)
    .flatMap((r) => {
      const dataset =
        `${r.dataset} (../shared/data), ${r.boxes === 'gt' ? 'ground-truth boxes' : 'BlazePose detector'}, ` +
        `blazepose-${model.replace('blazepose-landmark-', '')} pipeline, ${r.found}/${r.people} people, ${rec.measured}`;
      return METRICS.filter((m) => r[m] !== undefined).map((metric) => ({
        dataset,
        metric:
          metric === 'PCK2D'
            ? 'PCK2D@0.2_bbox'
            : metric === 'PCK2D_all'
              ? 'PCK2D@0.2_bbox_missed_as_0'
              : `${metric}_mm`,
        value: r[metric]!,
      }));
    });
}

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
    accuracy: [...parityEntries(current), ...accuracyEntries(model.name)],
  };
}
