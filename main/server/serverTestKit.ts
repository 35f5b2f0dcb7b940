import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineBackend, type ServiceBackend } from '../services/backend';

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
    shell: 'browser',
    userDir: join(root, 'user'),
    indexDir: join(root, 'idx'),
    log: () => undefined,
  });
