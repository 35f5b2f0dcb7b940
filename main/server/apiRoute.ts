import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../../contract';
import type { ServiceBackend } from '../services/backend';

const MAX_BODY = 1 << 20;
/** How much of an over-cap body is read and dropped so the client gets the 413, not a reset. */
const MAX_DRAIN = 64 << 20;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let size = 0;
    const chunks: Buffer[] = [];
    const tooLarge = () => {
      // Keep reading (and dropping) what the client still sends, so it is listening when the
      // 413 comes; past MAX_DRAIN the connection is cut.
      chunks.length = 0;
      req.removeAllListeners('data');
      let drained = 0;
      req.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > MAX_DRAIN) req.destroy();
      });
      reject(new BodyTooLarge(`request body over ${MAX_BODY} bytes`));
    };
    if (Number.isFinite(declared) && declared > MAX_BODY) return tooLarge();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge();
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The media type of a Content-Type header, lower case, without its parameters. */
const mediaType = (header: string | undefined): string =>
  (header ?? '').split(';')[0]!.trim().toLowerCase();

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * POST /api/call/<name> with a JSON body: the call's envelope as JSON. JSON only, so a form on
 * another site cannot post here without a CORS preflight this server never grants.
 */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  backend: ServiceBackend,
): Promise<void> {
  const m = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
  if (!m || req.method !== 'POST')
    return reply(res, 404, { ok: false, error: `no route ${req.method} ${url.pathname}` });
  if (mediaType(req.headers['content-type']) !== 'application/json')
    return reply(res, 415, { ok: false, error: 'calls take Content-Type: application/json' });
  let args: unknown;
  try {
    const body = await readBody(req);
    args = body.length ? JSON.parse(body) : {};
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      return reply(res, 413, { ok: false, error: `${m[1]}: ${err.message}` });
    }
    return reply(res, 400, {
      ok: false,
      error: `${m[1]}: request body is not JSON: ${errorMessage(err)}`,
    });
  }
  reply(res, 200, await backend.call(m[1]!, args));
}
