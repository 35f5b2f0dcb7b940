import type { DatasetFormat } from '../../datasets/records';
import type { IndexDb } from '../db/openIndex';
import { IdTable } from './idTable';
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

/** A Map's `get` and `size`, over rows held in typed columns (a million of them fit in a few MB). */
export interface IdLookup<V> {
  get(id: number): V | undefined;
  readonly size: number;
}

export interface TakePlaces {
  /** Every frame that belongs to a take, by image id. */
  readonly frames: IdLookup<FramePlace>;
  /** Every tracked person, by instance id: their identity within the take. */
  readonly tracks: IdLookup<string>;
  /** Each take's one action (VideoPose3D averages its actions' figures), or '' when it has none. */
  readonly groups: ReadonlyMap<string, string>;
  /** How many frames each take has. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Take keys in natural order. */
  readonly order: readonly string[];
}

/** id, sequence, camera, action, frame, file. */
type FrameRow = [number, string, string | null, string | null, number | null, string | null];

/** Values by id, each named by its index in `names`. */
const named = (table: IdTable, names: readonly string[]): IdLookup<string> => ({
  get: (id) => {
    const k = table.get(id);
    return k === undefined ? undefined : names[k];
  },
  size: table.size,
});

/** Every tracked person's identity, by instance id; identities are few, so each is kept once. */
function tracksOf(
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
): IdLookup<string> {
  const table = new IdTable(1);
  const names: string[] = [];
  const index = new Map<string, number>();
  const track = TRACK[dataset.format];
  if (track) {
    // Rows as arrays, here and below: a million objects built by the driver cost more than
    // SQLite's reading of them.
    const people = db
      .prepare(
        `SELECT i.id, ${track} AS track FROM instances i JOIN images im ON im.id = i.image_id
         WHERE im.dataset_id = ? AND im.sequence IS NOT NULL AND i.removed = 0 AND i.added = 0`,
      )
      .raw(true)
      .iterate(dataset.id) as Iterable<[number, string | number | null]>;
    for (const [id, track] of people) {
      if (track === null) continue;
      const name = String(track);
      let k = index.get(name);
      if (k === undefined) index.set(name, (k = names.push(name) - 1));
      table.add(id, [k]);
    }
  }
  return named(table.seal(), names);
}

/**
 * Where each frame sits in its take and who each person is, read once when a run is scored so
 * its temporal figures follow people along consecutive frames. Rows are read one take at a time
 * (ordered by the take's key, which `takeKey` spells the same way: both columns are TEXT), so
 * only one take's frames are ever held as objects.
 */
export function takePlaces(
  db: IndexDb,
  dataset: { readonly id: number; readonly format: DatasetFormat },
): TakePlaces {
  const rows = db
    .prepare(
      // A frame with an index is ordered by it; reading its file name too would only cost time.
      `SELECT id, sequence, camera, action, frame, CASE WHEN frame IS NULL THEN file END AS file
       FROM images WHERE dataset_id = ? AND sequence IS NOT NULL
       ORDER BY CASE WHEN camera IS NULL THEN sequence ELSE sequence || '/' || camera END`,
    )
    .raw(true)
    .iterate(dataset.id) as Iterable<FrameRow>;
  const takes: string[] = [];
  const table = new IdTable(2);
  const groups = new Map<string, string>();
  const sizes = new Map<string, number>();
  let take: { key: string; frames: TakeFrame[]; actions: Set<string | null> } | undefined;
  const close = () => {
    if (!take) return;
    const { key, frames, actions } = take;
    frames.sort(compareFrames);
    const k = takes.push(key) - 1;
    frameSlots(frames).forEach((slot, i) => table.add(frames[i]!.imageId, [k, slot]));
    const [only] = actions;
    groups.set(key, actions.size === 1 && only ? only : '');
    sizes.set(key, frames.length);
  };
  for (const [id, sequence, camera, action, frame, file] of rows) {
    const key = takeKey(sequence, camera)!;
    if (take?.key !== key) {
      close();
      take = { key, frames: [], actions: new Set() };
    }
    take.frames.push({ imageId: id, frame, file: file ?? '' });
    take.actions.add(action);
  }
  close();
  table.seal();
  const frames: IdLookup<FramePlace> = {
    get: (id) => {
      const k = table.get(id, 0);
      return k === undefined ? undefined : { take: takes[k]!, slot: table.get(id, 1)! };
    },
    size: table.size,
  };
  return {
    frames,
    tracks: tracksOf(db, dataset),
    groups,
    sizes,
    order: [...takes].sort(compareTakes),
  };
}
