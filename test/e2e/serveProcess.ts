import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

export interface ServeProcess {
  readonly url: string;
  readonly origin: string;
  readonly userData: string;
  /** What the server printed to stderr (warnings, slow calls). */
  readonly stderr: () => string;
  /** One contract call over HTTP with the session token, unwrapped (throws its error). */
  call<T>(name: string, args?: unknown): Promise<T>;
  /** SIGKILL, as a crash or a power cut: nothing gets to clean up. The settings folder stays. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The built `posescope serve` on port 0 with a fresh temporary settings and index folder, as a
 * user starts it; resolves once it prints its URL.
 */
export async function startServe(
  folder?: string,
  opts: { userData?: string } = {},
): Promise<ServeProcess> {
  const userData = opts.userData ?? mkdtempSync(join(tmpdir(), 'posescope-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'posescope.mjs'),
      'serve',
      ...(folder ? [folder] : []),
      '--port',
      '0',
      '--user-data',
      userData,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`posescope serve printed no URL in 30 s: ${out}${err}`)),
      30_000,
    );
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`posescope serve exited with ${code}: ${out}${err}`)),
    );
  });
  const token = new URL(url).searchParams.get('token') ?? '';
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url,
    origin: new URL(url).origin,
    userData,
    stderr: () => err,
    async call<T>(name: string, args: unknown = {}) {
      const res = await fetch(new URL(`api/call/${name}`, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      });
      const r = (await res.json()) as { ok: true; value: T } | { ok: false; error: string };
      if (!r.ok) throw new Error(r.error);
      return r.value;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/**
 * Console output the page may print and why it is harmless: three r18x deprecates the Clock that
 * @react-three/fiber 9 still creates, and SwiftShader reports a stall whenever a test reads pixels.
 */
const KNOWN_NOISE = [
  /^warning: THREE\.Clock: This module has been deprecated/,
  /GL Driver Message .*GPU stall due to ReadPixels/,
];

/** Collects every console error or warning and uncaught exception of a page (CSP violations too). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    const line = `${m.type()}: ${m.text()}`;
    if (
      (m.type() === 'error' || m.type() === 'warning') &&
      !KNOWN_NOISE.some((re) => re.test(line))
    )
      problems.push(line);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** A 1440×900 Chromium page on `url`, with its console watched from the first line. */
export async function openPage(
  launch: () => Promise<Browser>,
  url: string,
): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  mkdirSync(screenshotDir, { recursive: true });
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchConsole(page);
  await page.goto(url);
  return { browser, page, problems };
}
