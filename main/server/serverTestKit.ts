import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { inlineBackend, type ServiceBackend } from '../services/backend';
import { startHttpServer, type RunningServer } from './httpServer';

/** A stand-in built renderer (one index.html) under `root`, for server tests; its folder. */
export function fakeRenderer(root: string): string {
  const web = join(root, 'renderer');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>PoseScope</title>');
  return web;
}

/** The real services, in-process, with their settings and indexes under `root`. */
export const testBackend = (root: string): ServiceBackend =>
  inlineBackend({
    version: '1',
    appRoot: process.cwd(),
    shell: 'browser',
    userDir: join(root, 'user'),
    indexDir: join(root, 'idx'),
    log: () => undefined,
  });

/** A server on loopback over the real services, for one describe block: started and stopped. */
export function testServer(prefix: string): {
  readonly root: string;
  running: RunningServer;
  backend: ServiceBackend;
  port: number;
} {
  const s = { root: mkdtempSync(join(tmpdir(), prefix)) } as ReturnType<typeof testServer>;
  beforeAll(async () => {
    s.backend = testBackend(s.root);
    s.running = await startHttpServer({
      rendererDir: fakeRenderer(s.root),
      port: 0,
      host: '127.0.0.1',
      backend: s.backend,
    });
    s.port = Number(new URL(s.running.origin).port);
  });
  afterAll(async () => {
    await s.running.close();
    await s.backend.close();
    rmSync(s.root, { recursive: true, force: true });
  });
  return s;
}
