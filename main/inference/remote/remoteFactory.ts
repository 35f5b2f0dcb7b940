import type { LoadedCard } from '../modelCard';
import type { SessionFactory } from '../modelSession';
import { RemoteSession, type RemoteTarget } from './remoteSession';

/** Where a run's models are served: plain data, stored with the run (no credentials). */
export interface RemoteRequest {
  readonly url: string;
  /** The model's name on the server, for a one-model pipeline; each card's name otherwise. */
  readonly model?: string;
  readonly version?: string;
  /** false: JSON tensors even where the server has the binary extension. */
  readonly binary?: boolean;
  readonly timeoutMs?: number;
}

/** The environment variable whose value is sent as `Authorization: Bearer <value>`. */
export const TOKEN_VARIABLE = 'POSESCOPE_REMOTE_TOKEN';

/**
 * Headers every request to the server carries. The token comes from the environment only,
 * so it is never on a command line (where `ps` shows it), in a stored run or in a log line.
 */
export function remoteHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = env[TOKEN_VARIABLE]?.trim();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Each card's model on the server: the name given for a one-model pipeline, else the card's
 * own name (what `posescope models export-repository` names it).
 */
export function remoteTargets(
  remote: RemoteRequest,
  loaded: readonly LoadedCard[],
): RemoteTarget[] {
  if (remote.model !== undefined && loaded.length > 1)
    throw new Error(
      `--remote-model names one model, but the pipeline has ${loaded.length} (${loaded.map((l) => l.card.name).join(', ')}); serve each under its card's name instead`,
    );
  let url: URL;
  try {
    url = new URL(remote.url);
  } catch {
    throw new Error(`--remote ${remote.url} is not a URL (http://host:port or https://…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--remote ${remote.url}: only http and https servers are supported`);
  const headers = remoteHeaders();
  return loaded.map((l) => ({
    url: remote.url,
    model: remote.model ?? l.card.name,
    ...(remote.version ? { version: remote.version } : {}),
    binary: remote.binary === false ? false : 'auto',
    ...(remote.timeoutMs ? { timeoutMs: remote.timeoutMs } : {}),
    headers,
  }));
}

/** Opens the card's model on the server; the local model bytes only identify the run. */
export const remoteSessionFactory =
  (target: RemoteTarget): SessionFactory =>
  () =>
    RemoteSession.open(target);
