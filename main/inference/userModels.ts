import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { CardCheck, ModelEntry } from '../../contract';
import { writeAtomically } from '../platform/atomicFile';
import { catalogEntry } from './modelCatalog';
import { familyProblems, ModelCardError, modelCardSchema, type CardProblem } from './modelCard';
import { cardFiles } from './modelRegistry';
import { checkTensors } from './modelSession';
import { openOnnx } from './onnxInspect';

/**
 * Cards a person adds from the app or `posescope models add`: checked against the schema and
 * the model's own tensors, then saved with a copy of the model into the user's model folder —
 * the only folder PoseScope writes models to, and so the only one it removes them from.
 */

/** Every schema issue, each named by its dotted field; a stray key is named itself. */
function schemaProblems(issues: readonly z.core.$ZodIssue[]): CardProblem[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => ({
        field: [...at, k].join('.'),
        message: `unknown field "${k}"`,
      }));
    return [{ field: at.length > 0 ? at.join('.') : '(card)', message: issue.message }];
  });
}

/** The fields every family's card has, whatever its family and params. */
const commonFields = modelCardSchema.options[0].omit({ family: true, params: true }).loose();

/** A card's `model` is where saving puts the copy; left out, the picked file's name stands in. */
const withModel = (card: Record<string, unknown>, onnx: string): Record<string, unknown> => ({
  ...card,
  model: typeof card.model === 'string' && card.model !== '' ? card.model : basename(onnx),
});

/**
 * Every problem of `card` for the model at `onnxPath`: the schema's (all of them), the family's
 * (outputs it reads, crops or whole images), then the model's tensors against the card.
 */
export async function checkModelCard(
  onnxPath: string,
  card: Record<string, unknown>,
): Promise<CardCheck> {
  const value = withModel(card, onnxPath);
  const r = modelCardSchema.safeParse(value);
  const problems = r.success ? familyProblems(r.data) : schemaProblems(r.error.issues);
  // Without a family the union stops at it; the fields every family shares can still be told.
  if (!r.success && problems.some((p) => p.field === 'family')) {
    const shared = commonFields.safeParse(value);
    if (!shared.success) problems.push(...schemaProblems(shared.error.issues));
  }
  let opened: Awaited<ReturnType<typeof openOnnx>>;
  try {
    opened = await openOnnx(onnxPath);
  } catch (err) {
    problems.push({ field: 'model', message: (err as Error).message });
    return { ok: false, problems };
  }
  try {
    if (r.success) checkTensors({ file: '', modelFile: opened.file, card: r.data }, opened.session);
  } catch (err) {
    if (!(err instanceof ModelCardError)) throw err;
    const prefix = `${err.file}: ${err.field}: `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    problems.push({ field: err.field, message });
  } finally {
    await opened.session.release();
  }
  return { ok: problems.length === 0, problems };
}

const listProblems = (c: CardCheck): string =>
  c.problems.map((p) => `${p.field}: ${p.message}`).join('; ');

/** A card's `name` as its JSON says, valid or not: a broken card still holds its name. */
function nameOf(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

export interface SaveCardOptions {
  readonly onnx: string;
  readonly card: Record<string, unknown>;
  readonly userFolder: string;
  /** Every folder cards are read from: a name taken in any of them is refused. */
  readonly folders: readonly string[];
}

/**
 * Checks the card, then copies the model into the user folder as `<name>.onnx` and writes the
 * card beside it as `<name>.json`, the card last so nothing lists a card whose model is not
 * all there; a failure on the way removes what was written. Refuses, writing nothing, a card
 * that does not check or a name already taken.
 */
export async function saveModelCard(o: SaveCardOptions): Promise<ModelEntry> {
  const check = await checkModelCard(o.onnx, o.card);
  if (!check.ok)
    throw new Error(`the card for ${resolve(o.onnx)} does not check: ${listProblems(check)}`);
  const name = String(o.card.name);
  const folder = resolve(o.userFolder);
  const taken = cardFiles([...o.folders, folder]).find((f) => nameOf(f) === name);
  if (taken) throw new Error(`a model card named "${name}" already exists: ${taken}`);
  const cardFile = join(folder, `${name}.json`);
  const modelFile = join(folder, `${name}.onnx`);
  for (const f of [cardFile, modelFile])
    if (existsSync(f)) throw new Error(`${f} already exists; pick another name`);
  mkdirSync(folder, { recursive: true });
  const temp = join(folder, `.${name}.onnx.posescope-${process.pid}.tmp`);
  try {
    copyFileSync(resolve(o.onnx), temp);
    renameSync(temp, modelFile);
    const text = `${JSON.stringify({ ...o.card, model: `${name}.onnx` }, null, 2)}\n`;
    writeAtomically(cardFile, (out) => out.write(text));
  } catch (err) {
    for (const f of [temp, modelFile, cardFile]) rmSync(f, { force: true });
    throw new Error(`cannot save ${name} into ${folder}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return catalogEntry(cardFile, 'user');
}

const real = (path: string, what: string): string => {
  try {
    return realpathSync(path);
  } catch {
    throw new Error(`${what} ${resolve(path)} does not exist`);
  }
};

/**
 * Removes a card saved in the user folder, with its model when that lies in the user folder too
 * and no other card there uses it. Anything else is refused: the app's and POSESCOPE_MODELS'
 * cards are not PoseScope's to delete. Links are followed first, so one cannot lead outside.
 */
export function removeModelCard(o: { file: string; userFolder: string }): { removed: string } {
  const folder = existsSync(o.userFolder) ? realpathSync(o.userFolder) : resolve(o.userFolder);
  const file = real(o.file, 'the card');
  if (dirname(file) !== folder || !file.endsWith('.json'))
    throw new Error(
      `${file} is not in your model folder ${folder}; PoseScope removes only cards it saved there`,
    );
  const model = (() => {
    try {
      const m = (JSON.parse(readFileSync(file, 'utf8')) as { model?: unknown }).model;
      return typeof m === 'string' ? realpathSync(resolve(folder, m)) : undefined;
    } catch {
      return undefined;
    }
  })();
  const shared = cardFiles([folder]).some((f) => {
    if (f === file) return false;
    try {
      const m = (JSON.parse(readFileSync(f, 'utf8')) as { model?: unknown }).model;
      return typeof m === 'string' && resolve(folder, m) === model;
    } catch {
      return false;
    }
  });
  // The card first: a model left behind is invisible, a card left without its model is listed
  // as broken.
  rmSync(file);
  if (model && dirname(model) === folder && model.endsWith('.onnx') && !shared)
    rmSync(model, { force: true });
  return { removed: file };
}
