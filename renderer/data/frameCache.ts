import { MAX_FRAMES_PER_READ, type Frame } from '../../contract';

/**
 * Frames kept: two seconds of a 50 fps take read ahead of the playhead, the neighbours the
 * inspector prefetches, and some history to step back into (a frame's labels are a few kB; the
 * decoded images are the browser's to keep or drop).
 */
const CAPACITY = 160;

type FetchMany = (datasetId: number, imageIds: readonly number[]) => Promise<Frame[]>;

/**
 * Recently fetched and prefetched frames, by dataset, image and data generation. Stepping
 * through the inspector asks for the next frame while the user still reads this one, so the
 * switch itself finds the labels (and the decoded image) already here; playback reads the
 * take's next frames in batches, one round trip for many.
 */
export class FrameCache {
  private readonly entries = new Map<string, Promise<Frame>>();
  /** Frames whose images were asked to decode: once each, not on every tick of playback. */
  private readonly decoded = new Set<string>();

  constructor(
    private readonly fetchFrame: (datasetId: number, imageId: number) => Promise<Frame>,
    private readonly fetchMany: FetchMany,
  ) {}

  private key = (datasetId: number, imageId: number, generation: number) =>
    `${datasetId}:${imageId}:${generation}`;

  private put(key: string, p: Promise<Frame>): Promise<Frame> {
    this.entries.set(key, p);
    // A failed fetch is not kept: the next ask tries again and reports its own error.
    p.catch(() => this.entries.delete(key));
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }

  private has(datasetId: number, imageId: number, generation: number): boolean {
    return this.entries.has(this.key(datasetId, imageId, generation));
  }

  get(datasetId: number, imageId: number, generation: number): Promise<Frame> {
    const key = this.key(datasetId, imageId, generation);
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserted so the map's order stays least-recently-used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    return this.put(key, this.fetchFrame(datasetId, imageId));
  }

  /** Fetches a frame ahead of need and decodes its image, ignoring failures. */
  prefetch(datasetId: number, imageId: number, generation: number): void {
    this.get(datasetId, imageId, generation).then(decodeImage, () => undefined);
  }

  /** Decodes a cached frame's image once. */
  private decodeOnce(datasetId: number, imageId: number, generation: number): void {
    const key = this.key(datasetId, imageId, generation);
    if (this.decoded.has(key)) return;
    this.decoded.add(key);
    if (this.decoded.size > CAPACITY) this.decoded.delete(this.decoded.values().next().value!);
    this.entries.get(key)?.then(decodeImage, () => undefined);
  }

  /**
   * Reads the frames not yet here in batches (one call each), ignoring failures; those of
   * `decode` (the first few) also have their images decoded.
   */
  prefetchMany(
    datasetId: number,
    imageIds: readonly number[],
    generation: number,
    decode: number = imageIds.length,
  ): void {
    const missing = imageIds.filter((id) => !this.has(datasetId, id, generation));
    for (let i = 0; i < missing.length; i += MAX_FRAMES_PER_READ) {
      const chunk = missing.slice(i, i + MAX_FRAMES_PER_READ);
      const batch = this.fetchMany(datasetId, chunk);
      chunk.forEach((id, k) => {
        const one = batch.then((frames) => {
          const f = frames[k];
          if (!f || f.imageId !== id) throw new Error(`frame ${id} missing from a batch read`);
          return f;
        });
        void this.put(this.key(datasetId, id, generation), one);
      });
    }
    for (const id of imageIds.slice(0, decode)) this.decodeOnce(datasetId, id, generation);
  }
}

function decodeImage(f: Frame): void {
  if (f.missing || typeof Image === 'undefined') return;
  const img = new Image();
  img.src = frameImageUrl(f);
  img.decode().catch(() => undefined);
}

/** The full-size image of a frame, as the media route serves it. */
export function frameImageUrl(f: Pick<Frame, 'datasetId' | 'imageId'>): string {
  return `media/${f.datasetId}/image/${f.imageId}`;
}
