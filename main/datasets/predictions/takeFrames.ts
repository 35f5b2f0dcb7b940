import { h36mImageName, parseH36mImage, takeFolder, type H36mTake } from './h36mTakes';

/** An image of the dataset as an import knows it: its id and its file. */
export interface ImageRef {
  readonly sourceId: string;
  readonly file: string;
}

/** One row of a take's array paired with the image of its frame in one camera. */
export interface FramePair {
  readonly camera: number;
  /** 0-based row of the array: frame `row + 1` as the image files count. */
  readonly row: number;
  readonly imageSourceId: string;
  /** Set when the image is named, not known (no image list given): matched later by name. */
  readonly imageName?: string;
}

/**
 * Frames past a take's last image that still belong to it: a take's video runs a few frames
 * longer than its motion capture (VideoPose3D's run.py trims the detections to the mocap's
 * length), so only an array this much longer than its images reach is another take's.
 */
const LENGTH_SLACK = 100;

/**
 * Pairs the rows of take-keyed arrays (every frame, 50 fps) with the dataset's Human3.6M images
 * by take, camera and frame number: image `…_000001.jpg` shows row 0. Images may sample the take
 * (RootNet's every 5th or 64th frame); rows with no image are not used and counted once, not
 * reported as errors. Without the image list every row is named (`s_09_…_ca_01/…_000001`) and
 * matched to the images by name afterwards.
 */
export class TakeFrames {
  private readonly frames?: Map<string, Map<number, string>>;
  private unused = 0;
  private rows = 0;
  private takesWithout = 0;

  constructor(images?: readonly ImageRef[]) {
    if (!images) return;
    this.frames = new Map();
    for (const im of images) {
      const p = parseH36mImage(im.file);
      if (!p) continue;
      const key = takeFolder(p.take, p.camera);
      const byFrame = this.frames.get(key) ?? new Map<number, string>();
      byFrame.set(p.frame, im.sourceId);
      this.frames.set(key, byFrame);
    }
  }

  /**
   * The images of `rows` frames of a take seen by `cameras` (one array for all of them: world
   * poses; or one per camera), or why the array cannot be that take's: shorter than its last
   * image, or — when its images sample the whole take evenly — longer than the take can be.
   * `label` names the take in the message.
   */
  pair(
    take: H36mTake,
    cameras: readonly number[],
    rows: number,
    label: string,
  ): FramePair[] | { error: string } {
    this.rows += rows * cameras.length;
    if (!this.frames) {
      return cameras.flatMap((camera) =>
        Array.from({ length: rows }, (_, row) => {
          const name = h36mImageName(take, camera, row + 1);
          return { camera, row, imageSourceId: name, imageName: name };
        }),
      );
    }
    const seen = cameras.map((c) => this.frames!.get(takeFolder(take, c)));
    if (seen.every((s) => s === undefined)) {
      this.takesWithout++;
      this.unused += rows * cameras.length;
      return [];
    }
    const why = this.wrongLength(seen, rows);
    if (why) {
      this.rows -= rows * cameras.length;
      return {
        error: `take ${label}${cameras.length === 1 ? ` camera ${cameras[0]}` : ''}: ${why}`,
      };
    }
    const out: FramePair[] = [];
    cameras.forEach((camera, k) => {
      for (const [frame, imageSourceId] of seen[k] ?? [])
        if (frame >= 1 && frame <= rows) out.push({ camera, row: frame - 1, imageSourceId });
    });
    this.unused += rows * cameras.length - out.length;
    return out;
  }

  /** Why `rows` frames cannot be the take these images show, or undefined. */
  private wrongLength(
    seen: readonly (ReadonlyMap<number, string> | undefined)[],
    rows: number,
  ): string | undefined {
    const all = seen.flatMap((s) => (s ? [...s.keys()] : []));
    const last = Math.max(...all);
    if (rows < last)
      return `expected at least ${last} frames (its last image is frame ${last}), found ${rows}`;
    // Only images that sample the whole take evenly from its start bound its length from above.
    for (const s of seen) {
      if (!s || s.size < 2) continue;
      const sorted = [...s.keys()].sort((a, b) => a - b);
      const step = sorted[1]! - sorted[0]!;
      const even = sorted.every((f, i) => i === 0 || f - sorted[i - 1]! === step);
      if (!even || sorted[0]! > step) continue;
      const most = sorted.at(-1)! + step + LENGTH_SLACK;
      if (rows >= most)
        return `expected ${last}–${most - 1} frames (its images, every ${step === 1 ? '' : `${step}th `}frame up to ${sorted.at(-1)}, cover the take), found ${rows}`;
    }
    return undefined;
  }

  /** What the pairing did, said once: rows with no image and takes the dataset does not show. */
  notes(): string[] {
    if (!this.frames)
      return this.rows > 0
        ? [
            `frames named by take and frame (s_SS_act_AA_subact_BB_ca_CC_FFFFFF) and matched to the images by name`,
          ]
        : [];
    if (this.unused === 0) return [];
    const takes =
      this.takesWithout > 0
        ? `; ${this.takesWithout} take${this.takesWithout === 1 ? '' : 's'} with no image at all`
        : '';
    return [`${this.unused} of ${this.rows} frames have no image in the dataset: not used${takes}`];
  }
}
