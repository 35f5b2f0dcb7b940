// The browser side of the UI benchmark: the built `posescope serve` with a fresh settings and
// index folder, Debian Chromium on it, and the page-level figures Chromium keeps (how long the
// page's main thread spent in script, layout and style), read per phase over CDP.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { drainCalls, INIT_SCRIPT, type CallTimes } from './inPage';

export const CHROMIUM = process.env.POSESCOPE_CHROMIUM ?? '/usr/bin/chromium';

export interface Server {
  readonly url: string;
  /** Lines the server printed to stderr since the last call (slow calls, warnings). */
  drainLog(): string[];
  stop(): Promise<void>;
}

/**
 * A private copy of the built app (dist/ and package.json; node_modules, models and assets
 * linked), so that a rebuild while the benchmark runs cannot change what is served.
 */
function snapshotApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'posescope-bench-ui-app-'));
  cpSync('dist', join(root, 'dist'), { recursive: true });
  copyFileSync('package.json', join(root, 'package.json'));
  for (const d of ['node_modules', 'models', 'assets']) symlinkSync(resolve(d), join(root, d));
  return root;
}

/**
 * `posescope serve <app>/<folder> --port 0 --user-data <fresh folder>` of a snapshot of the
 * built app, once it prints its URL; a relative `folder` is in the app (e.g. assets/sample).
 */
export async function startServer(folder: string): Promise<Server> {
  const app = snapshotApp();
  const userData = mkdtempSync(join(tmpdir(), 'posescope-bench-ui-user-'));
  const child = spawn(
    process.execPath,
    [
      join(app, 'dist/cli.mjs'),
      'serve',
      isAbsolute(folder) ? folder : join(app, folder),
      '--port',
      '0',
      '--user-data',
      userData,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`posescope serve exited with ${code}: ${err}`)));
  });
  return {
    url,
    drainLog() {
      const lines = err.split('\n').filter(Boolean);
      err = '';
      return lines;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(userData, { recursive: true, force: true });
      rmSync(app, { recursive: true, force: true });
    },
  };
}

export interface BrowserPage {
  readonly browser: Browser;
  readonly page: Page;
  readonly cdp: CDPSession;
}

/**
 * The flags Chromium runs with, and nothing that reaches the network. By default the GPU
 * process runs SwiftShader's GL for everything: WebGL, rasterising and compositing (what
 * headless test setups get). `noGpu`: as Chromium runs on a machine without a GPU, where
 * chrome://gpu reads "Canvas, Compositing, Rasterization: Software only" and "WebGL: Software
 * only" — the page rasterised and composited in software, SwiftShader for WebGL alone (opted
 * into with --enable-unsafe-swiftshader since Chromium 139, as the desktop app does). These
 * flags give exactly that report; --disable-gpu with --use-angle=swiftshader would still
 * rasterise on SwiftShader's GL.
 */
export const chromiumFlags = (noGpu: boolean) => [
  '--no-sandbox',
  ...(noGpu ? ['--disable-gpu'] : ['--use-angle=swiftshader']),
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** A 1440×900 page of headless Chromium on `url`. */
export async function openBrowser(url: string, flags: string[]): Promise<BrowserPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: flags });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => process.stderr.write(`bench:ui: page error: ${e.message}\n`));
  await page.addInitScript(INIT_SCRIPT);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  return { browser, page, cdp };
}

const METRICS = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  layout: 'LayoutDuration',
  style: 'RecalcStyleDuration',
} as const;
export type Breakdown = Record<keyof typeof METRICS, number>;

async function metrics(cdp: CDPSession): Promise<Breakdown> {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  const get = (n: string) => m.find((x) => x.name === n)?.value ?? 0;
  return {
    task: get(METRICS.task),
    script: get(METRICS.script),
    layout: get(METRICS.layout),
    style: get(METRICS.style),
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile, as "ms name (file:line:col)". */
function hotspots(p: Profile, n: number): string[] {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.split('/').pop() || '(native)';
    const key = `${f.functionName || '(anonymous)'} (${file}:${f.lineNumber + 1}:${f.columnNumber + 1})`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms ${k}`);
}

/** Milliseconds each thread of the browser spent running tasks, from a trace, busiest first. */
function threadBusy(traceFile: string): string[] {
  interface TraceEvent {
    ph: string;
    name: string;
    pid: number;
    tid: number;
    dur?: number;
    args?: { name?: string };
  }
  const { traceEvents } = JSON.parse(readFileSync(traceFile, 'utf8')) as {
    traceEvents: TraceEvent[];
  };
  const names = new Map<string, string>();
  const busy = new Map<string, number>();
  for (const e of traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args!.name!);
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !/^(ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(e.name))
      continue;
    const thread = names.get(`${e.pid}:${e.tid}`) ?? 'other';
    busy.set(thread, (busy.get(thread) ?? 0) + (e.dur ?? 0) / 1000);
  }
  return [...busy]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([t, ms]) => `${ms.toFixed(0).padStart(6)} ms ${t}`);
}

/**
 * Runs `fn` and returns its result with the page main thread's time split (ms) over it and
 * the API and media requests made meanwhile. With `profileDir`, it also samples the page's
 * JavaScript and records a Chromium trace, saves `<name>.cpuprofile` and `<name>.trace.json`
 * there (both open in DevTools' Performance panel) and logs the hottest functions and each
 * browser thread's busy time (the GPU process and raster threads are where SwiftShader works).
 */
export async function phase<T>(
  { browser, page, cdp }: BrowserPage,
  name: string,
  fn: () => Promise<T>,
  profileDir?: string,
): Promise<{ result: T; mainThread: Breakdown; calls: CallTimes }> {
  await page.evaluate(drainCalls);
  if (profileDir) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await browser.startTracing(page, {
      path: join(profileDir, `${name}.trace.json`),
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
  }
  const before = await metrics(cdp);
  const result = await fn();
  const after = await metrics(cdp);
  const calls = await page.evaluate(drainCalls);
  if (profileDir) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
    await browser.stopTracing();
    const lines = hotspots(profile, 15).join('\n  ');
    process.stderr.write(`bench:ui: ${name}: hottest page functions (self time)\n  ${lines}\n`);
    const threads = threadBusy(join(profileDir, `${name}.trace.json`)).join('\n  ');
    process.stderr.write(`bench:ui: ${name}: busy time per browser thread\n  ${threads}\n`);
  }
  const d = (k: keyof Breakdown) => Math.round((after[k] - before[k]) * 1000);
  return {
    result,
    mainThread: { task: d('task'), script: d('script'), layout: d('layout'), style: d('style') },
    calls,
  };
}
