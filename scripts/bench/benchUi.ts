// npm run bench:ui [-- --frames N --switches N --speed PX_PER_S --seconds S --play-seconds S
// --profile DIR --software-compositing]: the app's speed in a browser on a large dataset,
// printing JSON.
// It writes a MuPoTS-layout dataset (default 100,000 frames, kept under
// $TMPDIR/posescope-bench-ui for reruns), starts the built `posescope serve` with a fresh settings and index folder, and drives
// Debian Chromium (SwiftShader GL for everything) through it as a user would: open the folder by typed path
// (cold: it is indexed), import a prediction file, scroll the frame grid, step through frames in
// the inspector with →, play two long takes on the timeline (one at 25 fps, one at 50), then
// reload the page and open the folder again (warm: already indexed). Before all that, the
// sample's TS1 (30 frames at 6.67 fps) is played too: the rate a take of the sample holds.
// Times are taken inside the page with performance.now(), from the real key press or submit to
// the result drawn. The server is started on the bundled sample, which a fresh settings folder
// opens first anyway, so each page load lands on the sample and both opens start from the same
// state. --profile saves a CPU profile and a trace per phase and logs where the time went;
// --software-compositing runs that first browser as Chromium runs without a GPU, like the
// second (chromiumFlags in ui/session.ts).
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { benchFile, DATASET_NAME, ensureBenchDataset, SEQUENCES, sequenceFps } from './ui/dataset';
import {
  armOpen,
  armPlayback,
  armSwitch,
  collect,
  idleFps,
  scrollGrid,
  type OpenResult,
  type PlaybackResult,
  type ScrollResult,
  type SwitchResult,
} from './ui/inPage';
import {
  CHROMIUM,
  chromiumFlags,
  openBrowser,
  phase,
  startServer,
  type BrowserPage,
} from './ui/session';

const { values: opts } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    switches: { type: 'string', default: '60' },
    speed: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '5' },
    'play-seconds': { type: 'string', default: '10' },
    work: { type: 'string', default: join(tmpdir(), 'posescope-bench-ui') },
    profile: { type: 'string' },
    'software-compositing': { type: 'boolean', default: false },
  },
});
const frames = Number(opts.frames);
const work = resolve(opts.work, `mupots-${frames}`);
const sample = resolve('assets/sample');
const profileDir = opts.profile ? resolve(opts.profile) : undefined;
const log = (m: string) => process.stderr.write(`bench:ui: ${m}\n`);
const round = (v: number, d = 0) => Number(v.toFixed(d));
const load = () => loadavg().map((v) => round(v, 2));

if (!existsSync(CHROMIUM)) throw new Error(`bench:ui needs Chromium at ${CHROMIUM}`);
if (!existsSync('dist/cli.mjs'))
  throw new Error('run "npm run build" first (npm run bench:ui does)');
if (profileDir) mkdirSync(profileDir, { recursive: true });

const { dataset, predictions, data } = ensureBenchDataset(sample, work, frames, log);

const loadBefore = load();
const server = await startServer('assets/sample');
const flags = chromiumFlags(opts['software-compositing']);
const session = await openBrowser(server.url, flags);
const { browser, page, cdp } = session;
const pause = (ms: number) => page.waitForTimeout(ms);
const perSequence = Math.ceil(frames / SEQUENCES);

/** The server's "slow call" lines (over 250 ms), as "name: count × max ms". */
function slowCalls(lines: string[]): string[] {
  const calls = new Map<string, number[]>();
  for (const l of lines) {
    const m = /slow call: (\w+) took (\d+) ms/.exec(l);
    if (m) calls.set(m[1]!, [...(calls.get(m[1]!) ?? []), Number(m[2])]);
  }
  return [...calls].map(([name, ms]) => `${name}: ${ms.length} × up to ${Math.max(...ms)} ms`);
}

/** Waits for the grid of the dataset `name` with at least one thumbnail decoded. */
async function gridOf(p: Page, name: string): Promise<void> {
  try {
    await p.waitForFunction(
      (n) =>
        document.querySelector('.dataset-name')?.textContent === n &&
        [...document.querySelectorAll<HTMLImageElement>('.frame-card img')].some(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      name,
      { timeout: 120_000 },
    );
  } catch (err) {
    const shot = join(work, 'failed.png');
    await p.screenshot({ path: shot });
    const text = await p.evaluate(() => document.body.innerText.slice(0, 400));
    log(`no grid of ${name}; page (screenshot ${shot}):\n${text}\n${server.drainLog().join('\n')}`);
    throw err;
  }
}

/**
 * Finds `file` in the grid (Find), opens it in the inspector and plays its take from there for
 * --play-seconds (less where the take ends sooner), watching what the inspector paints
 * (`armPlayback`) in the browser `on`; then pauses and goes back to the unfiltered grid.
 */
async function playFrom(on: BrowserPage, file: string, name: string) {
  const { page } = on;
  await page.getByLabel('Find image').fill(file);
  await page.locator('.frame-card', { hasText: file }).click();
  await page.waitForFunction(
    (f) => {
      const img = document.querySelector<HTMLImageElement>('.frame-image img');
      const at = document.querySelector('[aria-label="Take position"]')?.textContent ?? '';
      return img?.alt.endsWith(f) && img.complete && img.naturalWidth > 0 && /\(#\d+\)/.test(at);
    },
    file,
    { timeout: 60_000 },
  );
  // As a user who opened the frame would: what the inspector prefetches meanwhile is in.
  await page.waitForTimeout(1500);
  const at = (await page.getByLabel('Take position').textContent()) ?? '';
  const [, n, of] = /^frame (\d+) \/ (\d+)/.exec(at) ?? [];
  const fps = Number(/· ([\d.]+) fps/.exec(at)?.[1]);
  if (!n || !of || !fps) throw new Error(`no take position for ${file}: "${at}"`);
  const seconds = Math.min(Number(opts['play-seconds']), (Number(of) - Number(n) - 1) / fps);
  // Space goes to the page, not to the card clicked or the Find box typed into.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const played = await phase(
    on,
    name,
    async () => {
      await page.evaluate(armPlayback, { seconds });
      await page.keyboard.press(' ');
      return (await page.evaluate(collect)) as PlaybackResult;
    },
    profileDir,
  );
  if ((await page.getByRole('button', { name: 'Pause' }).count()) > 0)
    await page.keyboard.press(' ');
  await page.keyboard.press('Escape');
  await page.getByLabel('Find image').fill('');
  return played;
}

type Played = Awaited<ReturnType<typeof playFrom>>;

/** A played take's figures: images painted a second against the take's rate. */
function playbackFigures(take: string, compositing: string, p: Played) {
  const r = p.result;
  const fps = r.framesShown / r.seconds;
  return {
    take,
    compositing,
    nominal_fps: r.nominalFps,
    playback_fps: round(fps, 2),
    ratio: round(fps / r.nominalFps, 3),
    frames_shown: r.framesShown,
    frames_skipped: r.framesSkipped,
    playhead_fps: round(r.playheadFrames / r.seconds, 2),
    lag_frames_at_end: r.lagFrames,
    page_fps: round(r.paints / r.seconds, 1),
    longest_hold_ms: round(r.longestHoldMs),
    went_backwards: r.backwards,
    seconds: round(r.seconds, 2),
    from_frame: r.startFrame,
    page_main_thread_ms: p.mainThread,
    requests: p.calls,
  };
}

/**
 * Opens the first card the grid shows `scrolled` px down in the inspector and steps through
 * --switches frames with →, timing each from the key press to the new frame drawn (its image
 * and its 3D view).
 */
async function stepFrames(on: BrowserPage, name: string, scrolled = 0) {
  const { page } = on;
  if (scrolled > 0) {
    await page.evaluate((y) => document.querySelector('.grid-scroll')!.scrollTo(0, y), scrolled);
    await page.waitForTimeout(1500);
  }
  await page.locator('.frame-card').first().click();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.frame-image img');
    return img?.complete && img.naturalWidth > 0 && document.querySelector('.frame-3d-cell canvas');
  });
  await page.waitForTimeout(1500);
  const switches = await phase(
    on,
    name,
    async () => {
      const out: SwitchResult[] = [];
      for (let i = 0; i < Number(opts.switches); i++) {
        await page.evaluate(armSwitch);
        await page.keyboard.press('ArrowRight');
        out.push((await page.evaluate(collect)) as SwitchResult);
        // A person reading the frame before the next press: let late work (panels) finish.
        await page.waitForTimeout(250);
      }
      return out;
    },
    profileDir,
  );
  const files = new Set(switches.result.map((s) => s.file));
  if (files.size !== switches.result.length) throw new Error('a key press did not change frame');
  return switches;
}

/** p50, p95 and the worst of the switches' times to drawn, and to the new frame in the DOM. */
function switchFigures(results: readonly SwitchResult[]) {
  const ms = results.map((s) => s.ms).sort((a, b) => a - b);
  const dom = results.map((s) => s.domMs).sort((a, b) => a - b);
  const pct = (v: number[], p: number) => v[Math.min(v.length - 1, Math.floor(v.length * p))]!;
  return {
    p50: round(pct(ms, 0.5)),
    p95: round(pct(ms, 0.95)),
    max: round(ms[ms.length - 1]!),
    domP50: round(pct(dom, 0.5)),
    domP95: round(pct(dom, 0.95)),
  };
}

/** Types the bench folder into "Open dataset…" and times the submit to its thumbnails. */
async function openByPath(): Promise<OpenResult> {
  await page.getByRole('button', { name: 'Open dataset…' }).click();
  await page.getByLabel('Dataset folder').fill(dataset);
  await page.evaluate(armOpen, { name: DATASET_NAME, ranked: false });
  await page.getByLabel('Dataset folder').press('Enter');
  return (await page.evaluate(collect)) as OpenResult;
}

try {
  log("playing the sample's TS1");
  await gridOf(page, 'sample');
  await pause(1000);
  const samplePlay = await playFrom(session, 'TS1/img_000000.jpg', 'playback-sample');
  server.drainLog();
  await pause(1000);

  log('cold open (indexing the folder)');
  const cold = await phase(session, 'cold-open', openByPath, profileDir);
  const coldLog = server.drainLog();
  await pause(1000);

  log('importing the predictions');
  const imported = await phase(
    session,
    'import',
    async () => {
      await page.getByRole('button', { name: 'Import predictions…' }).click();
      await page.getByLabel('Prediction file').fill(predictions);
      await page.evaluate(armOpen, { name: DATASET_NAME, ranked: true });
      await page.getByLabel('Prediction file').press('Enter');
      return (await page.evaluate(collect)) as OpenResult;
    },
    profileDir,
  );
  const importLog = server.drainLog();
  await pause(2000);

  log('scrolling the grid');
  const idle = await page.evaluate(idleFps, 2);
  const scroll = await phase(
    session,
    'scroll',
    () =>
      page.evaluate(scrollGrid, {
        speed: Number(opts.speed),
        seconds: Number(opts.seconds),
      }) as Promise<ScrollResult>,
    profileDir,
  );
  const scrollLog = server.drainLog();
  // The same rows again: their thumbnails are made and cached now, so this is the grid alone.
  await page.evaluate(() => document.querySelector('.grid-scroll')!.scrollTo(0, 0));
  await pause(1500);
  const rescroll = (await page.evaluate(scrollGrid, {
    speed: Number(opts.speed),
    seconds: Number(opts.seconds),
  })) as ScrollResult;
  await page.evaluate(() => document.querySelector('.grid-scroll')!.scrollTo(0, 0));
  await pause(1500);

  log(`stepping through ${opts.switches} frames`);
  const switches = await stepFrames(session, 'frame-switch');
  const switchLog = server.drainLog();

  // A long take at each rate the bench dataset states, from a fifth of the way in (frame 1,000
  // of 5,000 at the default size), so the frames ahead were never fetched before.
  const plays: { take: string; played: Played }[] = [];
  const playLogs: string[] = [];
  for (const seq of [1, SEQUENCES / 2 + 1]) {
    log(`playing TS${seq} (${sequenceFps(seq)} fps)`);
    await page.keyboard.press('Escape');
    await pause(1000);
    const file = benchFile(seq, Math.floor(perSequence / 5));
    const played = await playFrom(session, file, `playback-${sequenceFps(seq)}fps`);
    plays.push({ take: `TS${seq} of ${DATASET_NAME}`, played });
    playLogs.push(...server.drainLog());
  }

  log('warm open (page reloaded, folder already indexed)');
  await cdp.send('Network.clearBrowserCache');
  await page.reload();
  await gridOf(page, 'sample');
  await pause(1000);
  const warm = await phase(session, 'warm-open', openByPath, profileDir);
  const warmLog = server.drainLog();

  // The same grid and inspector in a second browser run as Chromium (and Electron) runs on a
  // machine without a GPU: the page rasterised and composited in software, WebGL on SwiftShader
  // (chromiumFlags says how that was checked). Its frame switches go further down the grid, to frames the first browser never showed.
  // The same takes are played there too (the long ones from another frame, two fifths in),
  // which tells what bounds playback: painting, or the frames' data arriving in time.
  log('scrolling, switching frames and playing again with software compositing');
  const soft = await openBrowser(server.url, chromiumFlags(true));
  let softScroll: ScrollResult;
  let softRescroll: ScrollResult;
  let softSwitches: Awaited<ReturnType<typeof stepFrames>>;
  const softPlays: { take: string; played: Played }[] = [];
  try {
    await gridOf(soft.page, 'sample');
    await soft.page.waitForTimeout(1000);
    softPlays.push({
      take: 'TS1 of the sample',
      played: await playFrom(soft, 'TS1/img_000000.jpg', 'playback-sample-software'),
    });
    await soft.page.waitForTimeout(1000);
    await soft.page.getByRole('button', { name: 'Open dataset…' }).click();
    await soft.page.getByLabel('Dataset folder').fill(dataset);
    await soft.page.getByLabel('Dataset folder').press('Enter');
    await gridOf(soft.page, DATASET_NAME);
    await soft.page.waitForTimeout(1500);
    const args = { speed: Number(opts.speed), seconds: Number(opts.seconds) };
    softScroll = (await soft.page.evaluate(scrollGrid, args)) as ScrollResult;
    await soft.page.evaluate(() => document.querySelector('.grid-scroll')!.scrollTo(0, 0));
    await soft.page.waitForTimeout(1500);
    softRescroll = (await soft.page.evaluate(scrollGrid, args)) as ScrollResult;
    // Frames the first browser never showed (further down the grid), so neither its cache nor
    // the server's warm pages decide the figures.
    log(`stepping through ${opts.switches} frames with software compositing`);
    softSwitches = await stepFrames(soft, 'frame-switch-software', 40_000);
    await soft.page.keyboard.press('Escape');
    for (const seq of [1, SEQUENCES / 2 + 1]) {
      await soft.page.waitForTimeout(1000);
      const file = benchFile(seq, Math.floor((2 * perSequence) / 5));
      const name = `playback-${sequenceFps(seq)}fps-software`;
      softPlays.push({
        take: `TS${seq} of ${DATASET_NAME}`,
        played: await playFrom(soft, file, name),
      });
    }
  } finally {
    await soft.browser.close();
  }

  const sw = switchFigures(switches.result);
  const softSw = switchFigures(softSwitches.result);
  const s = scroll.result;
  const playback = [
    ...plays.map((p) => playbackFigures(p.take, 'swiftshader', p.played)),
    playbackFigures('TS1 of the sample', 'swiftshader', samplePlay),
    ...softPlays.map((p) => playbackFigures(p.take, 'software', p.played)),
  ];
  // The headline: the 25 fps take, with the compositing every other figure above is taken with.
  const headline = playback[0]!;
  const softHeadline = playback.find(
    (p) => p.compositing === 'software' && p.take === headline.take,
  )!;

  const result = {
    frames: data.frames,
    people: data.people,
    frame_switch_p50_ms: sw.p50,
    frame_switch_p95_ms: sw.p95,
    frame_switch_max_ms: sw.max,
    frame_switch_dom_p50_ms: sw.domP50,
    frame_switch_dom_p95_ms: sw.domP95,
    frame_switches: switches.result.length,
    frame_switches_without_3d_draw: switches.result.filter((r) => !r.drew3d).length,
    frame_switch_p50_ms_software_compositing: softSw.p50,
    frame_switch_p95_ms_software_compositing: softSw.p95,
    frame_switch_max_ms_software_compositing: softSw.max,
    frame_switch_dom_p95_ms_software_compositing: softSw.domP95,
    frame_switches_without_3d_draw_software_compositing: softSwitches.result.filter(
      (r) => !r.drew3d,
    ).length,
    grid_scroll_fps: round(s.fps, 1),
    grid_rescroll_fps: round(rescroll.fps, 1),
    grid_rescroll_worst_frame_ms: round(rescroll.worstFrameMs, 1),
    grid_idle_fps: round(idle, 1),
    grid_scroll_fps_software_compositing: round(softScroll.fps, 1),
    grid_rescroll_fps_software_compositing: round(softRescroll.fps, 1),
    grid_scroll_worst_frame_ms: round(s.worstFrameMs, 1),
    grid_scroll_p95_frame_ms: round(s.p95FrameMs, 1),
    grid_scroll_long_frames: s.longFrames,
    grid_scroll_main_thread_ms_per_frame: round(scroll.mainThread.task / Math.max(1, s.frames), 1),
    grid_scroll_frames: s.frames,
    grid_scroll_px: round(s.px),
    grid_scroll_frames_with_placeholder_rows: s.framesWithPlaceholders,
    grid_scroll_placeholder_row_frames: s.placeholderRowFrames,
    grid_scroll_frames_with_blank_thumbnails: s.framesWithBlankThumbs,
    cold_open_ms: round(cold.result.screenMs),
    cold_open_first_thumb_ms: round(cold.result.firstThumbMs),
    warm_open_ms: round(warm.result.screenMs),
    warm_open_first_thumb_ms: round(warm.result.firstThumbMs),
    thumbnails_in_view: cold.result.thumbsInView,
    import_ms: round(imported.result.screenMs),
    playback_fps: headline.playback_fps,
    playback_nominal_fps: headline.nominal_fps,
    playback_ratio: headline.ratio,
    playback_frames_skipped: headline.frames_skipped,
    playback_frames_shown: headline.frames_shown,
    playback_fps_software_compositing: softHeadline.playback_fps,
    playback_takes: playback,
    page_main_thread_ms: {
      cold_open: cold.mainThread,
      import: imported.mainThread,
      scroll: scroll.mainThread,
      frame_switches: switches.mainThread,
      frame_switches_software_compositing: softSwitches.mainThread,
      warm_open: warm.mainThread,
    },
    requests: {
      cold_open: cold.calls,
      import: imported.calls,
      scroll: scroll.calls,
      frame_switches: switches.calls,
      warm_open: warm.calls,
    },
    server_slow_calls: {
      cold_open: slowCalls(coldLog),
      import: slowCalls(importLog),
      scroll: slowCalls(scrollLog),
      frame_switches: slowCalls(switchLog),
      playback: slowCalls(playLogs),
      warm_open: slowCalls(warmLog),
    },
    annotation_mb: round(data.annotationMb),
    prediction_mb: round(data.predictionMb),
    chromium_version: browser.version(),
    chromium_flags: flags.filter((f) => !/network|component|first-run/.test(f)).join(' '),
    cpu_count: availableParallelism(),
    cpu_model: cpus()[0]?.model ?? 'unknown',
    load_average_before: loadBefore,
    load_average_after: load(),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
  await server.stop();
}
