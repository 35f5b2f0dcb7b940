import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { blazePoseCard, type ParityRecord } from './blazeposeCard';
import { BLAZEPOSE_MODELS, MODEL_INPUT, type BlazePoseModel } from './blazeposeModels';
import { convertTflite, operatorCounts } from './convertTflite';
import {
  mediapipePackage,
  readPacked,
  readPlain,
  type PackageInfo,
  type SourceModel,
} from './mediapipeAssets';
import recordedParity from '../../../models/measured/parity.json' with { type: 'json' };
import { readTflite } from './tfliteSchema';

/**
 * Converts the BlazePose models from node_modules into `<outDir>/<name>.onnx` + `.json` unless
 * they are already there for the same source bytes and converter revision (a stamp file keeps
 * both), so it is cheap to call on every start or before the first BlazePose inference.
 */

/** Bump when a change to the converter changes the ONNX it writes. */
export const CONVERTER_REVISION = 1;

const STAMP = '.converted.json';

/** Where the converted models go in a checkout: models/blazepose/ (git-ignored). */
export const defaultModelDir = (appRoot: string): string => join(appRoot, 'models', 'blazepose');

export interface EnsuredModel {
  readonly name: string;
  readonly onnxFile: string;
  readonly cardFile: string;
  /** False when the existing file was up to date. */
  readonly converted: boolean;
  readonly ms: number;
  readonly bytes: number;
}

export interface EnsureOptions {
  readonly outDir: string;
  /** Convert even when the stamp says the file is current. */
  readonly force?: boolean;
  /** Only these models (by card name); all four by default. */
  readonly only?: readonly string[];
  /** Parity figures to quote in the cards, when fresher than the recorded ones. */
  readonly parity?: Record<string, ParityRecord>;
}

type Stamp = Record<string, { source: string; revision: number }>;

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function readJson<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback; // a damaged stamp or record only costs a reconversion
  }
}

/** Writes beside the target and renames, so a reader never sees half a model. */
function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** The recorded figures, imported so that a bundled build carries them too. */
export function readParity(): Record<string, ParityRecord> {
  return recordedParity as Record<string, ParityRecord>;
}

export function sourceModel(pkg: PackageInfo, model: BlazePoseModel): SourceModel {
  return model.packed ? readPacked(pkg, model.source) : readPlain(pkg, model.source);
}

export function ensureBlazePoseModels(opts: EnsureOptions): EnsuredModel[] {
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const pkg = mediapipePackage();
  const stampFile = join(outDir, STAMP);
  const stamp = readJson<Stamp>(stampFile, {});
  const parity = opts.parity ?? readParity();
  const models = BLAZEPOSE_MODELS.filter((m) => !opts.only || opts.only.includes(m.name));
  const done = models.map((model): EnsuredModel => {
    const started = performance.now();
    const src = sourceModel(pkg, model);
    const source = sha256(src.bytes);
    const onnxFile = join(outDir, `${model.name}.onnx`);
    const cardFile = join(outDir, `${model.name}.json`);
    const was = stamp[model.name];
    const current =
      !opts.force &&
      was?.source === source &&
      was.revision === CONVERTER_REVISION &&
      existsSync(onnxFile) &&
      existsSync(cardFile);
    if (!current) {
      const converted = convertTflite(src.bytes, src.origin, {
        input: MODEL_INPUT,
        outputs: model.outputs,
        docString: `${model.description} Converted from @mediapipe/pose ${pkg.version} ${model.source}.`,
      });
      writeAtomic(onnxFile, converted.onnx);
    }
    // The card carries the parity record, which can change without the model, so it is rebuilt
    // (from the flatbuffer's operator list, no conversion needed) and written when it differs.
    const ops = operatorCounts(readTflite(src.bytes, src.origin));
    const card = `${JSON.stringify(blazePoseCard(model, ops, pkg, source, parity[model.name]), null, 2)}\n`;
    if (!existsSync(cardFile) || readFileSync(cardFile, 'utf8') !== card)
      writeAtomic(cardFile, card);
    stamp[model.name] = { source, revision: CONVERTER_REVISION };
    return {
      name: model.name,
      onnxFile,
      cardFile,
      converted: !current,
      ms: performance.now() - started,
      bytes: statSync(onnxFile).size,
    };
  });
  writeAtomic(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  return done;
}
