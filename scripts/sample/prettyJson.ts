// JSON laid out the way Prettier lays out this repository's JSON (print width 100, two-space
// indent), so the committed sample passes `format:check` without running Prettier over half a
// megabyte each time it is generated: running it doubled the generator's time. Covers what the
// sample writes — objects, arrays, numbers, strings, booleans — and nothing cleverer.

const WIDTH = 100;
const INDENT = '  ';

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

const isList = (v: Json): v is readonly Json[] => Array.isArray(v);
const isObject = (v: Json): v is { readonly [k: string]: Json } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function flat(v: Json): string {
  if (isList(v)) return `[${v.map(flat).join(', ')}]`;
  if (isObject(v)) {
    const entries = Object.entries(v);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${flat(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

/**
 * Prettier always breaks an array of two or more objects, or of two or more arrays, when each
 * has more than one entry (a matrix, a list of records), even if it would fit on a line.
 */
function mustBreak(v: readonly Json[]): boolean {
  if (v.length < 2) return false;
  const first = v[0]!;
  const many = (x: Json) =>
    isList(x) ? x.length > 1 : isObject(x) ? Object.keys(x).length > 1 : false;
  return v.every((x) => isList(x) === isList(first) && (isList(x) || isObject(x)) && many(x));
}

/** A forced break anywhere inside breaks every enclosing group too, as Prettier's do. */
function forcesBreak(v: Json): boolean {
  if (isList(v)) return mustBreak(v) || v.some(forcesBreak);
  return isObject(v) && Object.values(v).some(forcesBreak);
}

/** `v` printed at `indent`, after `lead` characters on its line and before `tail` ones. */
function print(v: Json, indent: string, lead: number, tail: number): string {
  const one = flat(v);
  const breakable = isList(v) ? v.length > 0 : isObject(v) && Object.keys(v).length > 0;
  if (!breakable) return one;
  if (!forcesBreak(v) && lead + one.length + tail <= WIDTH) return one;
  const inner = indent + INDENT;
  if (isList(v)) {
    const items = v.map((x, i) => inner + print(x, inner, inner.length, i < v.length - 1 ? 1 : 0));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as { readonly [k: string]: Json });
  const props = entries.map(([k, x], i) => {
    const key = `${JSON.stringify(k)}: `;
    const last = i === entries.length - 1;
    return inner + key + print(x, inner, inner.length + key.length, last ? 0 : 1);
  });
  return `{\n${props.join(',\n')}\n${indent}}`;
}

/** The value as Prettier's JSON printer would write it, with a final newline. */
export function prettyJson(value: unknown): string {
  // A JSON round trip first: drops undefined fields and turns -0 into 0, as JSON.stringify does.
  return `${print(JSON.parse(JSON.stringify(value)) as Json, '', 0, 0)}\n`;
}
