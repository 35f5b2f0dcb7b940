import fc from 'fast-check';
import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testServer } from './serverTestKit';

/** Sends raw bytes to the server on loopback and waits (bounded) for it to answer or close. */
function send(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.end(bytes));
    s.on('data', () => undefined);
    s.on('close', () => resolve());
    s.on('error', () => resolve());
    s.setTimeout(1000, () => s.destroy());
  });
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'FOO', ''];
const TARGETS = [
  '/',
  '/api/call/appInfo',
  '/api/call/openDataset',
  '/api/events',
  '/media/1/image/1',
  '/media/../../etc/passwd',
  'http://[',
  'http://evil.example/x',
  '*',
  '/%ff%fe',
  '/?token=',
  '//',
];

/** A request line, some headers (Upgrade among them) and a body, each part sometimes garbage. */
const requestArb = fc
  .record({
    method: fc.constantFrom(...METHODS),
    target: fc.oneof(fc.constantFrom(...TARGETS), fc.string({ maxLength: 40 })),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'XYZ', ''),
    headers: fc.array(
      fc.oneof(
        fc.constantFrom(
          'Host: 127.0.0.1',
          'Host: evil.example',
          'Content-Type: application/json',
          'Content-Type: application/jsonx',
          'Content-Length: 5',
          'Content-Length: -1',
          'Content-Length: 99999999999',
          'Transfer-Encoding: chunked',
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Origin: http://evil.example',
          'Authorization: Bearer nope',
          'Cookie: posescope_token=nope',
        ),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 8 },
    ),
    body: fc.oneof(
      fc.constant(''),
      fc.constant('{"path": "/"}'),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1')),
    ),
  })
  .map(({ method, target, version, headers, body }) =>
    Buffer.from(
      `${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`,
      'latin1',
    ),
  );

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        out.push(`${p} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

describe('the browser-mode server under random requests', () => {
  const srv = testServer('posescope-fuzz-');

  it('keeps answering and writes nothing, whatever 300 malformed or hostile requests say', async () => {
    const before = snapshot(srv.root);
    await fc.assert(
      fc.asyncProperty(requestArb, async (bytes) => {
        await send(srv.port, bytes);
      }),
      { numRuns: 300 },
    );
    const ok = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: srv.port, path: `/?token=${srv.running.token}` },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(ok).toBe(200);
    // Without the token no request reached the services: no settings, no index written.
    expect(snapshot(srv.root)).toEqual(before);
  });
});
