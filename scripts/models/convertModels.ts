import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parityTolerance, type ParityRecord } from '../../main/inference/convert/blazeposeCard';
import { BLAZEPOSE_MODELS } from '../../main/inference/convert/blazeposeModels';
import {
  defaultModelDir,
  ensureBlazePoseModels,
  readParity,
  sourceModel,
} from '../../main/inference/convert/ensureModels';
import { mediapipePackage } from '../../main/inference/convert/mediapipeAssets';

/**
 * `npm run models`: converts the BlazePose models into models/blazepose/ (skipping those already
 * converted from the same bytes). `--force` reconverts; `--parity` then measures each model
 * against TFLite's interpreter in headless Chromium and records the figures in
 * models/measured/parity.json, which the cards quote.
 */

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The parity figures the cards quote, committed beside the models. */
const PARITY_FILE = join(repoRoot, 'models', 'measured', 'parity.json');
const say = (line: string): boolean => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    parity: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const outDir = args.out ?? defaultModelDir(repoRoot);

for (const m of ensureBlazePoseModels({ outDir, force: args.force })) {
  const what = m.converted ? 'converted' : 'up to date';
  const mb = (m.bytes / 1e6).toFixed(1);
  say(`${m.name}: ${what} (${mb} MB, ${Math.round(m.ms)} ms) → ${relative(repoRoot, m.onnxFile)}`);
}

if (args.parity) await measureAll();

async function measureAll(): Promise<void> {
  // Dev-only dependencies (Chromium driver, tfjs-tflite): loaded only when asked for.
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const { TfliteReference, referenceVersion, REFERENCE_PACKAGE } =
    await import('./tfliteReference');
  const { measureParity, parityInputs } = await import('./parity');
  const pkg = mediapipePackage();
  const record = { ...readParity() };
  const reference = await TfliteReference.start();
  let failed = 0;
  try {
    for (const model of BLAZEPOSE_MODELS) {
      const src = sourceModel(pkg, model);
      const onnx = new Uint8Array(readFileSync(join(outDir, `${model.name}.onnx`)));
      const inputs: ParityRecord['inputs'] = {};
      for (const input of await parityInputs(model)) {
        inputs[input.label] = await measureParity(reference, model, src.bytes, onnx, input.data);
        for (const [output, p] of Object.entries(inputs[input.label]!)) {
          const ok = p.maxAbsDiff <= parityTolerance(p.maxAbsReference);
          if (!ok) failed++;
          say(
            `${ok ? 'ok  ' : 'FAIL'} ${model.name} ${output} (${input.label}): max |Δ| ` +
              `${p.maxAbsDiff.toExponential(2)} on values up to ${p.maxAbsReference.toPrecision(4)}` +
              ` (ORT vs itself ${p.ortSelfDiff.toExponential(2)})`,
          );
        }
      }
      record[model.name] = {
        sourceSha256: createHash('sha256').update(src.bytes).digest('hex'),
        reference: `${REFERENCE_PACKAGE} ${referenceVersion()}, XNNPACK, headless Chromium`,
        measured: new Date().toISOString().slice(0, 10),
        inputs,
      };
    }
  } finally {
    await reference.close();
  }
  writeFileSync(PARITY_FILE, `${JSON.stringify(record, null, 2)}\n`);
  ensureBlazePoseModels({ outDir, parity: record }); // the cards now quote the new figures
  say(
    `parity recorded in ${relative(repoRoot, PARITY_FILE)}; ${failed} output(s) out of tolerance`,
  );
  if (failed > 0) process.exitCode = 1;
}
