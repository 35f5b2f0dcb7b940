import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { ServiceBackend } from '../services/backend';
import { errorMessage } from '../../contract';
import { CONTENT_SECURITY_POLICY } from '../platform/csp';
import { newSessionToken, tokenCookie, tokenSource } from './auth';
import { handleApiCall } from './apiRoute';
import { hostAllowed, isWildcard, originAllowed, reachableHosts } from './hostCheck';

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
  /** The host names it answers to (its Host check): the bound address and loopback's. */
  readonly hosts: ReadonlySet<string>;
  readonly server: Server;
  close(): Promise<void>;
}

export { isLoopback } from './hostCheck';

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

  let port = 0;
  let hosts: ReadonlySet<string> = new Set();

  /**
   * The request's URL once its Host names this server; undefined (after answering) when the
   * target does not parse or the Host is another name. No request may throw out of a handler:
   * an exception there would end the process.
   */
  const target = (req: IncomingMessage, refuse: (status: number, text: string) => void) => {
    if (!hostAllowed(req.headers.host, hosts, port)) {
      refuse(421, `PoseScope answers only as ${[...hosts].join(', ')} on port ${port}\n`);
      return undefined;
    }
    try {
      return new URL(req.url ?? '/', origin);
    } catch {
      refuse(400, 'PoseScope: the request target is not a URL\n');
      return undefined;
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    secure(res);
    const text = (status: number, body: string) => {
      res.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        // A request this malformed, or for another host, gets no second one on its connection.
        ...(status === 400 || status === 421 ? { Connection: 'close' } : {}),
      });
      res.end(body);
    };
    try {
      const url = target(req, text);
      if (!url) return;
      const source = tokenSource(req, url, token);
      if (!source) return text(401, UNAUTHORISED);
      if (source === 'query') {
        res.setHeader('Set-Cookie', tokenCookie(token));
        // The page at ?token= carries the token in its address: never keep it in a cache.
        res.setHeader('Cache-Control', 'no-store');
      }
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
    } catch (err) {
      if (!res.headersSent) text(500, `PoseScope: ${errorMessage(err)}\n`);
      else res.destroy();
    }
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why.trim()}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    const url = target(req, refuse);
    if (!url) return;
    // A page on another origin could open a socket with the user's cookie: its Origin must be
    // one this server is reachable at (the page's own).
    const ok =
      backend !== undefined &&
      url.pathname === '/api/events' &&
      tokenSource(req, url, token) !== undefined &&
      originAllowed(req.headers.origin, hosts, port);
    if (!ok) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const off = backend.onEvent((event, payload) => ws.send(JSON.stringify({ event, payload })));
      ws.on('close', off);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  hosts = reachableHosts(opts.host);
  // Bound to every interface, the page is opened by a real address: loopback on this machine.
  const shown = isWildcard(opts.host) ? '127.0.0.1' : opts.host;
  const hostForUrl = shown.includes(':') ? `[${shown}]` : shown;
  origin = `http://${hostForUrl}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    hosts,
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
