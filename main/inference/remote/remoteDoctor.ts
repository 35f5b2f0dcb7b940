import { loadCard, type LoadedCard } from '../modelCard';
import { checkTensors } from '../modelSession';
import { cardFiles } from '../modelRegistry';
import { loadPipeline, pipelineFiles } from '../pipelines';
import { REPOSITORY_EXTENSION, repositoryIndexSchema, type RepositoryIndex } from './oipProtocol';
import { connectServer } from './remoteFactory';
import { RemoteError, request, type HttpTarget } from './remoteHttp';
import { RemoteSession, serverInfo, type ServerInfo } from './remoteSession';
import type { RemoteSettings } from './remoteSettings';

/** How an installed card's model stands on the server. */
export interface CardFit {
  readonly card: string;
  readonly skeleton: string;
  /** fits: served and matching the card; mismatch: served but not as the card says. */
  readonly status: 'fits' | 'mismatch' | 'not served' | 'error';
  readonly detail?: string;
}

export interface RemoteReport {
  readonly url: string;
  /** Why the server could not be asked anything; the rest is empty then. */
  readonly error?: string;
  readonly server?: ServerInfo;
  /** Every model the server knows (model repository extension); null when it cannot list. */
  readonly models: RepositoryIndex | null;
  readonly cards: readonly CardFit[];
  /** Named pipelines, per skeleton, whose every card fits: runnable with `infer --remote`. */
  readonly pipelines: readonly { name: string; skeleton: string }[];
}

/**
 * `posescope doctor --remote <url>`: whether the server is ready, what it says of itself, the
 * models it lists, and for every installed card whether the server serves its model under the
 * card's name (as `models export-repository` names it) with the tensors the card describes —
 * the same checks, with the same messages, a run makes before its first batch.
 */
export async function remoteDoctor(
  url: string,
  folders: readonly string[],
  settings: RemoteSettings,
  ca?: string,
): Promise<RemoteReport> {
  const target = connectServer(url, settings, ca);
  try {
    let server: ServerInfo;
    try {
      server = await serverInfo(target);
    } catch (err) {
      return { url, error: (err as Error).message, models: null, cards: [], pipelines: [] };
    }
    const models = server.extensions.includes(REPOSITORY_EXTENSION)
      ? await repositoryIndex(target)
      : null;
    const loaded = installedCards(folders);
    const cards = await Promise.all(loaded.map((l) => fitOf(l, target, server)));
    return { url, server, models, cards, pipelines: runnable(folders, cards) };
  } finally {
    await target.dispatcher.close();
  }
}

async function repositoryIndex(target: HttpTarget): Promise<RepositoryIndex | null> {
  try {
    const r = await request(target, 'POST', 'v2/repository/index', new TextEncoder().encode('{}'), {
      'content-type': 'application/json',
    });
    const index = repositoryIndexSchema.safeParse(r.json);
    return index.success ? index.data : null;
  } catch {
    // Listed but refused (a gateway may not pass it on): the per-card checks still answer.
    return null;
  }
}

/** The cards installed in the folders that load; a broken card is `posescope models`' to report. */
function installedCards(folders: readonly string[]): LoadedCard[] {
  const out: LoadedCard[] = [];
  const seen = new Set<string>();
  for (const f of cardFiles(folders)) {
    try {
      const l = loadCard(f);
      if (seen.has(l.card.name)) continue;
      seen.add(l.card.name);
      out.push(l);
    } catch {
      continue;
    }
  }
  return out;
}

async function fitOf(l: LoadedCard, target: HttpTarget, server: ServerInfo): Promise<CardFit> {
  const base = { card: l.card.name, skeleton: l.card.skeleton };
  let session: RemoteSession;
  try {
    session = await RemoteSession.open({ ...target, model: l.card.name, retries: 0 }, server);
  } catch (err) {
    if (err instanceof RemoteError && err.status === 404) return { ...base, status: 'not served' };
    return { ...base, status: 'error', detail: (err as Error).message };
  }
  try {
    checkTensors(l, session);
    return { ...base, status: 'fits' };
  } catch (err) {
    return { ...base, status: 'mismatch', detail: (err as Error).message };
  }
}

/** Pipelines whose card set for a skeleton is wholly served. */
function runnable(folders: readonly string[], cards: readonly CardFit[]) {
  const fits = new Set(cards.filter((c) => c.status === 'fits').map((c) => c.card));
  const out: { name: string; skeleton: string }[] = [];
  const seen = new Set<string>();
  for (const file of pipelineFiles(folders)) {
    let spec;
    try {
      spec = loadPipeline(file);
    } catch {
      continue;
    }
    if (seen.has(spec.name)) continue;
    seen.add(spec.name);
    for (const [skeleton, refs] of Object.entries(spec.cards))
      if (refs.every((r) => fits.has(r))) out.push({ name: spec.name, skeleton });
  }
  return out;
}
