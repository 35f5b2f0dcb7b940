// Measurements that run inside the page (passed to page.evaluate, so each function is
// self-contained): times come from the page's own performance.now(), so no Playwright round
// trip lands inside a measured span. Each `arm…` installs a watcher and returns at once; the
// user action (a real key press or Enter, sent by Playwright) follows, and `collect` awaits
// the watcher's result.

/** What the page holds between calls: the pending measurement, WebGL draws and API calls. */
interface BenchWindow {
  __benchResult?: Promise<unknown>;
  __benchDraws?: { count: number; last: number };
  /** [call name, start, ms until the response's headers] of each `/api/call/…` fetch. */
  __benchCalls?: [string, number, number][];
}

/**
 * Init script: counts WebGL draw calls, so a measurement can tell that the 3D view drew after
 * the change, and times the app's API calls (resource timing keeps the media requests). Also
 * defines esbuild's `__name` helper, which tsx's transform puts into functions that are later
 * serialised into the page.
 */
export const INIT_SCRIPT = `
globalThis.__name = (f) => f;
performance.setResourceTimingBufferSize(1e6);
(() => {
  window.__benchCalls = [];
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const m = /\\/api\\/call\\/(\\w+)/.exec(String(input instanceof Request ? input.url : input));
    const t = performance.now();
    const p = fetch.call(this, input, init);
    if (m) p.then(() => window.__benchCalls.push([m[1], t, performance.now() - t]), () => {});
    return p;
  };
})();
(() => {
  const draws = (window.__benchDraws = { count: 0, last: 0 });
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const original = proto[name];
      if (typeof original !== 'function') continue;
      proto[name] = function (...args) {
        draws.count++;
        draws.last = performance.now();
        return original.apply(this, args);
      };
    }
  }
})();
`;

export interface OpenResult {
  /** From the form's submit to the first thumbnail decoded. */
  readonly firstThumbMs: number;
  /** From the submit to every thumbnail in view decoded (no placeholder in view). */
  readonly screenMs: number;
  readonly thumbsInView: number;
}

/**
 * Waits for the next submit of a form, then for the grid of the dataset named `name` (with
 * `ranked`, showing error badges: ranked by a run) with its thumbnails in view decoded.
 */
export function armOpen({ name, ranked }: { name: string; ranked: boolean }): void {
  const w = window as unknown as BenchWindow;
  w.__benchResult = new Promise<OpenResult>((resolve) => {
    let t0 = -1;
    let first = -1;
    const check = () => {
      if (t0 < 0) return;
      // Cheap tests first: layout is read only once the right grid has decoded thumbnails.
      if (document.querySelector('.dataset-name')?.textContent !== name) return;
      if (ranked && !document.querySelector('.frame-card .error-badge')) return;
      const ok = (i: HTMLImageElement | null) => i !== null && i.complete && i.naturalWidth > 0;
      if (![...document.querySelectorAll<HTMLImageElement>('.frame-card img')].some(ok)) return;
      const scroller = document.querySelector('.grid-scroll');
      if (!scroller) return;
      const view = scroller.getBoundingClientRect();
      const cards = [...document.querySelectorAll('.grid-scroll .frame-card')].filter((c) => {
        const r = c.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      });
      if (ranked && !cards.some((c) => c.querySelector('.error-badge'))) return;
      const imgs = cards.map((c) => c.querySelector('img'));
      if (first < 0 && imgs.some(ok)) first = performance.now();
      if (cards.length === 0 || !imgs.every(ok)) return;
      const now = performance.now();
      observer.disconnect();
      clearInterval(timer);
      document.removeEventListener('load', check, true);
      resolve({ firstThumbMs: first - t0, screenMs: now - t0, thumbsInView: imgs.length });
    };
    document.addEventListener('submit', () => (t0 < 0 ? (t0 = performance.now()) : 0), {
      capture: true,
      once: true,
    });
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    document.addEventListener('load', check, true);
    const timer = setInterval(check, 50);
  });
}

export interface SwitchResult {
  /**
   * From the key press to the new frame drawn: file name, image and overlay in the DOM, the
   * image decoded, the 3D view drawn since, and the next animation frame.
   */
  readonly ms: number;
  /** From the key press to the new file name, image, overlay all in the DOM. */
  readonly domMs: number;
  /** Whether a WebGL draw call was made after the new file name reached the DOM. */
  readonly drew3d: boolean;
  readonly file: string;
}

/** Waits for the next key press, then for the inspector to show a frame other than now. */
export function armSwitch(): void {
  const w = window as unknown as BenchWindow;
  const before = document.querySelector('.frame-details h2')?.textContent ?? '';
  w.__benchResult = new Promise<SwitchResult>((resolve) => {
    let t0 = -1;
    let done = false;
    let drawsAtChange = -1;
    const check = () => {
      if (t0 < 0 || done) return;
      const file = document.querySelector('.frame-details h2')?.textContent ?? '';
      if (file === before) return;
      // Seen in the mutation's microtask, before any animation frame could draw the new frame.
      if (drawsAtChange < 0) drawsAtChange = w.__benchDraws?.count ?? 0;
      const img = document.querySelector<HTMLImageElement>('.frame-image img');
      if (!img || img.alt !== file) return;
      if (!img.complete || img.naturalWidth === 0) return;
      if (!document.querySelector('svg.overlay g.pose')) return;
      if (!document.querySelector('.frame-3d-cell canvas')) return;
      done = true;
      const tDom = performance.now();
      observer.disconnect();
      clearInterval(timer);
      document.removeEventListener('load', check, true);
      // Then frames until the 3D view has drawn since the change (it renders on demand, in an
      // animation frame of its own, once its scene is updated), and one more for that frame
      // to reach the screen; at most 120 frames, in case it never draws.
      let frames = 0;
      const drawn = () => (w.__benchDraws?.count ?? 0) > drawsAtChange;
      const wait = () => {
        if (!drawn() && ++frames < 120) return void requestAnimationFrame(wait);
        requestAnimationFrame(() =>
          resolve({ ms: performance.now() - t0, domMs: tDom - t0, drew3d: drawn(), file }),
        );
      };
      const finish = () => requestAnimationFrame(wait);
      img.decode().then(finish, finish);
    };
    window.addEventListener('keydown', (e) => (t0 = e.timeStamp), { capture: true, once: true });
    const observer = new MutationObserver(check);
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    document.addEventListener('load', check, true);
    const timer = setInterval(check, 5);
  });
}

/** The result of the last `arm…`, once it is in. */
export function collect(): Promise<unknown> {
  return (window as unknown as BenchWindow).__benchResult ?? Promise.resolve(null);
}

export interface ScrollResult {
  readonly frames: number;
  readonly seconds: number;
  readonly fps: number;
  readonly worstFrameMs: number;
  readonly p95FrameMs: number;
  /** Frame intervals over 1.5 × the median (a missed display frame). */
  readonly longFrames: number;
  /** Frames drawn with at least one placeholder (row not yet fetched) in view. */
  readonly framesWithPlaceholders: number;
  /** Placeholder rows in view, summed over frames. */
  readonly placeholderRowFrames: number;
  /** Frames drawn with a thumbnail in view not decoded yet. */
  readonly framesWithBlankThumbs: number;
  readonly px: number;
}

/** Scrolls `.grid-scroll` at `speed` px/s for `seconds`, one step per animation frame. */
export function scrollGrid({ speed, seconds }: { speed: number; seconds: number }) {
  return new Promise<ScrollResult>((resolve) => {
    const el = document.querySelector<HTMLElement>('.grid-scroll')!;
    const start = el.scrollTop;
    const height = el.clientHeight;
    const intervals: number[] = [];
    let t0 = -1;
    let last = -1;
    let at = start;
    let withPlaceholders = 0;
    let placeholderRows = 0;
    let blankThumbs = 0;
    // Whether a grid row (placed by its translateY) is in view at scroll position `at`: read
    // from its style, so counting costs no layout.
    const rowInView = (e: Element) => {
      const row = e.closest<HTMLElement>('.grid-row');
      const y = Number(/translateY\((-?[\d.]+)px\)/.exec(row?.style.transform ?? '')?.[1]);
      return row !== null && y < at + height && y + parseFloat(row.style.height) > at;
    };
    const frame = (t: number) => {
      if (t0 < 0) t0 = last = t;
      else {
        intervals.push(t - last);
        last = t;
        // What the previous frame showed: read before this frame's scroll step.
        const holes = [...el.querySelectorAll('.frame-card.placeholder')].filter(rowInView);
        if (holes.length > 0) withPlaceholders++;
        placeholderRows += new Set(holes.map((h) => h.parentElement)).size;
        const thumbs = [...el.querySelectorAll<HTMLImageElement>('.frame-card img')];
        if (thumbs.some((i) => !(i.complete && i.naturalWidth > 0) && rowInView(i))) blankThumbs++;
      }
      if (t - t0 >= seconds * 1000) {
        const sorted = [...intervals].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
        const elapsed = (t - t0) / 1000;
        resolve({
          frames: intervals.length,
          seconds: elapsed,
          fps: intervals.length / elapsed,
          worstFrameMs: sorted[sorted.length - 1] ?? 0,
          p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
          longFrames: intervals.filter((d) => d > median * 1.5).length,
          framesWithPlaceholders: withPlaceholders,
          placeholderRowFrames: placeholderRows,
          framesWithBlankThumbs: blankThumbs,
          px: el.scrollTop - start,
        });
        return;
      }
      at = start + (speed * (t - t0)) / 1000;
      el.scrollTop = at;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** The frame rate of an idle page, measured the same way: the ceiling scrolling can reach. */
export function idleFps(seconds: number): Promise<number> {
  return new Promise((resolve) => {
    let n = 0;
    let t0 = -1;
    const frame = (t: number) => {
      if (t0 < 0) t0 = t;
      else n++;
      if (t - t0 >= seconds * 1000) resolve(n / ((t - t0) / 1000));
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export interface CallTimes {
  /** Per API call: "count × median / max ms" from request to response headers. */
  readonly api: Record<string, string>;
  /** Per media kind (thumb, image): the same, from resource timing. */
  readonly media: Record<string, string>;
}

/** The API and media requests since the last call, summarised; then forgets them. */
export function drainCalls(): CallTimes {
  const w = window as unknown as BenchWindow;
  const groups = (pairs: [string, number][]) => {
    const by = new Map<string, number[]>();
    for (const [k, ms] of pairs) by.set(k, [...(by.get(k) ?? []), ms]);
    const out: Record<string, string> = {};
    for (const [k, v] of by) {
      v.sort((a, b) => a - b);
      const med = v[Math.floor(v.length / 2)]!;
      out[k] = `${v.length} × ${med.toFixed(0)} / ${v[v.length - 1]!.toFixed(0)} ms`;
    }
    return out;
  };
  const api = groups((w.__benchCalls ?? []).map(([n, , ms]) => [n, ms]));
  const media = groups(
    performance
      .getEntriesByType('resource')
      .map((e) => [/\/media\/\d+\/(\w+)\//.exec(e.name)?.[1] ?? '', e.duration] as [string, number])
      .filter(([k]) => k !== ''),
  );
  w.__benchCalls = [];
  performance.clearResourceTimings();
  return { api, media };
}

export interface PlaybackResult {
  /** The take's rate as the timeline states it ("· 25 fps"). */
  readonly nominalFps: number;
  /** From the key press that started playback to the end of the window. */
  readonly seconds: number;
  /** The frame number (the file's, `img_000123.jpg`) of the image up when playback started. */
  readonly startFrame: number;
  /** The last new image painted in the window, by its frame number. */
  readonly lastShownFrame: number;
  /** Distinct new images painted in the window (the start frame not counted). */
  readonly framesShown: number;
  /** Frames between the start and the last painted image that were never painted. */
  readonly framesSkipped: number;
  /** Frames the playhead ("Take position") moved on in the window. */
  readonly playheadFrames: number;
  /** How far the playhead was ahead of the painted image at the end, in frames. */
  readonly lagFrames: number;
  /** Animation frames in the window: no more images than these can reach the screen. */
  readonly paints: number;
  /** The longest one image stayed up (a stall of the image behind the playhead). */
  readonly longestHoldMs: number;
  /** Times the painted image went back to an earlier frame (0 when playback is in order). */
  readonly backwards: number;
}

/**
 * Waits for the next key press (space: play), then for `seconds` watches what the inspector
 * paints. A frame counts as shown when, in an animation frame's callback (just before that
 * frame is painted), the inspector's <img> holds its file (`alt`) and has finished loading
 * (`complete` with pixels). The "Take position" text alone would not do: the playhead follows
 * the clock and reads the take's rate whether or not any image keeps up, and while a new `src`
 * is still loading the <img> is not complete and Chromium goes on painting the previous image.
 * Sampling once per animation frame also leaves out an image that loaded and was replaced
 * between two paints, which no one saw. Frame numbers come from the file names
 * (`…/img_000123.jpg`: the bench dataset and the sample name their frames so), the playhead's
 * from the position text's "(#123)".
 */
export function armPlayback({ seconds }: { seconds: number }): void {
  const w = window as unknown as BenchWindow;
  const number = (file: string | undefined) => Number(/(\d+)\.\w+$/.exec(file ?? '')?.[1] ?? NaN);
  const position = () => document.querySelector('[aria-label="Take position"]')?.textContent ?? '';
  const playhead = () => Number(/\(#(\d+)\)/.exec(position())?.[1] ?? NaN);
  const shown = () => {
    const img = document.querySelector<HTMLImageElement>('.frame-image img');
    return img && img.complete && img.naturalWidth > 0 ? img.alt : undefined;
  };
  const nominalFps = Number(/· ([\d.]+) fps/.exec(position())?.[1] ?? NaN);
  const startFile = shown();
  const startFrame = number(startFile);
  const startHead = playhead();
  w.__benchResult = new Promise<PlaybackResult>((resolve) => {
    let t0 = -1;
    let file = startFile;
    let last = startFrame;
    let since = -1;
    let hold = 0;
    let paints = 0;
    let backwards = 0;
    const painted = new Set<string>();
    const frame = (t: number) => {
      if (t - t0 < seconds * 1000) {
        paints++;
        const now = shown();
        if (now !== undefined && now !== file) {
          file = now;
          painted.add(now);
          const n = number(now);
          if (n < last) backwards++;
          last = n;
          hold = Math.max(hold, t - since);
          since = t;
        }
        requestAnimationFrame(frame);
        return;
      }
      hold = Math.max(hold, t - since);
      const shownFrames = [...painted].map(number).filter((n) => n > startFrame);
      const lastShown = shownFrames.length ? Math.max(...shownFrames) : startFrame;
      const head = playhead();
      resolve({
        nominalFps,
        seconds: (t - t0) / 1000,
        startFrame,
        lastShownFrame: lastShown,
        framesShown: shownFrames.length,
        framesSkipped: lastShown - startFrame - shownFrames.length,
        playheadFrames: head - startHead,
        lagFrames: head - lastShown,
        paints,
        longestHoldMs: hold,
        backwards,
      });
    };
    window.addEventListener(
      'keydown',
      (e) => {
        t0 = since = e.timeStamp;
        requestAnimationFrame(frame);
      },
      { capture: true, once: true },
    );
  });
}
