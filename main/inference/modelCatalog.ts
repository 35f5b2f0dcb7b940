import { readFileSync, statSync } from 'node:fs';
import { readRemoteSettings } from './remote/remoteSettings';
import { basename, dirname, resolve } from 'node:path';
import type {
  ModelCatalog,
  ModelEntry,
  ModelFit,
  ModelOrigin,
  PipelineEntry,
} from '../../contract';
import { BLAZEPOSE_MODELS } from './convert/blazeposeModels';
import type { DoctorReport } from './doctor';
import { loadCard, MAPPING_FAMILIES, type LoadedCard, type ModelFamily } from './modelCard';
import { cardFiles, type ModelFolder } from './modelRegistry';
import { ModelSession } from './modelSession';
import { loadPipeline, pipelineFiles } from './pipelines';

/**
 * What the app lists on its Models page: every card in every model folder — broken ones too,
 * with what is wrong, since a card that silently vanished would be harder to fix — every named
 * pipeline, the providers that work here, and, for an open dataset, whether each fits it.
 */

export interface CatalogOptions {
  readonly folders: readonly ModelFolder[];
  /** Where saved cards go; listed in `folders` too when cards are read from it. */
  readonly userFolder: string;
  readonly doctor: DoctorReport;
  /** The open dataset's skeleton: each card and pipeline then says whether it fits. */
  readonly skeleton?: string;
  /** The settings file naming inference servers; none listed when absent. */
  readonly settingsFile?: string;
}

/** The servers the settings name, URLs only; a section that does not read is said, not thrown. */
function configuredServers(file: string | undefined): ModelCatalog['servers'] {
  if (!file) return { urls: [], error: null };
  try {
    return { urls: readRemoteSettings(file).servers.map((s) => s.url), error: null };
  } catch (err) {
    return { urls: [], error: (err as Error).message };
  }
}

interface LoadCheck {
  readonly stamp: string;
  readonly error: string | null;
}

/**
 * Whether each card's model opened, by card file, with the size and time of the card and its
 * model: opening a large model takes a while, and the list is asked for on every visit.
 */
const loadChecks = new Map<string, LoadCheck>();

const stampOf = (file: string): string => {
  try {
    const s = statSync(file);
    return `${s.size}@${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
};

async function loadError(loaded: LoadedCard): Promise<string | null> {
  const stamp = `${stampOf(loaded.file)}|${stampOf(loaded.modelFile)}`;
  const cached = loadChecks.get(loaded.file);
  if (cached?.stamp === stamp) return cached.error;
  let error: string | null = null;
  try {
    const bytes = new Uint8Array(readFileSync(loaded.modelFile));
    const s = await ModelSession.open(loaded, bytes, ['cpu']);
    await s.release();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    error =
      e.code === 'ENOENT' ? `${loaded.file}: its model ${loaded.modelFile} is missing` : e.message;
  }
  loadChecks.set(loaded.file, { stamp, error });
  return error;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A card's fields as far as its JSON can be read, for listing a card that does not validate. */
function rawFields(file: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Cards made for another skeleton do not fit, except families that map their own onto it. */
export function cardFit(
  card: { readonly family: ModelFamily; readonly skeleton: string } | undefined,
  error: string | null,
  skeleton: string | undefined,
): ModelFit | null {
  if (skeleton === undefined) return null;
  if (error !== null || !card) return { ok: false, reason: error ?? 'the card does not validate' };
  if (card.skeleton === skeleton || MAPPING_FAMILIES.has(card.family))
    return { ok: true, reason: null };
  return { ok: false, reason: `made for ${card.skeleton}; the dataset is ${skeleton}` };
}

/** One card as the catalog lists it; `loads` opens its model on the CPU (cached). */
export async function catalogEntry(
  file: string,
  origin: ModelOrigin,
  skeleton?: string,
): Promise<ModelEntry> {
  let loaded: LoadedCard | undefined;
  let error: string | null;
  try {
    loaded = loadCard(file);
    error = await loadError(loaded);
  } catch (err) {
    error = (err as Error).message;
  }
  const raw = rawFields(file);
  const card = loaded?.card;
  const image = card?.inputs.find((i) => i.source === 'crop' || i.source === 'image');
  return {
    file,
    origin,
    removable: origin === 'user',
    name: card?.name ?? text(raw.name),
    family: card?.family ?? text(raw.family),
    skeleton: card?.skeleton ?? text(raw.skeleton),
    inputSize: image && 'size' in image ? [image.size[0], image.size[1]] : null,
    inputs: card?.inputs.map((i) => ({ name: i.name, source: i.source })) ?? [],
    outputs: card?.outputs.map((o) => ({ name: o.name, meaning: o.meaning })) ?? [],
    license: card?.license ?? text(raw.license),
    provenance: card?.provenance ?? text(raw.provenance),
    description: card?.description ?? text(raw.description),
    accuracy: card?.accuracy ?? [],
    loads: error === null,
    error,
    fit: cardFit(card, error, skeleton),
  };
}

/** BlazePose cards the app converts from @mediapipe/pose on first use (modelRegistry.ts). */
const CONVERTED_ON_USE: ReadonlySet<string> = new Set(BLAZEPOSE_MODELS.map((m) => m.name));

/** Why a pipeline cannot run on a skeleton, or null when every card it names loads. */
function pipelineProblem(
  file: string,
  cards: Readonly<Record<string, readonly string[]>>,
  skeleton: string,
  models: readonly ModelEntry[],
): string | null {
  const refs = cards[skeleton];
  if (!refs)
    return `no card set for ${skeleton} (it has ${Object.keys(cards).join(', ') || 'none'})`;
  for (const ref of refs) {
    const entry = ref.endsWith('.json')
      ? models.find((m) => m.file === resolve(dirname(file), ref))
      : models.find((m) => m.name === ref);
    if (!entry) {
      if (CONVERTED_ON_USE.has(ref)) continue;
      return `card "${ref}" is not installed`;
    }
    if (!entry.loads) return `card "${ref}" does not load: ${entry.error ?? 'unknown error'}`;
  }
  return null;
}

/** Every named pipeline in the folders, unreadable ones with their error. */
export function pipelineEntries(
  folders: readonly ModelFolder[],
  models: readonly ModelEntry[],
  skeleton?: string,
): PipelineEntry[] {
  const out: PipelineEntry[] = [];
  for (const folder of folders) {
    for (const file of pipelineFiles([folder.path])) {
      try {
        const spec = loadPipeline(file);
        const problem =
          skeleton === undefined ? null : pipelineProblem(file, spec.cards, skeleton, models);
        out.push({
          name: spec.name,
          file,
          origin: folder.origin,
          description: spec.description ?? null,
          cards: spec.cards,
          error: null,
          fit: skeleton === undefined ? null : { ok: problem === null, reason: problem },
        });
      } catch (err) {
        const message = (err as Error).message;
        const error = message.startsWith(file) ? message : `${file}: ${message}`;
        out.push({
          name: basename(file, '.json'),
          file,
          origin: folder.origin,
          description: null,
          cards: {},
          error,
          fit: skeleton === undefined ? null : { ok: false, reason: error },
        });
      }
    }
  }
  return out;
}

/** The installed cards and pipelines, the providers that run here, and what fits `skeleton`. */
export async function modelCatalog(o: CatalogOptions): Promise<ModelCatalog> {
  const models: ModelEntry[] = [];
  for (const folder of o.folders) {
    for (const file of cardFiles([folder.path]))
      models.push(await catalogEntry(file, folder.origin, o.skeleton));
  }
  return {
    folders: o.folders.map((f) => ({ path: f.path, origin: f.origin })),
    userFolder: o.userFolder,
    models,
    pipelines: pipelineEntries(o.folders, models, o.skeleton),
    providers: o.doctor.providers.map((p) => ({ ...p })),
    chosen: o.doctor.chosen ?? null,
    servers: configuredServers(o.settingsFile),
  };
}
