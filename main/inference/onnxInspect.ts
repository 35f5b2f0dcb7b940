import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Json, ModelProposal } from '../../contract';
import { guessFamily, inputRole, skeletonsWith, type TensorInfo } from './familyGuess';
import { ortReason } from './providers';

/**
 * Reading an ONNX file a person picked and proposing a card for it. The model is opened on the
 * CPU, the one provider every machine has, so whether a file "opens" never depends on a GPU.
 */

/** The absolute path of a picked file, refused unless it is an .onnx file by name. */
export function onnxPathOf(path: string): string {
  const file = resolve(path);
  if (extname(file).toLowerCase() !== '.onnx')
    throw new Error(
      `${file} is not an .onnx file; PoseScope runs ONNX models (export yours to ONNX first)`,
    );
  return file;
}

/** An .onnx file read whole; anything else is refused naming the file. */
export function readOnnxFile(path: string): { file: string; bytes: Uint8Array } {
  const file = onnxPathOf(path);
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    return { file, bytes: new Uint8Array(readFileSync(file)) };
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** A CPU session on the file, or an error naming it with onnxruntime's reason. */
export async function openOnnx(
  path: string,
): Promise<{ file: string; session: ort.InferenceSession }> {
  const { file, bytes } = readOnnxFile(path);
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      logSeverityLevel: 3,
    });
    return { file, session };
  } catch (err) {
    throw new Error(`${file} is not a readable ONNX model: ${ortReason(err)}`, { cause: err });
  }
}

const tensorInfo = (m: ort.InferenceSession.ValueMetadata): TensorInfo =>
  m.isTensor
    ? { name: m.name, type: m.type, shape: [...m.shape] }
    : { name: m.name, type: null, shape: [] };

/** A card name from the file name: the characters a card name allows, the rest as "-". */
export const cardNameOf = (file: string): string =>
  basename(file, extname(file))
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'model';

// ImageNet's normalisation is what most PyTorch-trained pose nets expect, and the schema's
// default; the file cannot say, so every image input's normalisation is left to confirm.
const IMAGE_DEFAULTS = {
  channels: 'RGB',
  scale: 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** Reads the file's tensors and proposes a card, with the fields a person must confirm. */
export async function inspectModel(onnxPath: string): Promise<ModelProposal> {
  const { file, session } = await openOnnx(onnxPath);
  const inputs = session.inputMetadata.map(tensorInfo);
  const outputs = session.outputMetadata.map(tensorInfo);
  await session.release();
  return proposeCard(file, inputs, outputs);
}

/** The card `inspectModel` proposes for a model with these tensors (no file read). */
export function proposeCard(
  file: string,
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
): ModelProposal {
  const guess = guessFamily(inputs, outputs);
  const confirm: string[] = [];
  const cardInputs = inputs.map((t, i): Record<string, Json> => {
    const role = inputRole(t);
    if (role.kind === 'image') {
      if (role.width === undefined || role.height === undefined) confirm.push(`inputs.${i}.size`);
      confirm.push(
        `inputs.${i}.channels`,
        `inputs.${i}.scale`,
        `inputs.${i}.mean`,
        `inputs.${i}.std`,
      );
      return {
        name: t.name,
        source: guess.family === 'drm' ? 'image' : 'crop',
        layout: role.layout,
        // A free side gets the common 256 px; it is on the confirm list.
        size: [role.width ?? 256, role.height ?? 256],
        ...IMAGE_DEFAULTS,
      };
    }
    if (role.kind === 'pose') {
      confirm.push(`inputs.${i}.normalize`);
      return { name: t.name, source: 'joints2d', normalize: 'crop' };
    }
    if (role.kind === 'ranking') return { name: t.name, source: 'ranking' };
    confirm.push(`inputs.${i}.source`);
    return { name: t.name, source: '' };
  });
  const guessed = guess.family !== null;
  // A family left open still lists every output, so a person can say what each one means.
  const cardOutputs = guessed
    ? guess.outputs.map((o) => ({
        name: o.tensor.name,
        meaning: o.meaning,
        shape: o.tensor.shape.slice(1),
      }))
    : outputs.map((t) => ({ name: t.name, meaning: '', shape: t.shape.slice(1) }));
  const skeleton = guess.joints !== undefined ? (skeletonsWith(guess.joints)[0] ?? '') : '';
  const card: Record<string, Json> = {
    name: cardNameOf(file),
    family: guess.family,
    model: basename(file),
    skeleton,
    inputs: cardInputs,
    outputs: cardOutputs,
    ...(Object.keys(guess.params).length > 0 ? { params: guess.params } : {}),
    license: 'unknown',
    provenance: `added from ${file}`,
  };
  return {
    onnx: file,
    inputs: inputs.map((t) => ({ ...t, shape: [...t.shape] })),
    outputs: outputs.map((t) => ({ ...t, shape: [...t.shape] })),
    family: guess.family,
    reason: guess.reason,
    card,
    confirm: [
      ...(guessed ? [] : ['family', ...cardOutputs.map((_, i) => `outputs.${i}.meaning`)]),
      'skeleton',
      ...confirm,
      ...guess.confirm,
      'license',
    ].filter((f, i, all) => all.indexOf(f) === i),
  };
}
