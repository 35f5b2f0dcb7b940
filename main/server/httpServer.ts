import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { ServiceBackend } from '../services/backend';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { newSessionToken, tokenCookie, tokenSource } from './auth';
import { handleApiCall } from './apiRoute';

export interface ServeOptions {
  /** Folder holding the built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** The services behind /api and /media; without one only the UI's files are served. */
  readonly backend?: ServiceBackend;
  /** Fixed token (tests); a random one otherwise. */
  readonly token?: string;
}

export interface RunningServer {
  /** The address to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

const UNAUTHORISED =
  'PoseScope: this server needs the session token it printed when it started; open the full URL it printed.\n';

function secure(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/**
 * Browser mode: the built renderer, the contract at POST /api/call/<name>, events over a
 * WebSocket at /api/events and images at /media/…, every request checked against a random
 * session token so other users of the machine cannot read the data.
 */
export async function startHttpServer(opts: ServeOptions): Promise<RunningServer> {
  if (!existsSync(join(opts.rendererDir, 'index.html'))) {
    throw new Error(
      `no built renderer at ${opts.rendererDir} (index.html missing): run "npm run build" first`,
    );
  }
  const token = opts.token ?? newSessionToken();
  const assets = sirv(opts.rendererDir, { etag: true, single: true, dev: false });
  const backend = opts.backend;
  let origin = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    secure(res);
    const url = new URL(req.url ?? '/', origin);
    const source = tokenSource(req, url, token);
    if (!source) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(UNAUTHORISED);
      return;
    }
    if (source === 'query') res.setHeader('Set-Cookie', tokenCookie(token));
    if (url.pathname.startsWith('/api/')) {
      if (!backend) return void res.writeHead(404).end('no services');
      void handleApiCall(req, res, url, backend);
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      if (!backend) return void res.writeHead(404).end('no services');
      void backend.media(url.pathname + url.search).then((m) => {
        res.writeHead(m.status, {
          'Content-Type': m.type,
          'Cache-Control': m.status === 200 ? 'private, max-age=300' : 'no-store',
        });
        res.end(m.body);
      });
      return;
    }
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    // A page on another origin could open a socket with the user's cookie: check the origin too.
    const ok =
      backend !== undefined &&
      url.pathname === '/api/events' &&
      tokenSource(req, url, token) !== undefined &&
      (req.headers.origin === undefined || req.headers.origin === origin);
    if (!ok) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const off = backend.onEvent((event, payload) => ws.send(JSON.stringify({ event, payload })));
      ws.on('close', off);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  origin = `http://${hostForUrl}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    server,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
