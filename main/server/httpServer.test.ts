import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { isLoopback, startHttpServer, type RunningServer } from './httpServer';

/** Raw GET so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(
  url: string,
  path: string,
): Promise<{ status: number; body: string; csp?: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          csp: res.headers['content-security-policy'] as string,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode HTTP server', () => {
  const root = mkdtempSync(join(tmpdir(), 'posescope-serve-'));
  const web = join(root, 'renderer');
  let running: RunningServer;

  beforeAll(async () => {
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>PoseScope</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    running = await startHttpServer({ rendererDir: web, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('binds to loopback on a free port and serves the UI with the CSP header', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await rawGet(running.url, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>PoseScope</title>');
    expect(res.csp).toBe(CONTENT_SECURITY_POLICY);
    expect((await rawGet(running.url, '/assets/app.js')).body).toBe('console.log(1)');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt'])(
    'never serves files outside the renderer folder: %s',
    async (path) => {
      const res = await rawGet(running.url, path);
      expect(res.body).not.toContain('do not serve');
    },
  );

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
