import * as ort from 'onnxruntime-node';
import { cropGraph, cropSpecKey, gridTheta, type CropSpec, type SampleMap } from './cropGraph';
import type { DecodedImage } from './imageTensor';
import { ProviderSession, type SessionFactory } from './modelSession';
import type { Provider } from './providers';

/** One person's crop: where it samples the image and where its floats go in `out`. */
export interface CropJob {
  readonly map: SampleMap;
  readonly offset: number;
}

/** What a pipeline's stages crop with: GraphCropper on a GPU, CpuCropper on the CPU. */
export interface Cropper {
  /** Writes each job's 3·W·H floats into `out` at its offset. */
  crop(
    img: DecodedImage,
    spec: CropSpec,
    jobs: readonly CropJob[],
    out: Float32Array,
  ): Promise<void>;
  release(): Promise<void>;
}

/** Every job's 3·W·H floats fit `out` at its offset, or a RangeError names the slot. */
export function checkSlots(
  spec: { readonly width: number; readonly height: number },
  jobs: readonly CropJob[],
  out: Float32Array,
): void {
  const per = 3 * spec.width * spec.height;
  for (const j of jobs)
    if (!(Number.isInteger(j.offset) && j.offset >= 0 && j.offset + per <= out.length))
      throw new RangeError(`tensor slot ${j.offset}+${per} exceeds ${out.length} floats`);
}

/**
 * Runs the crop graphs (cropGraph.ts) of a pipeline: one session per input spec, opened on the
 * first call for that spec along the same provider plan as the models, one run per image for
 * all of its people.
 */
export class GraphCropper implements Cropper {
  private readonly sessions = new Map<string, Promise<ProviderSession>>();

  constructor(
    private readonly plan: readonly Provider[],
    private readonly create?: SessionFactory,
  ) {}

  /** Writes each job's 3·W·H floats into `out` at its offset. */
  async crop(
    img: DecodedImage,
    spec: CropSpec,
    jobs: readonly CropJob[],
    out: Float32Array,
  ): Promise<void> {
    if (jobs.length === 0) return;
    checkSlots(spec, jobs, out);
    const session = await this.session(spec);
    // One run per person, each fed only the part of the image its taps reach: a person's
    // tensor then depends on nothing but the image and their own map, so it comes out the
    // same bit for bit whichever people share their batch (resumed and re-batched runs store
    // the same predictions), and a large frame is not normalised whole for a small person.
    // In turn, not all at once: a provider that fails falls back once, not once per person.
    for (const j of jobs) {
      const part = footprint(img, spec, j.map);
      const [a, b, c, d, e, f] = j.map;
      const theta = new Float32Array(6);
      gridTheta([a, b, c - part.x, d, e, f - part.y], part.width, part.height, theta, 0);
      const fetches = await session.run({
        pixels: new ort.Tensor('uint8', part.data, [part.height, part.width, 3]),
        theta: new ort.Tensor('float32', theta, [1, 3, 2]),
      });
      // One person: [3, 1, H, W] and [1, H, W, 3] are both their slot as it is laid out.
      out.set(fetches.tensor!.data as Float32Array, j.offset);
    }
  }

  async release(): Promise<void> {
    const all = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    for (const s of all) if (s.status === 'fulfilled') await s.value.release().catch(() => {});
  }

  private session(spec: CropSpec): Promise<ProviderSession> {
    const key = cropSpecKey(spec);
    let s = this.sessions.get(key);
    if (!s) {
      // One thread: the crops of the next batch are made while the model keeps every core
      // busy with this one, and a second thread only adds handing work between them.
      s = ProviderSession.openGraph(
        `the crop graph ${key}`,
        cropGraph(spec),
        this.plan,
        this.create,
        1,
      );
      this.sessions.set(key, s);
    }
    return s;
  }
}

/**
 * The part of the image a crop's bilinear taps can reach, copied out when it is smaller than
 * the image: the graph normalises (and the worker receives) only that, which matters on large
 * frames with one small person (a Human3.6M frame is 1,000×1,000, its person a fifth of it).
 * Taps are floor(x) and floor(x) + 1 over the tensor's four corners (the maps are affine, so
 * the corners bound them), widened by one pixel so a coordinate the graph computes in float32
 * a hair lower still finds its tap inside; pixels outside the image are zeros either way, so
 * the crop is the same as from the whole image.
 */
export function footprint(
  img: DecodedImage,
  spec: { readonly width: number; readonly height: number },
  map: SampleMap,
): { x: number; y: number; width: number; height: number; data: Uint8Array } {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const [a, b, c, d, e, f] = map;
  for (const u of [0, spec.width - 1])
    for (const v of [0, spec.height - 1]) {
      const x = a * u + b * v + c;
      const y = d * u + e * v + f;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  const whole = { x: 0, y: 0, width: img.width, height: img.height, data: img.data };
  if (![x0, y0, x1, y1].every(Number.isFinite)) return whole;
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const left = clamp(Math.floor(x0) - 1, img.width - 1);
  const top = clamp(Math.floor(y0) - 1, img.height - 1);
  // Exclusive ends; at least one pixel, so a crop wholly outside still has an image to miss.
  const right = Math.max(clamp(Math.floor(x1) + 3, img.width), left + 1);
  const bottom = Math.max(clamp(Math.floor(y1) + 3, img.height), top + 1);
  const width = right - left;
  const height = bottom - top;
  if (width === img.width && height === img.height) return whole;
  const data = new Uint8Array(width * height * 3);
  const row = img.width * 3;
  for (let r = 0; r < height; r++) {
    const from = (top + r) * row + left * 3;
    data.set(img.data.subarray(from, from + width * 3), r * width * 3);
  }
  return { x: left, y: top, width, height, data };
}
