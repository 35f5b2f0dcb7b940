import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hostAllowed, isLoopback, originAllowed, reachableHosts } from './hostCheck';
import { startHttpServer } from './httpServer';
import { fakeRenderer, testBackend, testServer } from './serverTestKit';

/** Writes `text` on a raw socket to the server and gives back what it answered. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('end', () => resolve(got));
    s.on('close', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(3000, () => s.destroy());
  });
}

function post(
  port: number,
  path: string,
  headers: Record<string, string | number>,
  body: Buffer | string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode server under hostile requests', () => {
  const srv = testServer('posescope-hardening-');
  const port = () => srv.port;

  const stillUp = async () =>
    expect((await get(port(), `/?token=${srv.running.token}`)).status).toBe(200);

  it('answers 400 to a request target that is not a URL, and keeps serving', async () => {
    const plain = await rawExchange(port(), 'GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 4\d\d/);
    const upgrade = await rawExchange(
      port(),
      `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400/);
    const withHost = await rawExchange(
      port(),
      `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\n\r\n`,
    );
    expect(withHost).toMatch(/^HTTP\/1\.1 400/);
    await stillUp();
  });

  it('refuses a Host that names another server (DNS rebinding), before the token', async () => {
    const rebound = await get(port(), `/?token=${srv.running.token}`, {
      Host: `evil.example:${port()}`,
    });
    expect(rebound.status).toBe(421);
    const otherPort = await get(port(), `/?token=${srv.running.token}`, {
      Host: `127.0.0.1:${port() + 1}`,
    });
    expect(otherPort.status).toBe(421);
    const named = await get(port(), `/?token=${srv.running.token}`, {
      Host: `localhost:${port()}`,
    });
    expect(named.status).toBe(200);
  });

  it('answers 413 to a body over the cap, and parses the media type of Content-Type', async () => {
    const big = Buffer.alloc((1 << 20) + 10, 0x20);
    const tooBig = await post(
      port(),
      '/api/call/appInfo',
      { Authorization: `Bearer ${srv.running.token}`, 'Content-Type': 'application/json' },
      big,
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatch(/request body over 1048576 bytes/);
    const auth = { Authorization: `Bearer ${srv.running.token}` };
    for (const type of ['application/jsonx', 'text/plain; charset=application/json'])
      expect(
        (await post(port(), '/api/call/appInfo', { ...auth, 'Content-Type': type }, '{}')).status,
      ).toBe(415);
    const ok = await post(
      port(),
      '/api/call/appInfo',
      { ...auth, 'Content-Type': 'Application/JSON; charset=utf-8' },
      '{}',
    );
    expect(ok.status).toBe(200);
    await stillUp();
  });

  it('keeps the page that carries the token out of caches', async () => {
    const page = await get(port(), `/?token=${srv.running.token}`);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('takes a page of its own at any name it is reachable by as a WebSocket origin', async () => {
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port()}/api/events`, {
          headers: { Authorization: `Bearer ${srv.running.token}`, Origin: origin },
        });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    expect(await open(`http://localhost:${port()}`)).toBe(101);
    expect(await open(`http://127.0.0.1:${port()}`)).toBe(101);
    expect(await open(`http://evil.example:${port()}`)).toBe(401);
    expect(await open(`http://127.0.0.1:${port() + 1}`)).toBe(401);
  });
});

describe('bound to every interface (serve --allow-remote --host 0.0.0.0)', () => {
  it('prints a URL a browser opens, and takes that page’s event socket', async () => {
    const root = mkdtempSync(join(tmpdir(), 'posescope-wildcard-'));
    const backend = testBackend(root);
    const running = await startHttpServer({
      rendererDir: fakeRenderer(root),
      port: 0,
      host: '0.0.0.0',
      backend,
    });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const port = Number(new URL(running.origin).port);
      expect((await get(port, `/?token=${running.token}`)).status).toBe(200);
      const opened = await new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, {
          headers: { Authorization: `Bearer ${running.token}`, Origin: running.origin },
        });
        ws.on('open', () => {
          ws.close();
          resolve(true);
        });
        ws.on('unexpected-response', () => resolve(false));
        ws.on('error', () => resolve(false));
      });
      expect(opened).toBe(true);
    } finally {
      await running.close();
      await backend.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('which hosts are this machine and this server', () => {
  it('parses addresses instead of matching prefixes', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.3.2.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('0:0:0:0:0:0:0:1')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('127.evil.example')).toBe(false);
    expect(isLoopback('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('::')).toBe(false);
  });

  it('reaches the page at every interface address when bound to all of them (--allow-remote)', () => {
    const hosts = reachableHosts('0.0.0.0');
    expect(hosts.has('localhost')).toBe(true);
    expect(hosts.has('127.0.0.1')).toBe(true);
    expect(originAllowed('http://127.0.0.1:9000', hosts, 9000)).toBe(true);
    expect(originAllowed('http://0.0.0.0:9000', hosts, 9000)).toBe(false);
    expect(originAllowed('https://127.0.0.1:9000', hosts, 9000)).toBe(false);
    const one = reachableHosts('10.1.2.3');
    expect(hostAllowed('10.1.2.3:9000', one, 9000)).toBe(true);
    expect(hostAllowed('10.1.2.4:9000', one, 9000)).toBe(false);
    expect(hostAllowed('[::1]:9000', one, 9000)).toBe(true);
    expect(hostAllowed(undefined, one, 9000)).toBe(false);
  });
});
