import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { sharedSample } from '../../test/helpers/sharedData';
import type { OutputParity } from '../../main/inference/convert/blazeposeCard';
import { MODEL_INPUT, type BlazePoseModel } from '../../main/inference/convert/blazeposeModels';
import { noiseInput, photoInput } from './parityInputs';
import { NHWC_TO_NCHW, transpose } from '../../main/inference/convert/tensorData';
import type { TfliteReference } from './tfliteReference';

/**
 * Runs a converted model in onnxruntime-node and its TFLite source in TFLite's interpreter on the
 * same input tensor and measures every output's largest difference. ORT is also run with its
 * graph optimisations off: how far ORT drifts from itself is the fp32 noise floor that no
 * conversion can beat, recorded beside each difference.
 */

export interface ParityInput {
  readonly label: string;
  readonly data: Float32Array;
}

const PHOTO = '000000000785.jpg';
const NOISE_SEED = 20_240_607;

/** A COCO photo (when ../shared/data is there) and seeded noise, in the model's input range. */
export async function parityInputs(model: BlazePoseModel): Promise<ParityInput[]> {
  const n = model.size;
  const inputs: ParityInput[] = [];
  const coco = sharedSample('coco-sample');
  if ('dir' in coco) {
    const ann = JSON.parse(readFileSync(join(coco.dir, 'test_coco.json'), 'utf8')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number; bbox: [number, number, number, number] }[];
    };
    const id = ann.images.find((i) => i.file_name === PHOTO)?.id;
    const [x, y, w, h] = ann.annotations.find((a) => a.image_id === id)?.bbox ?? [];
    const box = model.family === 'blazepose' && w && h ? { x: x!, y: y!, w, h } : undefined;
    inputs.push({
      label: `COCO val ${PHOTO} ${box ? 'person crop' : 'letterboxed'}`,
      data: await photoInput(join(coco.dir, PHOTO), n, model.range, box),
    });
  }
  inputs.push({
    label: `uniform noise (xorshift32 seed ${NOISE_SEED})`,
    data: noiseInput(n * n * 3, NOISE_SEED, model.range),
  });
  return inputs;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  // A NaN on either side must fail, not compare as "no difference".
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i]! - b[i]!)) return Infinity;
  return m;
}

async function runOnnx(
  onnx: Uint8Array,
  model: BlazePoseModel,
  input: Float32Array,
  optimise: boolean,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(onnx, {
    graphOptimizationLevel: optimise ? 'all' : 'disabled',
  });
  try {
    const n = model.size;
    return await session.run({ [MODEL_INPUT]: new ort.Tensor('float32', input, [1, n, n, 3]) });
  } finally {
    await session.release();
  }
}

/** Output name → figures, for one input. */
export async function measureParity(
  reference: TfliteReference,
  model: BlazePoseModel,
  tflite: Uint8Array,
  onnx: Uint8Array,
  input: Float32Array,
): Promise<Record<string, OutputParity>> {
  const expected = await reference.run(tflite, input);
  const fast = await runOnnx(onnx, model, input, true);
  const plain = await runOnnx(onnx, model, input, false);
  const out: Record<string, OutputParity> = {};
  for (const o of model.outputs) {
    const ref = expected.get(o.tflite);
    if (!ref) throw new Error(`TFLite gave no output ${o.tflite} for ${model.name}`);
    const want =
      o.layout === 'nchw'
        ? transpose({ shape: ref.shape, values: ref.data }, NHWC_TO_NCHW).values
        : ref.data;
    const got = fast[o.name]?.data as Float32Array | undefined;
    const again = plain[o.name]?.data as Float32Array | undefined;
    if (!got || !again) throw new Error(`ONNX gave no output ${o.name} for ${model.name}`);
    out[o.name] = {
      maxAbsDiff: maxAbsDiff(got, want),
      maxAbsReference: maxAbs(want),
      ortSelfDiff: maxAbsDiff(got, again),
    };
  }
  return out;
}
