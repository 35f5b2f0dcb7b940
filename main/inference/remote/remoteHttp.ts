import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, fetch, type Dispatcher } from 'undici';
import { errorSchema, HEADER_LENGTH, splitBody } from './oipProtocol';

/** A request the server refused or could not answer: its status, 0 when none came. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/**
 * A refusal worth sending again: a 5xx, no answer at all, or the server (or a gateway before
 * it) saying it timed out or is rate-limiting (408, 429).
 */
export const isTransient = (err: unknown): boolean =>
  err instanceof RemoteError &&
  (err.status === 0 || err.status >= 500 || err.status === 408 || err.status === 429);

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Where and how requests go: the server, the headers it needs, the connection pool. */
export interface HttpTarget {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Connections (kept alive) and TLS trust for this server; the default pool when absent. */
  readonly dispatcher?: Dispatcher;
}

/** A CA file's certificates (PEM), read now so a wrong path is an error naming it. */
function readCa(caFile: string): string {
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new Error(`the CA file ${caFile} cannot be read (${(err as Error).message})`, {
      cause: err,
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new Error(`the CA file ${caFile} holds no PEM certificate`);
  return pem;
}

/**
 * A connection pool for one server. With CA files, TLS trusts those authorities as well as the
 * usual public ones (a lab's own CA, a gateway's).
 */
export function serverPool(caFiles: readonly string[] = []): Agent {
  if (caFiles.length === 0) return new Agent();
  const pems = [...new Set(caFiles)].map(readCa);
  return new Agent({ connect: { ca: [...rootCertificates, ...pems] } });
}

/** Node's codes for a server certificate this machine does not trust. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);

function failure(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = e.cause?.code;
  if (code && UNTRUSTED.has(code))
    return `${code}: the server's certificate is not signed by an authority trusted here; name its CA's PEM file with --remote-ca or in the settings file (remote.servers[].ca)`;
  return code ?? e.cause?.message ?? e.message;
}

/**
 * One HTTP request; a status other than 200, a body that is not the protocol's, a timeout or
 * a dropped connection becomes a RemoteError naming the URL (never the headers).
 */
export async function request(
  target: HttpTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; binary: Uint8Array }> {
  const url = new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`).toString();
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let res: Awaited<ReturnType<typeof fetch>>;
  try {
    res = await fetch(url, {
      method,
      headers: { ...target.headers, ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
    });
  } catch (err) {
    throw new RemoteError(`${method} ${url} failed: ${failure(err, timeoutMs)}`, 0);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new RemoteError(
      `${method} ${url}: the connection closed mid-answer (${failure(err, timeoutMs)})`,
      0,
    );
  }
  if (res.status !== 200) {
    let reason = '';
    try {
      const e = errorSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
      if (e.success) reason = `: ${e.data.error}`;
    } catch {
      // Not the protocol's error object: the status says enough.
    }
    throw new RemoteError(`${method} ${url} answered ${res.status}${reason}`, res.status);
  }
  if (bytes.byteLength === 0) return { status: res.status, json: undefined, binary: bytes };
  try {
    const { json, binary } = splitBody(bytes, res.headers.get(HEADER_LENGTH));
    return { status: res.status, json, binary };
  } catch (err) {
    throw new RemoteError(`${method} ${url}: ${(err as Error).message}`, res.status);
  }
}
