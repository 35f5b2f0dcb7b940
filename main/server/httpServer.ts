import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import { CONTENT_SECURITY_POLICY } from '../security/csp';

export interface ServeOptions {
  /** Folder holding the built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

/** Serves the built renderer for browser mode, with the same CSP as the Electron window. */
export async function startHttpServer(opts: ServeOptions): Promise<RunningServer> {
  if (!existsSync(join(opts.rendererDir, 'index.html'))) {
    throw new Error(
      `no built renderer at ${opts.rendererDir} (index.html missing): run "npm run build" first`,
    );
  }
  const assets = sirv(opts.rendererDir, { etag: true, single: true, dev: false });
  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
