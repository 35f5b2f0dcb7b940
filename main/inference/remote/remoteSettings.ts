import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A header name as HTTP allows it (RFC 9110 token). */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not an HTTP header name');

/**
 * A header value as HTTP allows it (RFC 9110 field-value: no CR, LF or NUL). Checked here
 * because the HTTP client's own refusal quotes the value, and the value may be a secret.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const headerValue = z.string().regex(HEADER_VALUE, 'holds characters a header cannot carry');

/**
 * A server's entry in the settings file's `remote.servers`: its credentials and transport,
 * which never go on a command line or into a stored run.
 */
export const remoteServerSettings = z
  .object({
    /** The server (or a path prefix on it) the entry applies to. */
    url: z.url({ protocol: /^https?$/ }),
    /** Sent as `Authorization: Bearer <token>`. */
    token: headerValue.min(1).optional(),
    /** Other headers a gateway wants (an API key); never logged. */
    headers: z.record(headerName, headerValue).optional(),
    /** A PEM file of the certificate authority that signed the server's certificate. */
    ca: z.string().min(1).optional(),
  })
  .strict();

export const remoteSettings = z.object({ servers: z.array(remoteServerSettings).default([]) });

export type RemoteServerSettings = z.infer<typeof remoteServerSettings>;
export type RemoteSettings = z.infer<typeof remoteSettings>;

/** The environment variable whose value is sent as `Authorization: Bearer <value>`. */
export const TOKEN_VARIABLE = 'POSESCOPE_REMOTE_TOKEN';

/**
 * The `remote` section of a settings file; none when the file does not exist. A section that
 * does not validate is an error naming the file and the field, with no value quoted (a value
 * may be a token).
 */
export function readRemoteSettings(file: string): RemoteSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { servers: [] };
    throw new Error(`${file}: cannot read the settings (${(err as Error).message})`, {
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not JSON`);
  }
  const section = (json as { remote?: unknown } | null)?.remote;
  const r = remoteSettings.safeParse(section ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${file}: remote.${issue?.path.join('.')}: ${issue?.message}`);
  }
  return r.data;
}

/** How to reach one server: headers to send and the CA file its certificate needs. */
export interface RemoteAccess {
  readonly headers: Readonly<Record<string, string>>;
  readonly caFile?: string;
}

/** Whether a settings entry covers a server: same origin, and its path a prefix of the URL's. */
function covers(entry: string, server: string): boolean {
  const [e, s] = [new URL(entry), new URL(server)];
  const dir = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  return e.origin === s.origin && dir(s.pathname).startsWith(dir(e.pathname));
}

/** The token in POSESCOPE_REMOTE_TOKEN, refused (without quoting it) if no header can carry it. */
function envToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env[TOKEN_VARIABLE]?.trim();
  if (token && !HEADER_VALUE.test(token))
    throw new Error(`${TOKEN_VARIABLE} holds characters a header cannot carry`);
  return token || undefined;
}

/**
 * The credentials for a server: the most specific settings entry that covers its URL, and the
 * token in POSESCOPE_REMOTE_TOKEN, which wins for this invocation when set. `envAnywhere`
 * false (the app, whose servers a page names): the environment's token goes only to servers
 * the settings file lists, never to a URL typed in.
 */
export function accessFor(
  server: string,
  settings: RemoteSettings,
  env: NodeJS.ProcessEnv = process.env,
  envAnywhere = true,
): RemoteAccess {
  const entry = settings.servers
    .filter((s) => covers(s.url, server))
    .sort((a, b) => new URL(b.url).pathname.length - new URL(a.url).pathname.length)[0];
  const token = ((envAnywhere || entry) && envToken(env)) || entry?.token;
  return {
    headers: {
      ...entry?.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(entry?.ca ? { caFile: entry.ca } : {}),
  };
}
