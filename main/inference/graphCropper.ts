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

/**
 * Runs the crop graphs (cropGraph.ts) of a pipeline: one session per input spec, opened on the
 * first call for that spec along the same provider plan as the models, one run per image for
 * all of its people.
 */
export class GraphCropper {
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
    const per = 3 * spec.width * spec.height;
    for (const j of jobs)
      if (!(Number.isInteger(j.offset) && j.offset >= 0 && j.offset + per <= out.length))
        throw new RangeError(`tensor slot ${j.offset}+${per} exceeds ${out.length} floats`);
    const theta = new Float32Array(6 * jobs.length);
    jobs.forEach((j, i) => gridTheta(j.map, img.width, img.height, theta, 6 * i));
    const session = await this.session(spec);
    const fetches = await session.run({
      pixels: new ort.Tensor('uint8', img.data, [img.height, img.width, 3]),
      theta: new ort.Tensor('float32', theta, [jobs.length, 3, 2]),
    });
    const tensor = fetches.tensor!.data as Float32Array;
    if (spec.layout.layout === 'NHWC') {
      jobs.forEach((j, i) => out.set(tensor.subarray(i * per, (i + 1) * per), j.offset));
      return;
    }
    // [3, n, H, W]: person i's channel c is plane c·n + i.
    const plane = per / 3;
    jobs.forEach((j, i) => {
      for (let c = 0; c < 3; c++) {
        const from = (c * jobs.length + i) * plane;
        out.set(tensor.subarray(from, from + plane), j.offset + c * plane);
      }
    });
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
