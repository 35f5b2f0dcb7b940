// The UI benchmark's dataset: `frames` images in MuPoTS-3D layout over 20 sequences (TS1…TS20),
// with a prediction file. Every image is a hard link to one of the bundled sample's 60 JPEGs
// (so each frame has its own file name and thumbnail, but the disk holds 1.6 MB of pixels), and
// its people are jittered copies of that sample image's people, so the skeletons drawn over
// the image still sit on the people in it. Predictions are the ground truth plus noise whose
// size varies from frame to frame, so ranking by MPJPE orders them. Each sequence is one take
// of 5,000 frames (at the default size) whose image records state its frame rate (`fps`, as the
// sample's do): TS1–TS10 at 25 fps, TS11–TS20 at 50 fps, for the timeline's playback.
import { copyFileSync, closeSync, existsSync, linkSync, mkdirSync, openSync } from 'node:fs';
import { readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../../test/helpers/random';

interface SampleImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  intrinsic: [number, number, number, number];
}
interface SampleAnnotation {
  image_id: number;
  keypoints_cam: number[][];
  keypoints_vis: boolean[];
  bbox: [number, number, number, number];
}
interface SampleSet {
  images: SampleImage[];
  annotations: SampleAnnotation[];
}

export const SEQUENCES = 20;
export const DATASET_NAME = 'MuPoTS-bench';
/** Bumped when what is written changes, so a dataset kept from before is written again. */
const VERSION = 2;

/** The frame rate sequence `s` (1-based: TS1 …) states. */
export const sequenceFps = (s: number): number => (s <= SEQUENCES / 2 ? 25 : 50);

/** The file (relative to MultiPersonTestSet) of frame `i` (0-based) of sequence `s`. */
export const benchFile = (s: number, i: number): string =>
  `TS${s}/img_${String(i).padStart(6, '0')}.jpg`;

// Seeded, so reruns write the same data.
const random = mulberry32;

const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Pixels of camera-space points (mm) under intrinsics [fx, fy, cx, cy]. */
const project = (cam: number[][], [fx, fy, cx, cy]: readonly number[]) =>
  cam.map(([x, y, z]) => [r2((fx! * x!) / z! + cx!), r2((fy! * y!) / z! + cy!)]);

/** Writes JSON text in pieces to a file, so no 300 MB string is ever built. */
class ChunkedFile {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 22) this.flush();
  }
  flush(): void {
    this.bytes += writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Links `target` at `path`: a hard link, else a symbolic link, else a copy. */
function linkImage(target: string, path: string): void {
  try {
    linkSync(target, path);
  } catch {
    try {
      symlinkSync(target, path);
    } catch {
      copyFileSync(target, path);
    }
  }
}

export interface BenchDataset {
  readonly frames: number;
  readonly people: number;
  readonly annotationMb: number;
  readonly predictionMb: number;
}

/** Writes the dataset under `dataset` and its predictions to `predictions`. */
export function writeBenchDataset(
  sampleDir: string,
  dataset: string,
  predictions: string,
  frames: number,
): BenchDataset {
  const sample = JSON.parse(readFileSync(join(sampleDir, 'MuPoTS-3D.json'), 'utf8')) as SampleSet;
  const byImage = new Map<number, SampleAnnotation[]>();
  for (const a of sample.annotations)
    byImage.set(a.image_id, [...(byImage.get(a.image_id) ?? []), a]);
  const pixels = join(dataset, 'pixels');
  mkdirSync(pixels, { recursive: true });
  const sources = sample.images.map((im, k) => {
    const copy = join(pixels, `${k}.jpg`);
    copyFileSync(join(sampleDir, 'MultiPersonTestSet', im.file_name), copy);
    return copy;
  });
  const perSequence = Math.ceil(frames / SEQUENCES);
  for (let s = 1; s <= SEQUENCES; s++)
    mkdirSync(join(dataset, 'MultiPersonTestSet', `TS${s}`), { recursive: true });

  const ann = new ChunkedFile(join(dataset, 'MuPoTS-3D.json'));
  const pred = new ChunkedFile(predictions);
  const sequenceOf = (g: number) => Math.floor(g / perSequence) + 1;
  const fileOf = (g: number) => benchFile(sequenceOf(g), g % perSequence);
  ann.write('{"images":[');
  for (let g = 0; g < frames; g++) {
    const k = g % sample.images.length;
    linkImage(sources[k]!, join(dataset, 'MultiPersonTestSet', fileOf(g)));
    const image = {
      ...sample.images[k]!,
      id: g,
      file_name: fileOf(g),
      frame_idx: g % perSequence,
      fps: sequenceFps(sequenceOf(g)),
    };
    ann.write(`${g ? ',' : ''}${JSON.stringify(image)}`);
  }
  ann.write('],"annotations":[');
  pred.write('[');
  const rand = random(6);
  let people = 0;
  for (let g = 0; g < frames; g++) {
    const src = sample.images[g % sample.images.length]!;
    // How wrong this frame's predictions are: mostly 20–60 mm, a tail up to 250 mm.
    const scale = 20 + 40 * rand() + (rand() < 0.1 ? 200 * rand() : 0);
    for (const a of byImage.get(src.id) ?? []) {
      const shift = [rand() - 0.5, rand() - 0.5, rand() - 0.5].map((v) => v * 20);
      const cam = a.keypoints_cam.map((j) => j.map((v, d) => r1(v + shift[d]!)));
      const person = {
        id: people,
        image_id: g,
        category_id: 1,
        iscrowd: 0,
        keypoints_cam: cam,
        keypoints_img: project(cam, src.intrinsic),
        keypoints_vis: a.keypoints_vis,
        bbox: a.bbox.map((v) => r2(v + (rand() - 0.5) * 2)),
        is_valid: 1,
      };
      const joints = cam.map((j) => j.map((v) => r1(v + (rand() - 0.5) * 2 * scale)));
      const guess = {
        image_id: g,
        bbox: person.bbox,
        score: r2(0.5 + rand() / 2),
        root_cam: joints[14],
        joints_cam: joints,
        joints_img: project(joints, src.intrinsic),
      };
      const sep = people ? ',' : '';
      ann.write(sep + JSON.stringify(person));
      pred.write(sep + JSON.stringify(guess));
      people++;
    }
  }
  ann.write('],"categories":[{"id":1,"name":"person"}]}');
  pred.write(']');
  ann.close();
  pred.close();
  return { frames, people, annotationMb: ann.bytes / 1e6, predictionMb: pred.bytes / 1e6 };
}

/**
 * The bench dataset of `frames` frames under `work` (generated once per size and kept: the data,
 * not its generation, is what is measured), with its prediction file beside it.
 */
export function ensureBenchDataset(
  sampleDir: string,
  work: string,
  frames: number,
  log: (m: string) => void,
): { dataset: string; predictions: string; data: BenchDataset } {
  const dataset = join(work, DATASET_NAME);
  const predictions = join(work, 'predictions.json');
  const summaryFile = join(work, 'complete');
  const kept = existsSync(summaryFile)
    ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as BenchDataset & { version?: number })
    : undefined;
  if (kept?.version === VERSION) return { dataset, predictions, data: kept };
  log(`writing ${frames} frames to ${work}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const data = writeBenchDataset(sampleDir, dataset, predictions, frames);
  writeFileSync(summaryFile, JSON.stringify({ ...data, version: VERSION }));
  return { dataset, predictions, data };
}
