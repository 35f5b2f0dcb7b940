import type { Frame } from '../../contract';

/** Frames kept: the neighbours prefetched on each side plus some history to step back into. */
const CAPACITY = 24;

/**
 * Recently fetched and prefetched frames, by dataset, image and data generation. Stepping
 * through the inspector asks for the next frame while the user still reads this one, so the
 * switch itself finds the labels (and the decoded image) already here.
 */
export class FrameCache {
  private readonly entries = new Map<string, Promise<Frame>>();

  constructor(
    private readonly fetchFrame: (datasetId: number, imageId: number) => Promise<Frame>,
  ) {}

  get(datasetId: number, imageId: number, generation: number): Promise<Frame> {
    const key = `${datasetId}:${imageId}:${generation}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserted so the map's order stays least-recently-used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const p = this.fetchFrame(datasetId, imageId);
    this.entries.set(key, p);
    // A failed fetch is not kept: the next ask tries again and reports its own error.
    p.catch(() => this.entries.delete(key));
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }

  /** Fetches a frame ahead of need and decodes its image, ignoring failures. */
  prefetch(datasetId: number, imageId: number, generation: number): void {
    this.get(datasetId, imageId, generation).then(
      (f) => {
        if (f.missing || typeof Image === 'undefined') return;
        const img = new Image();
        img.src = frameImageUrl(f);
        img.decode().catch(() => undefined);
      },
      () => undefined,
    );
  }
}

/** The full-size image of a frame, as the media route serves it. */
export function frameImageUrl(f: Pick<Frame, 'datasetId' | 'imageId'>): string {
  return `media/${f.datasetId}/image/${f.imageId}`;
}
