/**
 * The values of a MAT v5 file and the data elements that hold them ("MAT-File Format",
 * MathWorks): tags, numbers and characters. mat5.ts builds arrays out of them.
 */

export type NumericClass =
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64';

/**
 * Values in MATLAB's column-major order, converted to float64 whatever the class or the type
 * they are stored in (int64 and uint64 beyond 2^53 round to the nearest double).
 */
export interface MatNumeric {
  kind: 'numeric';
  class: NumericClass;
  dims: number[];
  real: Float64Array;
  imag?: Float64Array;
}
/** One byte per element, 0 or 1, column-major. */
export interface MatLogical {
  kind: 'logical';
  dims: number[];
  data: Uint8Array;
}
/** The rows of a char matrix (for N-D arrays, the rows of each page in turn). */
export interface MatChar {
  kind: 'char';
  dims: number[];
  text: string[];
}
/** Cells in column-major order. */
export interface MatCell {
  kind: 'cell';
  dims: number[];
  cells: MatValue[];
}
/** One map per element, elements in column-major order, each holding every field. */
export interface MatStruct {
  kind: 'struct';
  dims: number[];
  fields: string[];
  elements: Map<string, MatValue>[];
}
export type MatValue = MatNumeric | MatLogical | MatChar | MatCell | MatStruct;

export const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const;

/** Bytes of one element's data in one byte order; `where` starts each error message. */
export interface Stream {
  bytes: Uint8Array;
  view: DataView;
  le: boolean;
  where: (at: number) => string;
}
/** Where a run of elements ends, and how a message names that end. */
export interface Region {
  end: number;
  name: (end: number) => string;
}
/** A tagged element: its tag at `at`, `size` bytes of data from `start`, the next tag at `next`. */
export interface Element {
  type: number;
  at: number;
  start: number;
  size: number;
  next: number;
}

export function fail(s: Stream, at: number, path: string, message: string): never {
  throw new Error(`${s.where(at)}: ${path === '' ? '' : `${path}: `}${message}`);
}

export function readTag(s: Stream, at: number, region: Region): Element {
  const left = region.end - at;
  if (left < 8)
    fail(s, at, '', `${left} bytes left in ${region.name(region.end)}, too few for a tag (8)`);
  const first = s.view.getUint32(at, s.le);
  // A nonzero upper half means the small element format: type, size and data in 8 bytes.
  if (first >>> 16 !== 0) {
    const size = first >>> 16;
    if (size > 4) fail(s, at, '', `small element claims ${size} bytes of data, at most 4 fit`);
    return { type: first & 0xffff, at, start: at + 4, size, next: at + 8 };
  }
  const size = s.view.getUint32(at + 4, s.le);
  if (size > left - 8)
    fail(s, at, '', `element of ${size} bytes runs past the end of ${region.name(region.end)}`);
  const end = at + 8 + size;
  // Compressed data is not padded; other elements are, except where a writer stops at the end.
  const next = first === MI.COMPRESSED ? end : Math.min(end + ((8 - (size % 8)) % 8), region.end);
  return { type: first, at, start: at + 8, size, next };
}

type Getter = (v: DataView, at: number, le: boolean) => number;
const NUMBERS: Partial<Record<number, [number, Getter]>> = {
  [MI.INT8]: [1, (v, at) => v.getInt8(at)],
  [MI.UINT8]: [1, (v, at) => v.getUint8(at)],
  [MI.INT16]: [2, (v, at, le) => v.getInt16(at, le)],
  [MI.UINT16]: [2, (v, at, le) => v.getUint16(at, le)],
  [MI.INT32]: [4, (v, at, le) => v.getInt32(at, le)],
  [MI.UINT32]: [4, (v, at, le) => v.getUint32(at, le)],
  [MI.SINGLE]: [4, (v, at, le) => v.getFloat32(at, le)],
  [MI.DOUBLE]: [8, (v, at, le) => v.getFloat64(at, le)],
  [MI.INT64]: [8, (v, at, le) => Number(v.getBigInt64(at, le))],
  [MI.UINT64]: [8, (v, at, le) => Number(v.getBigUint64(at, le))],
};

/** The numbers of an element of any numeric type: MATLAB stores doubles in smaller types. */
export function readNumbers(s: Stream, el: Element, path: string, what: string): Float64Array {
  const spec = NUMBERS[el.type];
  if (!spec)
    fail(s, el.at, path, `${what} is stored as element type ${el.type}, not a number type`);
  const [width, get] = spec;
  if (el.size % width !== 0)
    fail(
      s,
      el.at,
      path,
      `${what} holds ${el.size} bytes, not a whole number of ${width}-byte values`,
    );
  const out = new Float64Array(el.size / width);
  for (let i = 0, p = el.start; i < out.length; i++, p += width) out[i] = get(s.view, p, s.le);
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The characters of a char array's data element, in the order stored (column-major). */
export function readChars(s: Stream, el: Element, path: string): string {
  const bytes = s.bytes.subarray(el.start, el.start + el.size);
  if (el.type === MI.UTF8) {
    try {
      return UTF8.decode(bytes);
    } catch {
      return fail(s, el.at, path, 'the characters are not valid UTF-8');
    }
  }
  if (el.type === MI.UTF32) {
    const points = readNumbers(s, { ...el, type: MI.UINT32 }, path, 'the characters');
    if (points.some((p) => p > 0x10ffff))
      fail(s, el.at, path, 'a UTF-32 character is past U+10FFFF');
    return fromCodes(points, true);
  }
  // MATLAB's chars are UTF-16 code units, whichever integer type holds them.
  if (el.type === MI.UTF16 || el.type === MI.UINT16)
    return fromCodes(readNumbers(s, { ...el, type: MI.UINT16 }, path, 'the characters'));
  if (el.type === MI.UINT8 || el.type === MI.INT8) return fromCodes(Float64Array.from(bytes));
  return fail(s, el.at, path, `characters stored as element type ${el.type}`);
}

/** The rows of a char array of `dims` from its characters in column-major order. */
export function charRows(chars: string | string[], dims: readonly number[]): string[] {
  const r = dims[0] ?? 0;
  const c = dims[1] ?? 1;
  const rows: string[] = [];
  for (let q = 0; q < r * dims.slice(2).reduce((a, d) => a * d, 1); q++) {
    const first = (q % r) + Math.floor(q / r) * r * c;
    let row = '';
    for (let j = 0; j < c; j++) row += chars[first + j * r];
    rows.push(row);
  }
  return rows;
}

/** A name: bytes up to the first NUL, one character each. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0) break;
    out += String.fromCharCode(b);
  }
  return out;
}

/** Characters from their codes, in chunks small enough to pass as arguments. */
function fromCodes(codes: Float64Array, points = false): string {
  const make = points ? String.fromCodePoint : String.fromCharCode;
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += make(...codes.subarray(i, i + 4096));
  return out;
}
