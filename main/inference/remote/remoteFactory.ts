import { z } from 'zod';
import { REMOTE_LIMITS } from '../../../contract';
import type { LoadedCard } from '../modelCard';
import { checkTensors, type SessionFactory } from '../modelSession';
import type { Agent } from 'undici';
import { serverPool, type HttpTarget } from './remoteHttp';
import { RemotePool } from './remotePool';
import type { RemoteTarget } from './remoteSession';
import { accessFor, type RemoteSettings } from './remoteSettings';

/**
 * Where a run's models are served: plain data, stored with the run so a resume goes to the
 * same servers. Never credentials: those come from the settings file or the environment.
 */
export const remoteRequest = z.preprocess(
  // Runs stored by the first version name one server as `url`.
  (v) => {
    if (typeof v !== 'object' || v === null || !('url' in v)) return v;
    const { url, ...rest } = v as { url: unknown };
    return { servers: [url], ...rest };
  },
  z
    .object({
      /** One or more servers; each batch goes to whichever is least busy. */
      servers: z.array(z.string().min(1)).min(1).max(REMOTE_LIMITS.servers),
      /** The model's name on the server, for a one-model pipeline; each card's name otherwise. */
      model: z.string().min(1).optional(),
      version: z.string().min(1).optional(),
      /** false: JSON tensors even where the server has the binary extension. */
      binary: z.boolean().optional(),
      /** Per request. */
      timeoutMs: z.number().int().positive().optional(),
      /** How often a failed request is sent again before its server is given up on. */
      retries: z.number().int().min(0).max(10).optional(),
      /** Batches in flight per server (default 2). */
      inflight: z.number().int().min(1).max(REMOTE_LIMITS.inflight).optional(),
      /** A PEM file of a CA to trust for every server of the run (beside the settings' ones). */
      ca: z.string().min(1).optional(),
    })
    .strict(),
);

export type RemoteRequest = z.infer<typeof remoteRequest>;

/** Batches in flight per server unless asked: one crossing the network while one computes. */
export const DEFAULT_INFLIGHT = 2;

/** The run's connection to its servers: a session factory per card, and how many batches fly. */
export interface RemoteLink {
  readonly factories: readonly SessionFactory[];
  /**
   * Batches to keep in flight: per server, times the servers reached; asked once the models
   * are open (a server lost later leaves its lanes to the others).
   */
  lanes(): number;
  close(): Promise<void>;
}

/**
 * A server as requests reach it: its URL, the credentials the settings (or
 * POSESCOPE_REMOTE_TOKEN) hold for it and a connection pool trusting its CA. Close the pool.
 */
export function connectServer(
  url: string,
  settings: RemoteSettings,
  ca?: string,
  envAnywhere = true,
): HttpTarget & { readonly dispatcher: Agent } {
  checkUrl(url);
  const access = accessFor(url, settings, process.env, envAnywhere);
  const cas = [ca, access.caFile].filter((f): f is string => f !== undefined);
  return { url, headers: access.headers, dispatcher: serverPool(cas) };
}

function checkUrl(server: string): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`the server "${server}" is not a URL (http://host:port or https://…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`the server "${server}" is not http or https`);
}

/**
 * Each card's model on every server, with each server's credentials and trust from the
 * settings (and POSESCOPE_REMOTE_TOKEN). A card's model is asked for under the name given for
 * a one-model pipeline, else under the card's own name (what `posescope models export-repository`
 * names it). Servers that cannot be reached are reported through `onLost` and left out.
 */
export function linkRemote(
  remote: RemoteRequest,
  loaded: readonly LoadedCard[],
  settings: RemoteSettings,
  hooks: {
    onLost?: (url: string, reason: string) => void;
    /** false: the environment's token only to servers the settings list (remoteSettings). */
    envAnywhere?: boolean;
  } = {},
): RemoteLink {
  if (remote.model !== undefined && loaded.length > 1)
    throw new Error(
      `--remote-model names one model, but the pipeline has ${loaded.length} (${loaded.map((l) => l.card.name).join(', ')}); serve each under its card's name instead`,
    );
  const servers = [...new Set(remote.servers)];
  const pools: ReturnType<typeof connectServer>[] = [];
  try {
    for (const url of servers)
      pools.push(connectServer(url, settings, remote.ca, hooks.envAnywhere ?? true));
  } catch (err) {
    for (const p of pools) void p.dispatcher.close();
    throw err;
  }
  // Servers that could not be reached when the models opened: the run's lanes are counted
  // from those that were.
  const away = new Set<string>();
  const onLost = (url: string, reason: string) => {
    away.add(url);
    hooks.onLost?.(url, reason);
  };
  const factories = loaded.map((l): SessionFactory => {
    const targets = pools.map((p): RemoteTarget => ({
      ...p,
      model: remote.model ?? l.card.name,
      ...(remote.version ? { version: remote.version } : {}),
      binary: remote.binary === false ? false : 'auto',
      ...(remote.timeoutMs ? { timeoutMs: remote.timeoutMs } : {}),
      ...(remote.retries !== undefined ? { retries: remote.retries } : {}),
    }));
    // Each server's model is checked against the card here, so a mismatch names the server.
    return () => RemotePool.open(targets, { check: (s) => checkTensors(l, s), onLost });
  });
  return {
    factories,
    lanes: () => (remote.inflight ?? DEFAULT_INFLIGHT) * Math.max(1, servers.length - away.size),
    close: async () => {
      await Promise.all(pools.map((p) => p.dispatcher.close()));
    },
  };
}
