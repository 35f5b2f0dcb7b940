import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'posescope_token';

export const newSessionToken = (): string => randomBytes(24).toString('base64url');

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

/**
 * Where a request's session token came from, if it matches: the URL (`?token=`, the link the
 * server printed), a bearer header (scripts), or the cookie the first page load set.
 */
export function tokenSource(
  req: IncomingMessage,
  url: URL,
  token: string,
): 'query' | 'header' | 'cookie' | undefined {
  const q = url.searchParams.get('token');
  if (q !== null && same(q, token)) return 'query';
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && same(auth.slice(7), token)) return 'header';
  const c = cookieToken(req);
  if (c !== undefined && same(c, token)) return 'cookie';
  return undefined;
}

/** HttpOnly so page scripts never see it; Strict so no other site's page can send it. */
export const tokenCookie = (token: string): string =>
  `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
