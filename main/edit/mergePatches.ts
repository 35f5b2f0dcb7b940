import { CHANNEL_NAMES, type ChannelName } from '../../core';
import { addsPerson, PATCH_VERSION, type CorrectionsPatch, type PatchEdit } from './patch';

type Channel = ChannelName;
const CHANNELS: readonly Channel[] = CHANNEL_NAMES;
type Value = readonly number[] | null;

/** One joint of one channel of one person, both patches changed to different values. */
export interface MergeConflict {
  readonly image: string;
  readonly person: string;
  readonly channel: Channel;
  readonly joint: number;
  /** The value before either patch (from the first edit of it in `a`). */
  readonly before: Value;
  readonly a: Value;
  readonly b: Value;
  readonly annotators: { readonly a: readonly string[]; readonly b: readonly string[] };
}

export interface MergeResult {
  readonly patch: CorrectionsPatch;
  readonly conflicts: readonly MergeConflict[];
  /** Joints both patches changed to the same value: kept once. */
  readonly identical: number;
  /** Joints only one patch changed. */
  readonly onlyA: number;
  readonly onlyB: number;
  /** People both patches added under the same id, to different labels: `b`'s renumbered. */
  readonly renamed: readonly {
    readonly image: string;
    readonly from: string;
    readonly to: string;
  }[];
}

interface Net {
  before: Value;
  after: Value;
  annotators: Set<string>;
}

const keyOf = (e: PatchEdit, ch: Channel, j: number) => JSON.stringify([e.image, e.person, ch, j]);

const sameValue = (x: Value, y: Value) =>
  x === y || (!!x && !!y && x.length === y.length && x.every((v, i) => v === y[i]));

/** Each changed joint's value before the patch's first edit of it and after its last one. */
function netChanges(p: CorrectionsPatch): Map<string, Net> {
  const out = new Map<string, Net>();
  for (const e of p.edits)
    for (const ch of CHANNELS) {
      const before = new Map(e.before[ch]?.map(([j, v]) => [j, v]) ?? []);
      for (const [j, v] of e.after[ch] ?? []) {
        const k = keyOf(e, ch, j);
        const n = out.get(k) ?? { before: before.get(j) ?? null, after: v, annotators: new Set() };
        n.after = v;
        n.annotators.add(e.annotator);
        out.set(k, n);
      }
    }
  return out;
}

type Change = readonly (readonly [number, unknown])[] | null;

/**
 * One channel's before/after with the joints `keep` refuses left out, and how many are left. A
 * channel that appears or disappears (one side null) lists every joint and cannot be split: it
 * goes whole when any of its joints is dropped.
 */
function keepJoints<C extends Change>(b: C, a: C, keep: (j: number) => boolean): [C, C, number] {
  if (b === null || a === null) {
    const all = (a ?? b ?? []) as readonly (readonly [number, unknown])[];
    if (all.every(([j]) => keep(j))) return [b, a, all.length];
    return (b === null ? [null, null, 0] : [[], [], 0]) as [C, C, number];
  }
  const kept = a.filter(([j]) => keep(j));
  return [b.filter(([j]) => keep(j)) as unknown as C, kept as unknown as C, kept.length];
}

/** Every key an edit changes. */
const keysOf = (e: PatchEdit) =>
  CHANNELS.flatMap((ch) => (e.after[ch] ?? []).map(([j]) => keyOf(e, ch, j)));

/**
 * The edit with the joints `drop` names left out; null when none is left. Adding or deleting a
 * person goes whole or not at all: half an added person is no label.
 */
function without(e: PatchEdit, drop: (k: string) => boolean): PatchEdit | null {
  if (e.after.present && keysOf(e).some(drop)) return null;
  const keep = (ch: Channel) => (j: number) => !drop(keyOf(e, ch, j));
  const before: Record<string, Change> = {};
  const after: Record<string, Change> = {};
  let left = 0;
  for (const ch of CHANNELS) {
    const [b, a] = [e.before[ch] as Change | undefined, e.after[ch] as Change | undefined];
    if (a === undefined || b === undefined) continue;
    const [kb, ka, n] = keepJoints(b, a, keep(ch));
    before[ch] = kb;
    after[ch] = ka;
    left += n;
  }
  return left === 0 ? null : ({ ...e, before, after } as unknown as PatchEdit);
}

const personKey = (e: PatchEdit) => JSON.stringify([e.image, e.person]);

/**
 * Two annotators who each add someone to the same frame get the same next id. Where `b` adds a
 * person under an id `a` adds a different person under, `b`'s person (all its entries) takes an
 * id past every numeric id of both patches; apply-patch renumbers again if the dataset uses it.
 */
function renameCollidingAdds(a: CorrectionsPatch, b: CorrectionsPatch) {
  const adds = (p: CorrectionsPatch) =>
    new Map(p.edits.filter(addsPerson).map((e) => [personKey(e), JSON.stringify(e.after)]));
  const [inA, inB] = [adds(a), adds(b)];
  let next =
    Math.max(
      -1,
      ...[...a.edits, ...b.edits].map((e) => (/^\d+$/.test(e.person) ? +e.person : -1)),
    ) + 1;
  const to = new Map<string, string>();
  for (const [k, after] of inB) {
    const theirs = inA.get(k);
    if (theirs !== undefined && theirs !== after) to.set(k, String(next++));
  }
  return {
    b: { ...b, edits: b.edits.map((e) => ({ ...e, person: to.get(personKey(e)) ?? e.person })) },
    renamed: [...to].map(([k, id]) => {
      const [image, from] = JSON.parse(k) as [string, string];
      return { image, from, to: id };
    }),
  };
}

/**
 * Merges two annotators' patches of the same dataset. Per person, channel and joint (the net
 * change of each patch): a joint only one patch changed keeps that patch's edits; both changed
 * it to the same value, it is kept once (from `a`); both changed it differently, it is a
 * conflict, listed with both values and resolved by `prefer`, or, without it, left out of the
 * merged patch altogether. The merged patch lists `a`'s edits in order, then `b`'s, with the
 * joints resolved against them removed.
 */
/** Both patches' frame reviews; a frame both reviewed keeps the later review (a state, not an edit). */
function mergeReviews(
  a: NonNullable<CorrectionsPatch['reviews']>,
  b: NonNullable<CorrectionsPatch['reviews']>,
): NonNullable<CorrectionsPatch['reviews']> {
  const byImage = new Map(a.map((r) => [r.image, r]));
  for (const r of b) {
    const had = byImage.get(r.image);
    if (!had || r.at > had.at) byImage.set(r.image, r);
  }
  return [...byImage.values()];
}

export function mergePatches(
  a: CorrectionsPatch,
  b: CorrectionsPatch,
  prefer?: 'a' | 'b',
): MergeResult {
  if (a.format !== b.format || a.skeleton !== b.skeleton)
    throw new Error(
      `the patches are for different datasets: ${a.format} (${a.skeleton}) and ${b.format} (${b.skeleton})`,
    );
  const { b: renumbered, renamed } = renameCollidingAdds(a, b);
  b = renumbered;
  const [na, nb] = [netChanges(a), netChanges(b)];
  const conflicts: MergeConflict[] = [];
  const dropA = new Set<string>();
  const dropB = new Set<string>();
  let identical = 0;
  for (const [k, x] of na) {
    const y = nb.get(k);
    if (!y) continue;
    if (sameValue(x.after, y.after)) {
      identical++;
      dropB.add(k);
      continue;
    }
    const [image, person, channel, joint] = JSON.parse(k) as [string, string, Channel, number];
    conflicts.push({
      image,
      person,
      channel,
      joint,
      before: x.before,
      a: x.after,
      b: y.after,
      annotators: { a: [...x.annotators], b: [...y.annotators] },
    });
    if (prefer !== 'a') dropA.add(k);
    if (prefer !== 'b') dropB.add(k);
  }
  // One patch deleting a person the other corrects is a conflict too, though no joint is shared:
  // the corrections would land on nobody.
  const deleted = (n: Map<string, Net>) =>
    new Map(
      [...n]
        .filter(([k, v]) => (JSON.parse(k) as unknown[])[2] === 'present' && v.after?.[0] === 0)
        .map(([k, v]) => [JSON.stringify((JSON.parse(k) as string[]).slice(0, 2)), v]),
    );
  for (const [mine, theirs, dropMine, dropTheirs, side] of [
    [na, nb, dropA, dropB, 'a'],
    [nb, na, dropB, dropA, 'b'],
  ] as const) {
    const gone = deleted(mine);
    for (const [k, y] of theirs) {
      const [image, person, channel, joint] = JSON.parse(k) as [string, string, Channel, number];
      const del = gone.get(JSON.stringify([image, person]));
      if (!del || channel === 'present') continue;
      const x = mine.get(k);
      // The same correction in both, then the deletion in one: nothing to choose between.
      if (x && sameValue(x.after, y.after)) continue;
      // Both changed this joint differently: listed above already; the deletion still has to go
      // with the side that loses.
      if (!x) {
        const other = side === 'a' ? { a: del, b: y } : { a: y, b: del };
        conflicts.push({
          image,
          person,
          channel,
          joint,
          before: y.before,
          a: side === 'a' ? null : y.after,
          b: side === 'a' ? y.after : null,
          annotators: { a: [...other.a.annotators], b: [...other.b.annotators] },
        });
      }
      if (prefer !== (side === 'a' ? 'b' : 'a')) dropTheirs.add(k);
      if (prefer !== side) dropMine.add(JSON.stringify([image, person, 'present', 0]));
    }
  }
  const keep = (p: CorrectionsPatch, drop: Set<string>) =>
    p.edits.flatMap((e) => without(e, (k) => drop.has(k)) ?? []);
  return {
    patch: {
      posescope_patch: PATCH_VERSION,
      format: a.format,
      skeleton: a.skeleton,
      ...(a.dataset === undefined ? {} : { dataset: a.dataset }),
      created_at: new Date().toISOString(),
      edits: [...keep(a, dropA), ...keep(b, dropB)],
      reviews: mergeReviews(a.reviews ?? [], b.reviews ?? []),
    },
    conflicts,
    identical,
    onlyA: [...na.keys()].filter((k) => !nb.has(k)).length,
    onlyB: [...nb.keys()].filter((k) => !na.has(k)).length,
    renamed,
  };
}
