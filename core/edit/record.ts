import type { Vec2, Vec3 } from '../types';
import type { PersonJoints } from './types';

/** The tools an edit can come from, as the edit log records them: the one list of them. */
export const EDIT_TOOLS = [
  'drag-2d',
  'ray-drag',
  'free-drag',
  'bone-lock',
  'depth-flip',
  'impose-ranking',
  'root-depth',
  'accept-prediction',
  'swap-sides',
  'set-visibility',
  'edit-box',
  'add-person',
  'delete-person',
  'triangulate',
] as const;
export type EditTool = (typeof EDIT_TOOLS)[number];

/** A frame's review status, as the index's CHECK constraint and the contract spell it. */
export const REVIEW_STATUSES = ['unreviewed', 'needs-fix', 'fixed', 'verified'] as const;
export type ReviewStatusId = (typeof REVIEW_STATUSES)[number];

/**
 * Changed joints of one channel as [joint index, value] pairs, value null for a missing joint
 * (JSON has no NaN). null stands for a channel the person lacks; when one side is null the other
 * lists every joint, so a channel that appears or disappears can be rebuilt exactly.
 */
export type ChannelChange<V> = readonly (readonly [number, V | null])[] | null;

export type Box = readonly [number, number, number, number];

export interface JointValues {
  readonly joints3d: ChannelChange<Vec3>;
  readonly joints2d: ChannelChange<Vec2>;
  /** Visibility per joint as one-number values; present only in edits that change it. */
  readonly vis?: ChannelChange<readonly [number]>;
  /** The box as the one entry 0; present only in edits that change it. */
  readonly bbox?: ChannelChange<Box>;
  /** Whether the person is in the labels (1) or deleted (0), as the one entry 0; only in edits
   * that add or delete a person. */
  readonly present?: ChannelChange<readonly [number]>;
}

export type ChannelName = 'joints3d' | 'joints2d' | 'vis' | 'bbox' | 'present';

/**
 * Every channel an edit can change, as lists of number tuples: the joints as they are, the
 * visibility as one-number tuples, the box as a one-entry list. `optional` channels appear in a
 * record only when the edit changes them, so older logs and patches read the same.
 */
const CHANNELS: readonly {
  readonly name: ChannelName;
  readonly dim: number;
  readonly optional: boolean;
  get(p: PersonJoints): readonly (readonly number[])[] | null | undefined;
  put(values: readonly (readonly number[])[] | null): Partial<PersonJoints>;
}[] = [
  {
    name: 'joints3d',
    dim: 3,
    optional: false,
    get: (p) => p.joints3d,
    put: (v) => ({ joints3d: v as Vec3[] | null }),
  },
  {
    name: 'joints2d',
    dim: 2,
    optional: false,
    get: (p) => p.joints2d,
    put: (v) => ({ joints2d: v as Vec2[] | null }),
  },
  {
    name: 'vis',
    dim: 1,
    optional: true,
    get: (p) => (p.vis === undefined ? undefined : (p.vis?.map((v) => [v]) ?? null)),
    put: (v) => ({ vis: v?.map((x) => x[0]!) ?? null }),
  },
  {
    name: 'bbox',
    dim: 4,
    optional: true,
    get: (p) => (p.bbox === undefined ? undefined : p.bbox ? [p.bbox] : null),
    put: (v) => ({ bbox: (v?.[0] as Box | undefined) ?? null }),
  },
  {
    name: 'present',
    dim: 1,
    optional: true,
    get: (p) => (p.present === undefined ? undefined : [[p.present ? 1 : 0]]),
    put: (v) => ({ present: v?.[0]?.[0] === 1 }),
  },
];

export const CHANNEL_NAMES: readonly ChannelName[] = CHANNELS.map((c) => c.name);

/**
 * One edit of one person, pure JSON-safe data for the edit log, undo/redo and correction patches.
 * `before` and `after` list only the joints that changed (every joint of a channel that appears
 * or disappears), so a patch touches no more than the edit did.
 */
export interface EditRecord {
  readonly instanceId: number;
  /** The joint the user acted on; null for whole-person tools (root depth, accept person). */
  readonly joint: number | null;
  readonly tool: EditTool;
  readonly before: JointValues;
  readonly after: JointValues;
}

type Channel<V> = readonly V[] | null;

const toNullable = <V extends readonly number[]>(v: V): V | null =>
  v.every(Number.isFinite) ? v : null;
const fromNullable = <V extends readonly number[]>(v: V | null, dim: number): V =>
  v ?? (new Array<number>(dim).fill(NaN) as readonly number[] as V);
/**
 * Equal as labels: the same numbers within `tol` (JSON cannot tell −0 from 0), missing equal to
 * missing.
 */
const same = (
  a: readonly number[] | null | undefined,
  b: readonly number[] | null | undefined,
  tol = 0,
) =>
  a === b ||
  (!!a &&
    !!b &&
    a.length === b.length &&
    a.every((x, i) => x === b[i] || Math.abs(x - b[i]!) <= tol || (isNaN(x) && isNaN(b[i]!))));

function diffChannel<V extends readonly number[]>(
  before: Channel<V>,
  after: Channel<V>,
): [ChannelChange<V>, ChannelChange<V>] {
  const all = (pose: readonly V[]) => pose.map((v, j) => [j, toNullable(v)] as const);
  if (!before || !after) return [before && all(before), after && all(after)];
  if (before.length !== after.length) {
    throw new RangeError(
      `an edit cannot change the joint count (${before.length} → ${after.length})`,
    );
  }
  const joints = after.flatMap((v, j) => (same(v, before[j]) ? [] : [j]));
  return [
    joints.map((j) => [j, toNullable(before[j]!)] as const),
    joints.map((j) => [j, toNullable(after[j]!)] as const),
  ];
}

/** The record of an edit that turned `before` into `after`. */
export function recordEdit(
  instanceId: number,
  tool: EditTool,
  joint: number | null,
  before: PersonJoints,
  after: PersonJoints,
): EditRecord {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const c of CHANNELS) {
    const [from, to] = [c.get(before), c.get(after)];
    if (c.optional && to === undefined) continue;
    const [bc, ac] = diffChannel(from ?? null, to ?? null);
    // An optional channel the edit leaves as it was stays out of the record.
    if (c.optional && bc !== null && ac !== null && ac.length === 0) continue;
    b[c.name] = bc;
    a[c.name] = ac;
  }
  return {
    instanceId,
    joint,
    tool,
    before: b as unknown as JointValues,
    after: a as unknown as JointValues,
  };
}

function applyChannel<V extends readonly number[]>(
  current: Channel<V>,
  before: ChannelChange<V>,
  after: ChannelChange<V>,
  dim: number,
): Channel<V> {
  if (after === null) return null;
  if (before === null) return after.map(([, v]) => fromNullable(v, dim));
  if (current === null)
    throw new RangeError('the edit changes joints of a channel this person lacks');
  const out = [...current];
  for (const [j, v] of after) {
    if (j < 0 || j >= out.length) throw new RangeError(`edit names joint ${j} of ${out.length}`);
    out[j] = fromNullable(v, dim);
  }
  return out;
}

/** The person with the edit's `after` values written over theirs. */
export function applyEdit(person: PersonJoints, edit: EditRecord): PersonJoints {
  let out: PersonJoints = person;
  for (const c of CHANNELS) {
    const after = edit.after[c.name] as ChannelChange<readonly number[]> | undefined;
    if (after === undefined) continue;
    const before = (edit.before[c.name] ?? null) as ChannelChange<readonly number[]>;
    out = { ...out, ...c.put(applyChannel(c.get(person) ?? null, before, after, c.dim)) };
  }
  return out;
}

/** The edit that undoes `edit`: applying it after `edit` gives back the person exactly. */
export const invertEdit = (edit: EditRecord): EditRecord => ({
  ...edit,
  before: edit.after,
  after: edit.before,
});

/** Whether an edit changes nothing (a drag released where it began): not worth logging. */
export const isNoOpEdit = (edit: EditRecord): boolean =>
  CHANNEL_NAMES.every((ch) => {
    const [b, a] = [edit.before[ch], edit.after[ch]];
    if (a === undefined) return true;
    return (b === null && a === null) || (!!b && a !== null && a.length === 0);
  });

export interface EditConflict {
  readonly channel: ChannelName;
  /** null when the whole channel differs in presence. */
  readonly joint: number | null;
}

/**
 * Where the person no longer holds what the edit found (`before`): another annotator's patch, or
 * an edit replayed out of order, touched the same joints. Empty when the edit applies cleanly.
 * `tolerance` (mm or px) allows for labels stored in another space (world coordinates read back
 * through a camera differ from what was written in the last bits).
 */
export function editConflicts(
  person: PersonJoints,
  edit: EditRecord,
  tolerance = 0,
): EditConflict[] {
  const out: EditConflict[] = [];
  const check = <V extends readonly number[]>(
    channel: ChannelName,
    current: Channel<V>,
    before: ChannelChange<V>,
    dim: number,
  ) => {
    if ((current === null) !== (before === null)) {
      out.push({ channel, joint: null });
      return;
    }
    for (const [j, v] of before ?? []) {
      if (!same(current?.[j], fromNullable(v, dim), tolerance)) out.push({ channel, joint: j });
    }
  };
  for (const c of CHANNELS) {
    const before = edit.before[c.name] as ChannelChange<readonly number[]> | undefined;
    if (before === undefined) continue;
    check(c.name, c.get(person) ?? null, before, c.dim);
  }
  return out;
}
