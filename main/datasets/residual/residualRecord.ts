/**
 * A record's residual: the fields of an annotation file's record that the index's columns do
 * not already hold. The index keeps the residual instead of the whole record text, and export
 * re-creates the other fields from the columns (ids, file names, boxes, joints, visibility):
 * a Human3.6M person's record goes from 244 bytes to 17, their image's from 219 to none.
 *
 * Two forms. A record in the order its layout's reference files write keeps only the other
 * keys; the re-created ones go back where that order puts them. A record in another order
 * keeps every key in place, a re-created one holding 0 (PLACEHOLDER) instead of its value.
 * Either is only ever stored when putting it back together gives the record as read: the same
 * keys in the same order, every value the same number (Object.is), string or structure. What
 * a layout cannot re-create exactly stays in the residual as read; a record that cannot be put
 * back at all (it lacks a modelled key the columns would give) is kept whole.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** How one kind of record of one layout is split and put back together. */
export interface RecordLayout<C> {
  /**
   * The record's keys in the order the layout's reference files write them: a re-created key
   * missing from the residual goes back before the first residual key that comes after it
   * here, or last (assemble says where keys it does not name stand).
   */
  readonly order: readonly string[];
  /** The modelled keys, each re-created from the row's columns (undefined: they cannot give it). */
  readonly fields: { readonly [key: string]: (columns: C) => Json | undefined };
}

/** A modelled key's value in a residual that keeps every key in place: re-create it. */
const PLACEHOLDER = 0;

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality as export must keep it: key order counts, numbers compare with Object.is. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++)
    if (ka[i] !== kb[i] || !sameJson(a[ka[i]!], b[ka[i]!])) return false;
  return true;
}

const ranks = new WeakMap<readonly string[], Map<string, number>>();

function rankOf(order: readonly string[]): Map<string, number> {
  let r = ranks.get(order);
  if (!r) ranks.set(order, (r = new Map(order.map((k, i) => [k, i]))));
  return r;
}

/** An object of `entries`, in their order; a "__proto__" key stays a key, as JSON.parse makes it. */
function objectOf(entries: readonly [string, Json][]): JsonObject {
  const o: JsonObject = {};
  for (const [key, value] of entries)
    if (key === '__proto__')
      Object.defineProperty(o, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else o[key] = value;
  return o;
}

/** A residual's text as its entries; null is nothing left. */
function residualEntries(residual: string | null): [string, Json][] {
  if (residual === null) return [];
  const parsed: unknown = JSON.parse(residual);
  if (!isObject(parsed))
    throw new Error(`a stored residual record is not a JSON object: ${residual}`);
  return Object.entries(parsed);
}

/**
 * Puts a record together from its residual's entries and the modelled keys' values
 * (`given`: undefined where the columns cannot give one). Split and restore both go through
 * here, so what a split is checked against is what export writes. Plain loops: export runs
 * this for every record.
 */
function assemble(
  layout: RecordLayout<unknown>,
  kept: readonly [string, Json][],
  given: (key: string) => Json | undefined,
): JsonObject {
  const { order } = layout;
  const rank = rankOf(order);
  const out: [string, Json][] = [];
  let next = 0;
  const restoreBefore = (end: number) => {
    for (; next < end; next++) {
      const key = order[next]!;
      let inResidual = false;
      for (let i = 0; i < kept.length && !inResidual; i++) inResidual = kept[i]![0] === key;
      const v = inResidual ? undefined : given(key);
      if (v !== undefined) out.push([key, v]);
    }
  };
  // A key the order does not name comes as late as it can: right before the next residual key
  // the order names, or after every re-created key (fields added to a file's records go last).
  const at = new Array<number>(kept.length);
  let following = order.length;
  for (let i = kept.length - 1; i >= 0; i--) {
    const r = rank.get(kept[i]![0]);
    if (r !== undefined) following = r;
    at[i] = following;
  }
  kept.forEach(([key, value], i) => {
    restoreBefore(at[i]!);
    out.push([key, value === PLACEHOLDER ? (given(key) ?? value) : value]);
  });
  restoreBefore(order.length);
  return objectOf(out);
}

/** The record a residual (null: nothing left) and its row's columns stand for. */
export function restoreRecord<C>(
  layout: RecordLayout<C>,
  residual: string | null,
  columns: C,
): JsonObject {
  const { fields } = layout;
  return assemble(layout as RecordLayout<unknown>, residualEntries(residual), (key) =>
    Object.hasOwn(fields, key) ? fields[key]!(columns) : undefined,
  );
}

/** Somewhere in `v`, a -0: the JSON text a residual is kept as gives it back as 0. */
function hasNegativeZero(v: unknown): boolean {
  if (typeof v === 'number') return Object.is(v, -0);
  if (Array.isArray(v)) return v.some(hasNegativeZero);
  return isObject(v) && Object.values(v).some(hasNegativeZero);
}

/**
 * What assemble makes of a record, once its residual's values survive their JSON text (no
 * -0), depends on the record's shape alone: its keys in order; per key whether the columns
 * give it back as read (SAME: stripped, or 0 in place) or the record keeps a literal 0 where
 * the columns give something (ZERO: assemble would put that in); and which modelled keys the
 * columns give at all (those the record lacks would be added).
 */
interface Shape {
  readonly keys: readonly string[];
  readonly marks: readonly number[];
  /** Per modelled key (in `fields` order), + where the columns give a value, - where not. */
  readonly given: string;
}
const [OTHER, SAME, ZERO] = [0, 1, 2];

function sameShape(a: Shape, keys: readonly string[], marks: readonly number[], given: string) {
  if (a.given !== given || a.keys.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++)
    if (a.keys[i] !== keys[i] || a.marks[i] !== marks[i]) return false;
  return true;
}

/** A layout's modelled keys and their makers as arrays, and each key's place among them. */
interface Fields<C> {
  readonly keys: readonly string[];
  readonly make: readonly ((columns: C) => Json | undefined)[];
  readonly index: ReadonlyMap<string, number>;
}
const fieldsOf = new WeakMap<object, Fields<never>>();

function fields<C>(layout: RecordLayout<C>): Fields<C> {
  let f = fieldsOf.get(layout) as Fields<C> | undefined;
  if (!f) {
    const keys = Object.keys(layout.fields);
    f = {
      keys,
      make: keys.map((k) => layout.fields[k]!),
      index: new Map(keys.map((k, i) => [k, i])),
    };
    fieldsOf.set(layout, f as Fields<never>);
  }
  return f;
}

/**
 * The last shape checked per layout and form, and whether it came back whole: a file's records
 * come alike, one after another, so each is put back together once and not per record, which
 * was most of what splitting cost the parsing thread.
 */
const lastChecked = new WeakMap<object, Map<string, { shape: Shape; whole: boolean }>>();

/**
 * The residual of a record (parsed from its text) whose row holds `columns`: its JSON text, or
 * null when the columns give back everything. Undefined when the record must be kept whole.
 * Plain loops over arrays: it runs for every record indexed, on the parse worker's thread.
 */
export function splitRecord<C>(
  layout: RecordLayout<C>,
  record: unknown,
  columns: C,
): { residual: string | null } | undefined {
  if (!isObject(record)) return undefined;
  const f = fields(layout);
  // Each modelled value is made once.
  const values = new Array<Json | undefined>(f.keys.length);
  let givenKeys = '';
  for (let i = 0; i < values.length; i++) {
    const v = f.make[i]!(columns);
    values[i] = v;
    givenKeys += v === undefined ? '-' : '+';
  }
  const keys = Object.keys(record);
  const marks = new Array<number>(keys.length);
  let anySame = false;
  for (let i = 0; i < keys.length; i++) {
    const at = f.index.get(keys[i]!);
    const mine = at === undefined ? undefined : values[at];
    const v = record[keys[i]!];
    if (mine === undefined) marks[i] = OTHER;
    else if (sameJson(mine, v)) {
      marks[i] = SAME;
      anySame = true;
    } else marks[i] = v === PLACEHOLDER ? ZERO : OTHER;
  }
  let checked = lastChecked.get(layout);
  if (!checked) lastChecked.set(layout, (checked = new Map()));
  const last = checked;
  const given = (key: string) => {
    const at = f.index.get(key);
    return at === undefined ? undefined : values[at];
  };
  // T keeps only the keys the columns do not give back; P keeps every key in place, a modelled
  // one as 0 (PLACEHOLDER).
  const attempt = (form: 'T' | 'P') => {
    const kept: [string, Json][] = [];
    for (let i = 0; i < keys.length; i++) {
      const v = record[keys[i]!]!;
      if (marks[i] !== SAME) {
        if (hasNegativeZero(v)) return undefined;
        kept.push([keys[i]!, v]);
      } else if (form === 'P') kept.push([keys[i]!, PLACEHOLDER]);
    }
    const residual = kept.length === 0 ? null : JSON.stringify(objectOf(kept));
    const before = last.get(form);
    let whole =
      before && sameShape(before.shape, keys, marks, givenKeys) ? before.whole : undefined;
    if (whole === undefined) {
      // Put back together through the text that is stored, as export will.
      const back = assemble(layout as RecordLayout<unknown>, residualEntries(residual), given);
      whole = sameJson(back, record);
      last.set(form, { shape: { keys, marks, given: givenKeys }, whole });
    }
    return whole ? { residual } : undefined;
  };
  return attempt('T') ?? (anySame ? attempt('P') : undefined);
}
