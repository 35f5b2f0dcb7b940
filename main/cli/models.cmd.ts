import type { Command } from 'commander';
import { basename } from 'node:path';
import type { ModelEntry, ModelProposal } from '../../contract';
import { exportRepositoryCommand } from './exportRepository.cmd';
import { positiveInt } from './cliOptions';
import { FAMILY_OUTPUTS, loadCard } from '../inference/modelCard';
import { cardFiles, listModels, modelFolders } from '../inference/modelRegistry';
import { inspectModel } from '../inference/onnxInspect';
import { checkModelCard, removeModelCard, saveModelCard } from '../inference/userModels';
import { userModelFolder } from '../platform/userModelFolder';

/** `posescope models`: installed cards and whether each one's model opens and matches. */
export async function modelsCommand(
  appRoot: string,
  o: { modelDir: readonly string[]; json: boolean; userData?: string },
): Promise<number> {
  const folders = modelFolders(appRoot, o.modelDir, userModelFolder(o.userData));
  const models = await listModels(folders);
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ folders, models }, null, 2)}\n`);
  } else {
    const lines = [`model folders: ${folders.join(', ')}`];
    if (models.length === 0)
      lines.push('no model cards installed (see "Adding a model" in docs/models.md)');
    for (const m of models) {
      const what = m.name ? `${m.name} (${m.family}, ${m.skeleton}, ${m.license})` : m.file;
      lines.push(`${m.loads ? 'ok    ' : 'BROKEN'} ${what}${m.error ? `\n       ${m.error}` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return models.every((m) => m.loads) ? 0 : 1;
}

export interface AddModelOptions {
  readonly name?: string;
  readonly family?: string;
  readonly skeleton?: string;
  readonly license?: string;
  readonly userData?: string;
  readonly modelDir: readonly string[];
  readonly json: boolean;
}

const fail = (message: string): number => {
  process.stderr.write(`posescope: ${message}\n`);
  return 1;
};

/**
 * The proposal with the flags laid over it. A family other than the guessed one drops the
 * guessed params (they were the other family's) and, for a one-output family, names the
 * output's meaning for it, so the check that follows speaks of the family asked for.
 */
function applyFlags(proposal: ModelProposal, o: AddModelOptions): Record<string, unknown> {
  const card: Record<string, unknown> = { ...proposal.card };
  if (o.name !== undefined) card.name = o.name;
  if (o.skeleton !== undefined) card.skeleton = o.skeleton;
  if (o.license !== undefined) card.license = o.license;
  if (o.family !== undefined && o.family !== proposal.family) {
    card.family = o.family;
    delete card.params;
    const meanings = (FAMILY_OUTPUTS as Record<string, readonly string[] | undefined>)[o.family];
    const outputs = card.outputs as { name: string; meaning: string }[];
    if (meanings?.length === 1 && outputs[0])
      card.outputs = [{ ...outputs[0], meaning: meanings[0]! }];
  }
  return card;
}

/**
 * `posescope models add <file.onnx>`: proposes a card from the model's tensors, lays the flags
 * over it, checks it and saves model and card into the user's model folder. Nothing is saved
 * unless every check passes.
 */
export async function addModelCommand(
  appRoot: string,
  onnx: string,
  o: AddModelOptions,
): Promise<number> {
  const userFolder = userModelFolder(o.userData);
  let proposal: ModelProposal;
  try {
    proposal = await inspectModel(onnx);
  } catch (err) {
    return fail((err as Error).message);
  }
  const card = applyFlags(proposal, o);
  const check = await checkModelCard(proposal.onnx, card);
  if (!check.ok) {
    const lines = check.problems.map((p) => `  ${p.field}: ${p.message}`);
    const hint = proposal.family === null ? `\n  (${proposal.reason})` : '';
    return fail(
      `the card proposed for ${proposal.onnx} does not check; nothing saved:\n${lines.join('\n')}${hint}\n  set what is wrong with --name, --family, --skeleton or --license, or write the card yourself (see "Adding a model" in docs/models.md)`,
    );
  }
  let entry: ModelEntry;
  try {
    const folders = modelFolders(appRoot, o.modelDir, userFolder);
    entry = await saveModelCard({ onnx: proposal.onnx, card, userFolder, folders });
  } catch (err) {
    const message = (err as Error).message;
    return fail(/already exists/.test(message) ? `${message} (--name gives another)` : message);
  }
  const given = new Set(
    [o.family && 'family', o.skeleton && 'skeleton', o.license && 'license'].filter(Boolean),
  );
  // Params guessed for another family are gone from the card, so not to be confirmed either.
  const otherFamily = o.family !== undefined && o.family !== proposal.family;
  const confirm = proposal.confirm.filter(
    (f) => !given.has(f) && !(otherFamily && f.startsWith('params.')),
  );
  if (o.json) {
    const out = {
      card: entry.file,
      entry,
      family: proposal.family,
      reason: proposal.reason,
      confirm,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `saved ${entry.name ?? ''} (${entry.family ?? ''}, ${entry.skeleton ?? ''}) to ${entry.file}`,
    `  model copied from ${proposal.onnx}`,
    `  ${o.family ? `family ${o.family} (given)` : `guessed ${proposal.family ?? ''}: ${proposal.reason}`}`,
  ];
  if (confirm.length > 0)
    lines.push(
      `  check these fields in the card (guessed, not read from the file): ${confirm.join(', ')}`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** A card in the user folder by name or file; a name found only elsewhere is refused there. */
function cardToRemove(ref: string, userFolder: string, others: readonly string[]): string {
  if (ref.endsWith('.json') || ref.includes('/') || ref.includes('\\')) return ref;
  const named = (folders: readonly string[]) =>
    cardFiles(folders).find((f) => {
      try {
        return loadCard(f).card.name === ref;
      } catch {
        return basename(f, '.json') === ref;
      }
    });
  const found = named([userFolder]) ?? named(others);
  if (!found) throw new Error(`no model card named "${ref}" in your model folder ${userFolder}`);
  return found;
}

/** `posescope models remove <name|file>`: a card saved in the user's model folder, and its model. */
export function removeModelCommand(
  appRoot: string,
  ref: string,
  o: { userData?: string; modelDir: readonly string[]; json: boolean },
): number {
  const userFolder = userModelFolder(o.userData);
  try {
    const file = cardToRemove(ref, userFolder, modelFolders(appRoot, o.modelDir, null));
    const r = removeModelCard({ file, userFolder });
    process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `removed ${r.removed}\n`);
    return 0;
  } catch (err) {
    return fail((err as Error).message);
  }
}

/** `models add` and `models remove`, under the `models` command (whose --json they share). */
export function registerModelCommands(models: Command, appRoot: string): void {
  const userData = '--user-data <dir>';
  const userDataHelp = 'the settings folder whose models/ is your model folder (as serve/start)';
  models
    .command('add <file>')
    .description('propose a card for an ONNX model, check it, and save both in your model folder')
    .option('--name <name>', 'card name (default: the file name)')
    .option('--family <family>', `model family (default: guessed from the tensor shapes)`)
    .option('--skeleton <id>', 'the skeleton of its joints (default: guessed from their count)')
    .option('--license <text>', 'the model’s licence (default: "unknown")')
    .option(userData, userDataHelp)
    .option('--json', 'machine-readable output', false)
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<AddModelOptions>();
      process.exitCode = await addModelCommand(appRoot, file, { ...o, json: Boolean(o.json) });
    });
  models
    .command('remove <card>')
    .description('remove a card (by name or file) and its model from your model folder')
    .option(userData, userDataHelp)
    .option('--json', 'machine-readable output', false)
    .action((ref: string, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ userData?: string; modelDir: string[]; json?: boolean }>();
      process.exitCode = removeModelCommand(appRoot, ref, { ...o, json: Boolean(o.json) });
    });
  models
    .command('export-repository <refs...>')
    .description(
      'write a Triton model repository of named pipelines or cards (each model under its card name, for infer --remote)',
    )
    .requiredOption('--out <dir>', 'the repository folder (created; models there are replaced)')
    .option('--max-batch <n>', 'max_batch_size of each model', positiveInt, 64)
    .option(userData, userDataHelp)
    .action(async (refs: string[], _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{
        out: string;
        maxBatch: number;
        userData?: string;
        modelDir: string[];
        json?: boolean;
      }>();
      process.exitCode = await exportRepositoryCommand(appRoot, refs, o);
    });
}
