import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/**
 * Whether a host is this machine's loopback: `localhost`, an IPv4 address in 127.0.0.0/8 or
 * `::1` — parsed as an address, never matched by prefix (`127.evil.example` is a name).
 */
export function isLoopback(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h.toLowerCase() === 'localhost') return true;
  if (isIP(h) === 4) return Number(h.split('.')[0]) === 127;
  if (isIP(h) === 6) {
    // The URL parser writes an IPv6 address in its one short form; ::ffff:7fxx:xxxx is 127/8.
    const n = new URL(`http://[${h}]`).hostname;
    return n === '[::1]' || n.startsWith('[::ffff:7f');
  }
  return false;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** Whether the server is bound to every interface (0.0.0.0 or ::), a name no browser opens. */
export const isWildcard = (host: string): boolean => WILDCARD.has(host);

/** A host as it appears in a Host header or an origin: IPv6 addresses in brackets, lower case. */
const asHostName = (h: string): string => (isIP(h) === 6 ? `[${h}]` : h).toLowerCase();

/**
 * The host names the server is really reachable at, as a browser would write them in `Host`
 * and `Origin`: the bound address and the loopback names; bound to every interface (0.0.0.0,
 * ::), each interface's address and the machine's name too.
 */
export function reachableHosts(bound: string): ReadonlySet<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (!WILDCARD.has(bound)) names.add(asHostName(bound));
  else {
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(asHostName(a.address.split('%')[0]!));
    names.add(hostname().toLowerCase());
  }
  return names;
}

/**
 * Whether a `Host` header (name and port) names this server: a page that DNS-rebinds its own
 * name to 127.0.0.1 sends its own name here, and is refused before the token is even looked at.
 */
export function hostAllowed(
  header: string | undefined,
  hosts: ReadonlySet<string>,
  port: number,
): boolean {
  if (!header) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!m) return false;
  const p = m[2] === undefined ? 80 : Number(m[2]);
  return p === port && hosts.has(m[1]!);
}

/** Whether an `Origin` header is one of this server's own origins (`http://<host>:<port>`). */
export function originAllowed(
  origin: string | undefined,
  hosts: ReadonlySet<string>,
  port: number,
): boolean {
  if (origin === undefined) return true; // not a browser page: the token alone decides
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  return u.protocol === 'http:' && hostAllowed(u.host, hosts, port);
}
