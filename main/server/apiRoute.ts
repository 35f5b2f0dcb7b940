import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../../contract';
import type { ServiceBackend } from '../services/backend';

const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body over ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

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
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    return reply(res, 415, { ok: false, error: 'calls take Content-Type: application/json' });
  let args: unknown;
  try {
    const body = await readBody(req);
    args = body.length ? JSON.parse(body) : {};
  } catch (err) {
    return reply(res, 400, {
      ok: false,
      error: `${m[1]}: request body is not JSON: ${errorMessage(err)}`,
    });
  }
  reply(res, 200, await backend.call(m[1]!, args));
}
