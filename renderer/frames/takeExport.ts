import { Zip, ZipPassThrough } from 'fflate';
import { useDatasetStore } from '../data/useDatasetStore';
import { annotatedImagePng } from './annotatedImage';

/** What is exported: the image with what is drawn on it, or the 3D view as it is framed. */
export type ExportWhat = 'image' | '3d';
/** One WebM video, or one PNG per frame in a zip. */
export type ExportFormat = 'webm' | 'png';

/** A frame of the take, as the timeline lists it. */
export interface ExportFrame {
  readonly imageId: number;
  readonly frame: number | null;
}

export interface TakeExportJob {
  readonly what: ExportWhat;
  readonly format: ExportFormat;
  readonly frames: readonly ExportFrame[];
  /** The rate the video plays at: each frame is held 1/fps. */
  readonly fps: number;
  /** The file names' stem: `<stem>.webm`, `<stem>_000001.png` in `<stem>-frames.zip`. */
  readonly stem: string;
  readonly signal: AbortSignal;
  onProgress(done: number, total: number, phase: ExportPhase): void;
}

/** How long one frame may take to show before the export gives up on it. */
const SHOW_TIMEOUT_MS = 30_000;
/**
 * Animation frames waited after the 3D view's props change: R3F's demand loop draws on the next
 * one, and the view rig may move the camera in an effect and draw once more.
 */
const SETTLE_3D_FRAMES = 3;
/** How early a frame may go: animation frames fall on the display's beat, not on 1/fps. */
const SLACK_MS = 4;
/** Generous for 800×600–1080p at video rates, so the overlay's thin lines stay sharp. */
const VIDEO_BITS_PER_SECOND = 8_000_000;

/** The WebM type this window's MediaRecorder can write (VP9, else VP8), or null. */
export function webmType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return (
    ['video/webm;codecs=vp9', 'video/webm;codecs=vp8'].find((t) =>
      MediaRecorder.isTypeSupported(t),
    ) ?? null
  );
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/**
 * The inspector's heading names the frame it shows (FrameDetails:
 * `<h2 title={frame.file} data-image-id={frame.imageId}>`).
 */
const view = () => document.querySelector<HTMLElement>('.frame-view');
const heading = () => view()?.querySelector<HTMLElement>('.frame-details h2');
const shownImage = () => Number(heading()?.dataset.imageId);
/** The shown frame's file, for messages; the timeline's frames carry no file names. */
const named = (f: ExportFrame) =>
  (shownImage() === f.imageId ? heading()?.title : undefined) ??
  (f.frame !== null ? `frame ${f.frame}` : `image ${f.imageId}`);

/**
 * Shows `frame` in the inspector and resolves once it is drawn. The signal is the details
 * heading naming the frame: FrameDetails, FrameImage and Frame3D render from the same
 * frame in one React commit, so once the heading names it the overlay, the <img>'s src and the
 * 3D scene are that frame's too (the overlay carries no frame id, and a frame whose image file is
 * missing has no <img> at all but still names itself). The <img>'s pixels then decode on their
 * own, so that is awaited, and the 3D canvas draws on a later animation frame.
 */
async function show(frame: ExportFrame, what: ExportWhat, signal: AbortSignal): Promise<void> {
  useDatasetStore.setState({ focusImage: frame.imageId });
  const start = performance.now();
  while (shownImage() !== frame.imageId) {
    signal.throwIfAborted();
    if (performance.now() - start > SHOW_TIMEOUT_MS)
      throw new Error(`${named(frame)} was not shown within ${SHOW_TIMEOUT_MS / 1000} s`);
    await nextFrame();
  }
  if (what === '3d') for (let k = 0; k < SETTLE_3D_FRAMES; k++) await nextFrame();
}

/** The shown frame as a PNG, drawn the way the inspector's Save image and 3D PNG buttons do. */
async function capture(what: ExportWhat, frame: ExportFrame): Promise<Blob> {
  const root = view();
  if (what === '3d') {
    // Frame3D keeps its drawing buffer (preserveDrawingBuffer), so it can be read at any time.
    const canvas = root?.querySelector<HTMLCanvasElement>('.frame-3d-cell canvas');
    if (!canvas) throw new Error(`the 3D view has nothing to draw for ${named(frame)}`);
    return new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG was made'))), 'image/png'),
    );
  }
  const overlay = root?.querySelector<SVGSVGElement>('.frame-image svg.overlay');
  if (!overlay) throw new Error(`the image of ${named(frame)} is not shown`);
  let photo = root?.querySelector<HTMLImageElement>('.frame-image img') ?? null;
  // A broken image cannot be drawn on a canvas: the overlay alone stands, as on screen.
  if (photo)
    photo = await photo.decode().then(
      () => photo,
      () => null,
    );
  const [w, h] = [overlay.width.baseVal.value, overlay.height.baseVal.value];
  return annotatedImagePng(photo, overlay, w, h);
}

/** What the progress counts: frames captured, then (for a video) frames recorded. */
export type ExportPhase = 'frame' | 'recording';

interface Sink {
  add(png: Blob, index: number): Promise<void>;
  finish(signal: AbortSignal, onProgress: (done: number) => void): Promise<Blob>;
  abort(): void;
}

/** The PNGs stored (not deflated: PNG is compressed already) in a zip, streamed as they come. */
function zipSink(stem: string): Sink {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    // A copy into an ArrayBuffer of its own: fflate's chunks may view a shared buffer.
    else parts.push(new Uint8Array(chunk));
  });
  return {
    async add(png, index) {
      const entry = new ZipPassThrough(`${stem}_${String(index + 1).padStart(6, '0')}.png`);
      zip.add(entry);
      entry.push(new Uint8Array(await png.arrayBuffer()), true);
    },
    async finish() {
      zip.end();
      if (failed) throw failed;
      return new Blob(parts, { type: 'application/zip' });
    },
    abort: () => zip.terminate(),
  };
}

/** Resolves at `time` (performance.now()), early when `signal` aborts. */
const until = (time: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, time - performance.now()));
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * A WebM video by MediaRecorder from a canvas stream that sends a frame only when asked
 * (`captureStream(0)` + `requestFrame()`). The recorder stamps each frame with the time it was
 * captured, so the frames, made beforehand, are played into it by the clock at `fps`: each is
 * held 1/fps however long it took to make. (Pausing the recorder while each frame was made
 * instead loses frames: one still on its way to the encoder when the pause comes is dropped.)
 */
function webmSink(type: string, fps: number): Sink {
  const hold = 1000 / fps;
  // Kept encoded: a take's decoded frames would not fit in memory, Blobs may even go to disk.
  const pngs: Blob[] = [];
  let recorder: MediaRecorder | null = null;
  let track: CanvasCaptureMediaStreamTrack | null = null;
  return {
    async add(png) {
      pngs.push(png);
    },
    async finish(signal, onProgress) {
      let next = createImageBitmap(pngs[0]!);
      const first = await next;
      const canvas = document.createElement('canvas');
      canvas.width = first.width;
      canvas.height = first.height;
      // Opaque: with alpha, Chrome's VP9 also writes an alpha plane the frames never need.
      const ctx = canvas.getContext('2d', { alpha: false })!;
      const stream = canvas.captureStream(0);
      const video = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
      track = video;
      const chunks: Blob[] = [];
      const rec = new MediaRecorder(stream, {
        mimeType: type,
        videoBitsPerSecond: VIDEO_BITS_PER_SECOND,
      });
      recorder = rec;
      rec.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise<void>((resolve) => (rec.onstop = () => resolve()));
      rec.start();
      let start = 0;
      try {
        // The last frame goes twice: a frame lasts until the next one's time, so without a next
        // one the last would last no time at all.
        for (let k = 0; k <= pngs.length; k++) {
          const bitmap = await next;
          // The next frame decodes while this one is held.
          next = createImageBitmap(pngs[Math.min(k + 1, pngs.length - 1)]!);
          // Sent on an animation frame, one at most each: the canvas is captured when the page
          // next renders, so two frames drawn between renders would be one.
          let now = await nextFrame();
          if (k === 0) start = now;
          while (now < start + k * hold - SLACK_MS) {
            signal.throwIfAborted();
            now = await nextFrame();
          }
          signal.throwIfAborted();
          // After a stall the schedule moves on from here: frames rushed to catch up would flash.
          if (now - (start + k * hold) > hold) start = now - k * hold;
          // A later frame of another size (a 3D view resized) is scaled to the first's.
          ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
          bitmap.close();
          video.requestFrame();
          onProgress(Math.min(k + 1, pngs.length));
        }
        // Time for the repeated frame to reach the encoder before the recorder stops.
        await until(performance.now() + Math.max(250, 2 * hold), signal);
        signal.throwIfAborted();
      } finally {
        void next.then(
          (b) => b.close(),
          () => undefined,
        );
      }
      rec.stop();
      await stopped;
      video.stop();
      return new Blob(chunks, { type: 'video/webm' });
    },
    abort() {
      if (recorder && recorder.state !== 'inactive') recorder.stop();
      track?.stop();
    },
  };
}

/**
 * Steps the inspector through `job.frames`, captures each as it is drawn and makes one file of
 * them (a video is recorded once every frame is captured). The frame shown before comes back
 * afterwards, whether the export finished, failed or was cancelled (an AbortError then).
 */
export async function exportTake(job: TakeExportJob): Promise<{ name: string; blob: Blob }> {
  const total = job.frames.length;
  if (total === 0) throw new Error('the take has no frames');
  const type = job.format === 'webm' ? webmType() : null;
  if (job.format === 'webm' && !type)
    throw new Error('this window cannot record WebM video (no VP9 or VP8 encoder)');
  const sink = type ? webmSink(type, job.fps) : zipSink(job.stem);
  const before = useDatasetStore.getState().focusImage;
  try {
    for (const [k, frame] of job.frames.entries()) {
      job.signal.throwIfAborted();
      await show(frame, job.what, job.signal);
      const png = await capture(job.what, frame);
      job.signal.throwIfAborted();
      await sink.add(png, k);
      job.onProgress(k + 1, total, 'frame');
    }
    // The inspector stays on the last frame while a video records: loading and drawing the
    // frame shown before would hold up the page just when frames must go out on time.
    const blob = await sink.finish(job.signal, (done) => job.onProgress(done, total, 'recording'));
    return { name: type ? `${job.stem}.webm` : `${job.stem}-frames.zip`, blob };
  } catch (err) {
    sink.abort();
    throw err;
  } finally {
    useDatasetStore.setState({ focusImage: before });
  }
}
