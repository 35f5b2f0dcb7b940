import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { CONTENT_SECURITY_POLICY } from '../platform/csp';
import type { ServiceBackend } from '../services/backend';
import { isLoopback, startHttpServer, type RunningServer } from './httpServer';
import { fakeRenderer, testBackend } from './serverTestKit';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Raw request so the path reaches the server exactly as written (fetch would normalise `..`). */
function raw(
  url: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser-mode HTTP server', () => {
  const root = mkdtempSync(join(tmpdir(), 'posescope-serve-'));
  const web = join(root, 'renderer');
  let running: RunningServer;
  let backend: ServiceBackend;
  let cookie: string;
  const auth = () => ({ Authorization: `Bearer ${running.token}` });

  beforeAll(async () => {
    fakeRenderer(root);
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    await writeMupotsFixture(join(root, 'mupots'));
    backend = testBackend(root);
    running = await startHttpServer({ rendererDir: web, port: 0, host: '127.0.0.1', backend });
    const first = await raw(running.url, `/?token=${running.token}`);
    cookie = String(first.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await running.close();
    await backend.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('binds to loopback on a free port and prints a URL carrying a random token', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses every request without the token, and a wrong one', async () => {
    for (const path of ['/', '/assets/app.js', '/media/1/image/1', '/?token=wrong']) {
      const res = await raw(running.url, path, { method: 'GET' });
      expect(res.status, path).toBe(401);
      expect(res.body).toMatch(/needs the session token/);
    }
    const call = await raw(running.url, '/api/call/appInfo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(call.status).toBe(401);
  });

  it('serves the UI with the CSP header and sets an HttpOnly, SameSite=Strict cookie for the rest', async () => {
    const res = await raw(running.url, `/?token=${running.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>PoseScope</title>');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(String(res.headers['set-cookie'])).toMatch(
      /^posescope_token=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/,
    );
    expect((await raw(running.url, '/assets/app.js', { headers: { Cookie: cookie } })).body).toBe(
      'console.log(1)',
    );
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt'])(
    'never serves files outside the renderer folder: %s',
    async (path) => {
      const res = await raw(running.url, path, { headers: auth() });
      expect(res.body).not.toContain('do not serve');
    },
  );

  it('answers contract calls as envelopes, validating arguments', async () => {
    const post = (name: string, body: unknown) =>
      raw(running.url, `/api/call/${name}`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(JSON.parse((await post('appInfo', {})).body)).toMatchObject({
      ok: true,
      value: { shell: 'browser' },
    });
    const opened = JSON.parse((await post('openDataset', { path: join(root, 'mupots') })).body);
    expect(opened).toMatchObject({ ok: true, value: { images: 3, people: 4 } });
    expect(JSON.parse((await post('listFrames', { datasetId: 'one' })).body)).toEqual({
      ok: false,
      error: expect.stringMatching(/^listFrames: invalid arguments: datasetId: /),
    });
    expect(JSON.parse((await post('nope', {})).body)).toEqual({
      ok: false,
      error: 'unknown call "nope"',
    });
    const notJson = await raw(running.url, '/api/call/appInfo', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(JSON.parse(notJson.body).error).toMatch(/appInfo: request body is not JSON/);
  });

  it('refuses calls that are not JSON posts (a cross-site form cannot make one)', async () => {
    const form = await raw(running.url, '/api/call/openDataset', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'path=/',
    });
    expect(form.status).toBe(415);
    expect((await raw(running.url, '/api/call/appInfo', { headers: auth() })).status).toBe(404);
  });

  it('serves images by id with the cookie, and refuses paths that climb out', async () => {
    expect(
      (await raw(running.url, '/media/1/image/1', { headers: { Cookie: cookie } })).headers[
        'content-type'
      ],
    ).toBe('image/jpeg');
    const climb = await raw(running.url, '/media/1/image/..%2f..%2fsecret.txt', {
      headers: { Cookie: cookie },
    });
    expect(climb.status).toBe(404);
    expect(climb.body).not.toContain('do not serve');
  });

  it('pushes events over a WebSocket to the page, and refuses sockets without the token or from another origin', async () => {
    const wsUrl = `${running.origin.replace('http', 'ws')}/api/events`;
    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    expect(await refused({})).toBe(401);
    expect(await refused({ Cookie: cookie, Origin: 'http://evil.example' })).toBe(401);

    const ws = new WebSocket(wsUrl, { headers: { Cookie: cookie, Origin: running.origin } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const got: { event: string; payload: { phase: string } }[] = [];
    ws.on('message', (m: Buffer) => got.push(JSON.parse(m.toString())));
    await raw(running.url, '/api/call/openDataset', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: join(root, 'mupots') }),
    });
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    expect(got.map((g) => `${g.event}:${g.payload.phase}`)).toContain('indexProgress:done');
  });

  it('refuses to start without a built renderer, saying what to run', async () => {
    await expect(
      startHttpServer({ rendererDir: join(root, 'nothing'), port: 0, host: '127.0.0.1' }),
    ).rejects.toThrow(/no built renderer at .*nothing.*npm run build/);
  });

  it('knows loopback hosts', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.5')).toBe(false);
  });
});
