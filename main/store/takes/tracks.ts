import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';
import { compareFrames, compareTakes, frameSlots, takeKey, type TakeFrame } from './takes';

/**
 * Who is who across a take's frames, where the dataset has identities:
 * - Human3.6M and MPI-INF-3DHP: one subject per frame (person 0).
 * - MuPoTS-3D: the person index within the sequence. RootNet's MuPoTS-3D.json carries no person
 *   id field; its annotations list, for every frame, the sequence's people in annot.mat's order,
 *   so the annotation's position within its image (`instances.person`) is that index. The
 *   bundled sample lists its people in the same order (Ana, Ben, Cleo) as they join.
 * - 3DPW: the actor, which the adapter writes for every frame in the file's actor order, so
 *   `instances.person` is the actor index.
 * - CMU Panoptic: the body id (`bodies[].id`, kept in the person's raw record); file order
 *   changes when someone enters or leaves.
 * Other layouts have no identity, and a person added in PoseScope has none: they are not
 * tracked.
 */
const TRACK: Partial<Record<DatasetFormat, string>> = {
  h36m: 'i.person',
  mpi3dhp: 'i.person',
  mupots: 'i.person',
  '3dpw': 'i.person',
  panoptic: "CASE WHEN json_valid(i.raw) THEN json_extract(i.raw, '$.id') END",
};

/** A frame's place in its take: frames of a take are consecutive when their slots differ by 1. */
export interface FramePlace {
  readonly take: string;
  readonly slot: number;
}

export interface TakePlaces {
  /** Every frame that belongs to a take, by image id. */
  readonly frames: ReadonlyMap<number, FramePlace>;
  /** Every tracked person, by instance id: their identity within the take. */
  readonly tracks: ReadonlyMap<number, string>;
  /** Each take's one action (VideoPose3D averages its actions' figures), or '' when it has none. */
  readonly groups: ReadonlyMap<string, string>;
  /** Take keys in natural order. */
  readonly order: readonly string[];
}

interface FrameRow {
  id: number;
  sequence: string;
  camera: string | null;
  action: string | null;
  frame: number | null;
  file: string | null;
}

/**
 * Where each frame sits in its take and who each person is, read once when a run is scored so
 * its temporal figures follow people along consecutive frames.
 */
export function takePlaces(
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
): TakePlaces {
  const rows = db
    .prepare(
      // A frame with an index is ordered by it; reading its file name too would only cost time.
      `SELECT id, sequence, camera, action, frame, CASE WHEN frame IS NULL THEN file END AS file
       FROM images WHERE dataset_id = ? AND sequence IS NOT NULL`,
    )
    .all(dataset.id) as FrameRow[];
  const byTake = new Map<string, { frames: TakeFrame[]; actions: Set<string | null> }>();
  for (const r of rows) {
    const key = takeKey(r.sequence, r.camera)!;
    const t = byTake.get(key) ?? { frames: [], actions: new Set() };
    t.frames.push({ imageId: r.id, frame: r.frame, file: r.file ?? '' });
    t.actions.add(r.action);
    byTake.set(key, t);
  }
  const frames = new Map<number, FramePlace>();
  const groups = new Map<string, string>();
  for (const [take, t] of byTake) {
    t.frames.sort(compareFrames);
    frameSlots(t.frames).forEach((slot, i) => frames.set(t.frames[i]!.imageId, { take, slot }));
    const [only] = t.actions;
    groups.set(take, t.actions.size === 1 && only ? only : '');
  }
  const tracks = new Map<number, string>();
  const track = TRACK[dataset.format];
  if (track) {
    const people = db
      .prepare(
        `SELECT i.id, ${track} AS track FROM instances i JOIN images im ON im.id = i.image_id
         WHERE im.dataset_id = ? AND im.sequence IS NOT NULL AND i.removed = 0 AND i.added = 0`,
      )
      .all(dataset.id) as { id: number; track: string | number | null }[];
    for (const p of people) if (p.track !== null) tracks.set(p.id, String(p.track));
  }
  return { frames, tracks, groups, order: [...byTake.keys()].sort(compareTakes) };
}
