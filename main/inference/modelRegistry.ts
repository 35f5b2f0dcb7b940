import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { ModelOrigin } from '../../contract';
import { userModelFolder } from '../platform/userModelFolder';
import { loadCard, type LoadedCard } from './modelCard';
import { ModelSession } from './modelSession';
import type { Provider } from './providers';

export interface ModelFolder {
  readonly path: string;
  readonly origin: ModelOrigin;
}

/**
 * Where model cards live, earlier folders winning a name: the app's own `models/` and its
 * converted BlazePose models, the user's model folder (where Add model saves), folders from
 * POSESCOPE_MODELS (separated like PATH), then folders named on the command line. A folder
 * listed twice counts once, where it first appears. `userFolder` null leaves the user's out.
 */
export function modelFolderList(
  appRoot: string,
  extra: readonly string[] = [],
  userFolder: string | null = userModelFolder(),
): ModelFolder[] {
  const env = (process.env.POSESCOPE_MODELS ?? '').split(delimiter).filter(Boolean);
  const all: ModelFolder[] = [
    { path: join(appRoot, 'models'), origin: 'app' },
    { path: blazePoseDir(appRoot), origin: 'app' },
    ...(userFolder ? [{ path: userFolder, origin: 'user' as const }] : []),
    // Folders named on the command line are the environment's choice, like POSESCOPE_MODELS.
    ...[...env, ...extra].map((path) => ({ path, origin: 'env' as const })),
  ];
  const byPath = new Map<string, ModelFolder>();
  for (const f of all) {
    const path = resolve(f.path);
    if (!byPath.has(path)) byPath.set(path, { path, origin: f.origin });
  }
  return [...byPath.values()];
}

/** The paths of `modelFolderList`, for callers that only search them. */
export function modelFolders(
  appRoot: string,
  extra: readonly string[] = [],
  userFolder: string | null = userModelFolder(),
): string[] {
  return modelFolderList(appRoot, extra, userFolder).map((f) => f.path);
}

/** Where `npm run models` (and the lazy conversion below) put the converted BlazePose models. */
export const blazePoseDir = (appRoot: string): string => join(appRoot, 'models', 'blazepose');

/**
 * Converts the BlazePose models among `refs` (card names) that are not in the app's
 * models/blazepose/ yet, from the @mediapipe/pose package (a few seconds, once). The converter
 * is loaded only when one is missing. A failed conversion names the file it was to write.
 */
export async function ensureBlazePose(refs: readonly string[], appRoot: string): Promise<void> {
  const { BLAZEPOSE_MODELS } = await import('./convert/blazeposeModels');
  const dir = blazePoseDir(appRoot);
  const missing = BLAZEPOSE_MODELS.map((m) => m.name).filter(
    (n) =>
      refs.includes(n) &&
      !(existsSync(join(dir, `${n}.json`)) && existsSync(join(dir, `${n}.onnx`))),
  );
  if (missing.length === 0) return;
  const { ensureBlazePoseModels } = await import('./convert/ensureModels');
  try {
    ensureBlazePoseModels({ outDir: dir, only: missing });
  } catch (err) {
    throw new Error(
      `cannot convert the BlazePose model ${join(dir, `${missing[0]}.onnx`)} from @mediapipe/pose: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Every `.json` in the folders that declares a `family`: the cards, valid or not. */
export function cardFiles(folders: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of folders) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const file = join(dir, f);
      try {
        const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (v && typeof v === 'object' && 'family' in v) out.push(file);
      } catch {
        out.push(file); // a broken card is still a card; listing it says what is wrong
      }
    }
  }
  return out;
}

/** A card by path, or by the name of an installed card. */
export function resolveCard(ref: string, folders: readonly string[]): string {
  if (ref.endsWith('.json') || existsSync(ref)) return resolve(ref);
  for (const file of cardFiles(folders)) {
    try {
      if (loadCard(file).card.name === ref) return file;
    } catch {
      // A broken card cannot be the one asked for by name.
    }
  }
  throw new Error(
    `no model card named "${ref}" in ${folders.join(', ')} (posescope models lists them)`,
  );
}

export interface InstalledModel {
  readonly file: string;
  readonly name?: string;
  readonly family?: string;
  readonly skeleton?: string;
  readonly license?: string;
  /** The card validates, the model opens and its tensors match the card. */
  readonly loads: boolean;
  readonly provider?: Provider;
  readonly error?: string;
}

/** Checks every installed card by opening its model on the CPU. */
export async function listModels(folders: readonly string[]): Promise<InstalledModel[]> {
  const out: InstalledModel[] = [];
  for (const file of cardFiles(folders)) {
    let loaded: LoadedCard;
    try {
      loaded = loadCard(file);
    } catch (err) {
      out.push({ file, loads: false, error: (err as Error).message });
      continue;
    }
    const { name, family, skeleton, license } = loaded.card;
    try {
      const bytes = new Uint8Array(readFileSync(loaded.modelFile));
      const s = await ModelSession.open(loaded, bytes, ['cpu']);
      await s.release();
      out.push({ file, name, family, skeleton, license, loads: true, provider: 'cpu' });
    } catch (err) {
      out.push({
        file,
        name,
        family,
        skeleton,
        license,
        loads: false,
        error: (err as Error).message,
      });
    }
  }
  return out;
}
