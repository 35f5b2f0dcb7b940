import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';

/**
 * Takes: a dataset's frames grouped into the videos they come from. A take is the frames of one
 * sequence seen by one camera — the `images` columns the adapters fill: Human3.6M's
 * "S<subject> <action> <subaction>" with its camera, a MuPoTS-3D or MPI-INF-3DHP sequence
 * (TS1 …), a CMU Panoptic sequence with its HD camera, a 3DPW sequence, an image folder's
 * subfolder. Frames are ordered by the layout's frame index (`images.frame`: Human3.6M's
 * frame_idx, MuPoTS-3D's frame_idx or its file number, Panoptic's scene number, 3DPW's and
 * MPI-INF-3DHP's position), then by file name where a layout has none. Images with no sequence
 * (COCO, MPII, an image folder's top level) belong to no take.
 */

export interface Take {
  /** `takeKey(sequence, camera)`: what `takeFrames` and a run's `per_take` name it by. */
  readonly key: string;
  readonly sequence: string;
  readonly camera: string | null;
  /** The take's one subject or action, null when its frames differ or have none. */
  readonly subject: string | null;
  readonly action: string | null;
  readonly frames: number;
  /** The first and last frame index, null where the layout has none. */
  readonly first: number | null;
  readonly last: number | null;
  /** Frames a second of the video the frames come from, null where neither the data nor the layout says. */
  readonly fps: number | null;
}

export interface TakeFrame {
  readonly imageId: number;
  /** The layout's frame index, null where it has none (ordered by file name then). */
  readonly frame: number | null;
  /** Relative to the dataset root. */
  readonly file: string;
}

/**
 * A layout's frame rate where the dataset itself fixes it for every video: Human3.6M's cameras
 * record at 50 Hz; CMU Panoptic's HD cameras (the only ones PoseScope indexes) at 29.97, which
 * every scene file states (`fpsType` "hd_29_97"). MuPoTS-3D's test set is 30 fps, but its layout
 * carries no rate and the same layout holds the bundled sample at 6.7 fps, so a MuPoTS-3D-layout
 * take says null unless its image records state one (`fps`, as the sample's do: `statedFps`);
 * MPI-INF-3DHP's and 3DPW's files state none.
 */
const LAYOUT_FPS: Partial<Record<DatasetFormat, number>> = { h36m: 50, panoptic: 29.97 };

/** The take a frame of `sequence` seen by `camera` belongs to; null when it has no sequence. */
export const takeKey = (sequence: string | null, camera: string | null): string | null =>
  sequence === null ? null : camera === null ? sequence : `${sequence}/${camera}`;

const names = new Intl.Collator('en', { numeric: true });

/** Takes in natural order: S9 before S11, TS2 before TS10, camera 2 before camera 10. */
export const compareTakes = (a: string, b: string): number => names.compare(a, b);

/** Frame order within a take: by frame index (frames without one last), then file name, then id. */
export function compareFrames(a: TakeFrame, b: TakeFrame): number {
  if (a.frame !== b.frame) {
    if (a.frame === null) return 1;
    if (b.frame === null) return -1;
    return a.frame - b.frame;
  }
  return names.compare(a.file, b.file) || a.imageId - b.imageId;
}

/**
 * Each ordered frame's slot, numbered so that two frames are consecutive exactly when their
 * slots differ by 1. A take's step is the smallest increase of its frame index (1 for every
 * frame, 64 for RootNet's every-64th-frame Human3.6M test set); a larger jump (a frame not in
 * the index) or a repeated index leaves a gap of one slot. Without frame indices every frame
 * follows the one before it in file order.
 */
export function frameSlots(frames: readonly TakeFrame[]): number[] {
  let step = Infinity;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!.frame;
    const b = frames[i]!.frame;
    if (a !== null && b !== null && b > a) step = Math.min(step, b - a);
  }
  const slots: number[] = [];
  let slot = 0;
  frames.forEach((f, i) => {
    const prev = frames[i - 1];
    if (prev) {
      const follows =
        prev.frame === null || f.frame === null
          ? prev.frame === f.frame
          : f.frame - prev.frame === step;
      slot += follows ? 1 : 2;
    }
    slots.push(slot);
  });
  return slots;
}

/** A frame rate a take's records state (an `fps` field), if any. */
function statedFps(db: IndexDb, datasetId: number, sequence: string, camera: string | null) {
  const v: unknown = db
    .prepare(
      `SELECT CASE WHEN json_valid(raw) THEN json_extract(raw, '$.fps') END FROM images
       WHERE dataset_id = ? AND sequence = ? AND camera IS ? LIMIT 1`,
    )
    .pluck()
    .get(datasetId, sequence, camera);
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

interface TakeRow {
  sequence: string;
  camera: string | null;
  frames: number;
  first: number | null;
  last: number | null;
  subject: string | null;
  action: string | null;
}

const TAKE_ROWS = `SELECT sequence, camera, count(*) AS frames, min(frame) AS first, max(frame) AS last,
    CASE WHEN count(DISTINCT subject) = 1 AND count(subject) = count(*) THEN min(subject) END AS subject,
    CASE WHEN count(DISTINCT action) = 1 AND count(action) = count(*) THEN min(action) END AS action
  FROM images WHERE dataset_id = @dataset AND sequence IS NOT NULL`;

const takeOfRow = (
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
  r: TakeRow,
): Take => ({
  key: takeKey(r.sequence, r.camera)!,
  ...r,
  fps: statedFps(db, dataset.id, r.sequence, r.camera) ?? LAYOUT_FPS[dataset.format] ?? null,
});

/** The dataset's takes in natural order, with their frame counts and frame rates. */
export function datasetTakes(
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
): Take[] {
  const rows = db
    .prepare(`${TAKE_ROWS} GROUP BY sequence, camera`)
    .all({ dataset: dataset.id }) as TakeRow[];
  return rows.map((r) => takeOfRow(db, dataset, r)).sort((a, b) => compareTakes(a.key, b.key));
}

/**
 * One take, by the sequence and camera of a frame of it: a range of the takes index, where
 * listing every take groups the whole dataset (the inspector asks on each change of take).
 */
export function takeOf(
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
  sequence: string,
  camera: string | null,
): Take | undefined {
  const row = db
    .prepare(
      `${TAKE_ROWS} AND sequence = @sequence AND camera IS @camera GROUP BY sequence, camera`,
    )
    .get({ dataset: dataset.id, sequence, camera }) as TakeRow | undefined;
  return row ? takeOfRow(db, dataset, row) : undefined;
}

/**
 * A take's frames in order with their image ids; empty for a key no take has. A key with a
 * slash is read both ways (a sequence and its camera, or a sequence named with a slash, as an
 * image folder's subfolder is) and each row is kept when its own key is the one asked for.
 */
export function takeFrames(db: IndexDb, datasetId: number, key: string): TakeFrame[] {
  const cut = key.lastIndexOf('/');
  const rows = db
    .prepare(
      `SELECT id, sequence, camera, frame, file FROM images
       WHERE dataset_id = ? AND sequence IN (?, ?)`,
    )
    .all(datasetId, key, cut < 0 ? key : key.slice(0, cut)) as {
    id: number;
    sequence: string;
    camera: string | null;
    frame: number | null;
    file: string;
  }[];
  return rows
    .filter((r) => takeKey(r.sequence, r.camera) === key)
    .map((r): TakeFrame => ({ imageId: r.id, frame: r.frame, file: r.file }))
    .sort(compareFrames);
}
