import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { errorMessage } from '../../contract';
import type { ServiceBackend } from '../services/backend';
import { resolveInside } from '../services/openDatasets';
import { CONTENT_SECURITY_POLICY } from '../platform/csp';

/** The renderer's origin in the desktop window: a standard, secure scheme of the app's own. */
export const APP_SCHEME = 'posescope';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface ProtocolReply {
  readonly status: number;
  readonly type: string;
  readonly body: Uint8Array;
}

const text = (status: number, message: string): ProtocolReply => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: Buffer.from(message),
});

/**
 * Answers a `posescope://app/…` request: images and thumbnails of opened datasets under
 * /media/ (by id, the path checked inside its dataset), the built renderer's files otherwise.
 * Anything that resolves outside those folders is refused.
 */
export async function answerAppRequest(
  rawUrl: string,
  rendererDir: string,
  backend: ServiceBackend,
): Promise<ProtocolReply> {
  const url = new URL(rawUrl);
  // A standard scheme's origin reads "null" outside Electron, so compare its parts.
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'app')
    return text(403, `refused: ${url.protocol}//${url.host} is not the app`);
  if (url.pathname.startsWith('/media/')) return backend.media(url.pathname + url.search);
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return text(400, `malformed path ${url.pathname}`);
  }
  let file: string;
  try {
    file = resolveInside(rendererDir, rel);
  } catch (err) {
    return text(404, errorMessage(err));
  }
  // A folder, or a file gone between the check and the read, is not found: a read error must
  // never escape the protocol handler.
  let body: Buffer;
  try {
    if (!statSync(file).isFile()) return text(404, `not found: ${rel}`);
    body = readFileSync(file);
  } catch {
    return text(404, `not found: ${rel}`);
  }
  return { status: 200, type: TYPES[extname(file)] ?? 'application/octet-stream', body };
}

export const protocolHeaders = (reply: ProtocolReply): Record<string, string> => ({
  'Content-Type': reply.type,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
});
