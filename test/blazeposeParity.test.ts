import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parityTolerance } from '../main/inference/convert/blazeposeCard';
import { BLAZEPOSE_MODELS, MODEL_INPUT } from '../main/inference/convert/blazeposeModels';
import { convertTflite } from '../main/inference/convert/convertTflite';
import { readParity, sourceModel } from '../main/inference/convert/ensureModels';
import { mediapipePackage } from '../main/inference/convert/mediapipeAssets';
import { measureParity, parityInputs } from '../scripts/models/parity';
import { TfliteReference } from '../scripts/models/tfliteReference';
import { e2eSkipReason } from './e2e/browser';
import { explainSkip } from './helpers/skip';

/**
 * Each converted BlazePose model against TFLite's own interpreter (tfjs-tflite's WASM build in
 * headless Chromium) on the same input tensors: a COCO person crop when ../shared/data is there,
 * and seeded noise always. Every output must agree within 1e-3, taken relative to the output's
 * largest magnitude where that exceeds 1 (landmarks are in pixels, segmentation and scores are
 * logits in the hundreds, where fp32 summation order alone moves the last digits).
 */

const pkg = mediapipePackage();
const skip = e2eSkipReason();
const say = (line: string) => process.stdout.write(`${line}\n`);

describe.skipIf(skip)('BlazePose ONNX parity with TFLite', () => {
  let reference: TfliteReference;
  beforeAll(async () => {
    reference = await TfliteReference.start();
  }, 60_000);
  afterAll(() => reference?.close());

  for (const model of BLAZEPOSE_MODELS) {
    it(`${model.name}: every output agrees with TFLite`, { timeout: 180_000 }, async () => {
      const src = sourceModel(pkg, model);
      const { onnx } = convertTflite(src.bytes, src.origin, {
        input: MODEL_INPUT,
        outputs: model.outputs,
        docString: model.description,
      });
      for (const input of await parityInputs(model)) {
        const figures = await measureParity(reference, model, src.bytes, onnx, input.data);
        expect(Object.keys(figures)).toEqual(model.outputs.map((o) => o.name));
        for (const [output, p] of Object.entries(figures)) {
          say(
            `${model.name} ${output} (${input.label}): max |Δ| ${p.maxAbsDiff.toExponential(2)}` +
              ` on values up to ${p.maxAbsReference.toPrecision(4)}, ORT vs itself ${p.ortSelfDiff.toExponential(2)}`,
          );
          expect(p.maxAbsReference, `${output} is all zeros`).toBeGreaterThan(0);
          expect(p.maxAbsDiff, `${output} on ${input.label}`).toBeLessThanOrEqual(
            parityTolerance(p.maxAbsReference),
          );
        }
      }
    });
  }
});

describe('recorded parity figures (models/measured/parity.json)', () => {
  it('cover the current source file of every model and pass', () => {
    const record = readParity();
    for (const model of BLAZEPOSE_MODELS) {
      const r = record[model.name];
      const sha = createHash('sha256').update(sourceModel(pkg, model).bytes).digest('hex');
      expect(r?.sourceSha256, `${model.name}: re-measure with npm run models -- --parity`).toBe(
        sha,
      );
      for (const outputs of Object.values(r!.inputs))
        for (const p of Object.values(outputs))
          expect(p.maxAbsDiff).toBeLessThanOrEqual(parityTolerance(p.maxAbsReference));
    }
  });
});

explainSkip(skip);
