import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictionRecord } from '../datasets/predictionFile';
import { decodePrediction, encodePrediction, encodedLength } from './predictionCodec';
import type { PredictionSource } from './predictionSource';
import { grownTo } from '../../core';

/** Bytes gathered before one write, and read ahead when records are read back in file order. */
const CHUNK = 4 << 20;

/**
 * A prediction file's records staged on disk while the file is read, then handed to scoring
 * image by image in the order the dataset's images are scored, whatever order the file lists
 * them in. In memory stay only each record's place in the stage and its image (20 bytes a
 * record) instead of the record itself (its joints, several hundred bytes), so a run of a
 * million people is scored in the memory of a few.
 *
 * The stage is a private folder beside the index (made by `mkdtemp`); on systems that allow it
 * the file is unlinked as soon as it is open, so even a crash leaves nothing behind.
 */
export class PredictionStage implements PredictionSource {
  private readonly dir: string;
  private readonly file: string;
  private readonly fd: number;
  private out = Buffer.allocUnsafe(CHUNK);
  private outLength = 0;
  /** Byte offset of each record; offsets[count] is the end of the last. */
  private offsets = new Float64Array(1024);
  /** Each record's image row id; Infinity where it names no image of the dataset. */
  private images = new Float64Array(1024);
  private count = 0;
  private order: Uint32Array | undefined;
  private cursor = 0;
  /** Records of images scoring passed over (out of the run's scope). */
  private readonly skipped: number[] = [];
  private map: (r: PredictionRecord) => PredictionRecord = (r) => r;
  /** Bytes of the stage read last: `windowLength` of them from `windowStart`. */
  private window = Buffer.alloc(0);
  private windowStart = 0;
  private windowLength = 0;

  /** `where` names the prediction file in messages. */
  constructor(
    folder: string,
    private readonly where: string,
  ) {
    try {
      this.dir = mkdtempSync(join(folder, '.posescope-eval-'));
    } catch (err) {
      throw this.failure(folder, err);
    }
    this.file = join(this.dir, 'predictions.bin');
    try {
      this.fd = openSync(this.file, 'w+');
    } catch (err) {
      rmSync(this.dir, { recursive: true, force: true });
      throw this.failure(this.dir, err);
    }
    try {
      unlinkSync(this.file);
    } catch {
      // Windows keeps an open file: close() removes it.
    }
  }

  private failure(at: string, err: unknown): Error {
    const why = err instanceof Error ? err.message : String(err);
    return new Error(`${this.where}: could not stage its predictions in ${at}: ${why}`);
  }

  /** Stages a record; `imageId` is its image's row id, undefined when it names no image. */
  add(r: PredictionRecord, imageId: number | undefined): void {
    if (this.order) throw new Error('PredictionStage: add after finish');
    const length = encodedLength(r);
    if (this.outLength + length > this.out.length) this.flush();
    if (length > this.out.length) {
      const bytes = Buffer.allocUnsafe(length);
      encodePrediction(r, bytes, 0);
      this.write(bytes);
    } else this.outLength = encodePrediction(r, this.out, this.outLength);
    this.offsets = grownTo(this.offsets, this.count + 2);
    this.images = grownTo(this.images, this.count + 1);
    this.offsets[this.count + 1] = this.offsets[this.count]! + length;
    this.images[this.count] = imageId ?? Infinity;
    this.count++;
  }

  private write(bytes: Buffer): void {
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (err) {
      throw this.failure(this.file, err);
    }
  }

  private flush(): void {
    this.write(this.out.subarray(0, this.outLength));
    this.outLength = 0;
  }

  /**
   * Every record is staged: orders them by image (file order within one), and sets what each
   * becomes when read back (`map`: scaled to millimetres, say).
   */
  finish(map?: (r: PredictionRecord) => PredictionRecord): void {
    this.flush();
    if (map) this.map = map;
    const images = this.images;
    this.order = new Uint32Array(this.count).map((_, i) => i);
    this.order.sort((a, b) => images[a]! - images[b]! || a - b);
  }

  private read(ordinal: number): PredictionRecord {
    const start = this.offsets[ordinal]!;
    const length = this.offsets[ordinal + 1]! - start;
    if (start < this.windowStart || start + length > this.windowStart + this.windowLength) {
      // Reading on from the last window: the file's order is the images', read ahead. Else one
      // record, as the file's order jumps about.
      const ahead = start === this.windowStart + this.windowLength;
      const size = ahead ? Math.max(CHUNK, length) : length;
      if (this.window.length < size) this.window = Buffer.allocUnsafe(size);
      try {
        this.windowLength = readSync(this.fd, this.window, 0, size, start);
      } catch (err) {
        throw this.failure(this.file, err);
      }
      this.windowStart = start;
      if (this.windowLength < length)
        throw this.failure(this.file, new Error(`record ${ordinal} is cut short`));
    }
    return this.map(decodePrediction(this.window, start - this.windowStart));
  }

  forImage(imageId: number): readonly PredictionRecord[] {
    const order = this.order;
    if (!order) throw new Error('PredictionStage: read before finish');
    const out: PredictionRecord[] = [];
    for (; this.cursor < order.length; this.cursor++) {
      const k = order[this.cursor]!;
      const at = this.images[k]!;
      if (at > imageId) break;
      if (at < imageId) this.skipped.push(k);
      else out.push(this.read(k));
    }
    return out;
  }

  *leftovers(): Iterable<PredictionRecord> {
    const rest = [...this.skipped, ...(this.order?.subarray(this.cursor) ?? [])].sort(
      (a, b) => a - b,
    );
    const byImage = new Map<string, number[]>();
    for (const k of rest) {
      const id = this.read(k).imageSourceId;
      const list = byImage.get(id);
      if (list) list.push(k);
      else byImage.set(id, [k]);
    }
    for (const list of byImage.values()) for (const k of list) yield this.read(k);
  }

  /** Closes the stage and removes its folder. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
