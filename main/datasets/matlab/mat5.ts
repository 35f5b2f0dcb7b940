import { unzlibSync } from 'fflate';
import {
  MI,
  charRows,
  fail,
  latin1,
  readChars,
  readNumbers,
  readTag,
  type Element,
  type MatCell,
  type MatChar,
  type MatLogical,
  type MatNumeric,
  type MatStruct,
  type MatValue,
  type NumericClass,
  type Region,
  type Stream,
} from './mat5Elements';

export type {
  MatCell,
  MatChar,
  MatLogical,
  MatNumeric,
  MatStruct,
  MatValue,
  NumericClass,
} from './mat5Elements';

/**
 * The variables of a MAT-file of the v5 format (MATLAB's `save -v6` and `-v7`, the default; not
 * `-v7.3`, which is HDF5), by name, in either byte order, compressed or not. Numbers, logicals,
 * chars, cells and structs are read, every value column-major as MATLAB stores it (see `at`);
 * sparse matrices, objects and function handles are refused. Every problem with the bytes
 * throws an Error whose message starts with `source` and names the byte offset (and the
 * MATLAB path, `RELEASE.annolist(3).annorect.x1`, where known). The values share no memory
 * with `bytes`.
 */
export function readMat5(bytes: Uint8Array, source: string): Map<string, MatValue> {
  const file: Stream = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    le: littleEndian(bytes, source),
    where: (pos) => `${source}: byte ${pos}`,
  };
  const region = { end: bytes.length, name: (n: number) => `the file (${n} bytes)` };
  const variables = new Map<string, MatValue>();
  for (let pos = HEADER_BYTES; pos < bytes.length;) {
    const el = readTag(file, pos, region);
    const [stream, matrix] = el.type === MI.COMPRESSED ? inflate(file, el, source) : [file, el];
    const [name, value] = readArray(stream, matrix, '', 0);
    if (name === '' || variables.has(name))
      throw new Error(`${file.where(pos)}: variable name '${name}' is empty or repeated`);
    variables.set(name, value);
    pos = el.next;
  }
  return variables;
}

/**
 * The offset of 0-based subscripts in an array of size `dims` stored column-major, as every
 * value of readMat5 is: the first subscript varies fastest. Subscripts may go past `dims` where
 * they are 0 (MATLAB drops trailing singleton dimensions: a 16×2×1 array has dims [16, 2]), and
 * may stop short where the dimensions left are 1.
 */
export function at(dims: readonly number[], ...subs: number[]): number {
  let offset = 0;
  let stride = 1;
  for (let k = 0; k < Math.max(dims.length, subs.length); k++) {
    const d = dims[k] ?? 1;
    const s = subs[k] ?? 0;
    if (!Number.isInteger(s) || s < 0 || s >= d || (subs[k] === undefined && d !== 1))
      throw new RangeError(
        `subscripts [${subs.join(', ')}] are outside an array of [${dims.join(', ')}]`,
      );
    offset += s * stride;
    stride *= d;
  }
  return offset;
}

/** The number of elements of an array of size `dims`. */
export function numel(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

const HEADER_BYTES = 128;
/** Where MAT v7.3 files (HDF5 with a MATLAB header in the user block) keep HDF5's signature. */
const HDF5_AT = 512;
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** The file's byte order, from the header's endian indicator, once the header is a v5 one. */
function littleEndian(bytes: Uint8Array, source: string): boolean {
  const text = String.fromCharCode(...bytes.subarray(0, 116));
  const hdf5 = HDF5_SIGNATURE.every((b, i) => bytes[HDF5_AT + i] === b);
  if (hdf5 || text.startsWith('MATLAB 7.3'))
    throw new Error(
      `${source}: a MAT-file v7.3, which is HDF5, not the v5 format read here: read it as HDF5 or save it again with save -v7`,
    );
  if (bytes.length < HEADER_BYTES)
    throw new Error(`${source}: ${bytes.length} bytes, too short for a MAT-file's 128-byte header`);
  const indicator = String.fromCharCode(bytes[126]!, bytes[127]!);
  if (indicator !== 'IM' && indicator !== 'MI')
    throw new Error(
      `${source}: byte 126: endian indicator ${JSON.stringify(indicator)} is neither 'IM' nor 'MI': not a MAT-file (v5)`,
    );
  const le = indicator === 'IM';
  const version = new DataView(bytes.buffer, bytes.byteOffset).getUint16(124, le);
  if (version !== 0x0100)
    throw new Error(`${source}: byte 124: version 0x${version.toString(16)}, not 0x100 (MAT v5)`);
  return le;
}

/** A compressed element holds one array element, compressed with zlib. */
function inflate(file: Stream, el: Element, source: string): [Stream, Element] {
  let bytes: Uint8Array;
  try {
    bytes = unzlibSync(file.bytes.subarray(el.start, el.start + el.size));
  } catch (err) {
    throw new Error(
      `${file.where(el.at)}: compressed element of ${el.size} bytes does not inflate: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const stream: Stream = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    le: file.le,
    where: (pos) => `${source}: byte ${pos} of the data inflated from byte ${el.at}`,
  };
  return [
    stream,
    readTag(stream, 0, { end: bytes.length, name: (n) => `the inflated data (${n} bytes)` }),
  ];
}

const CLASSES = 'double single int8 uint8 int16 uint16 int32 uint32 int64 uint64'.split(' ');
const REFUSED: Partial<Record<number, string>> = {
  3: 'a MATLAB object (mxOBJECT_CLASS)',
  5: 'a sparse matrix (mxSPARSE_CLASS)',
  16: 'a function handle (mxFUNCTION_CLASS)',
  17: 'an opaque object (mxOPAQUE_CLASS: string, table, classdef …)',
};
const MAX_DEPTH = 64;
const arrayEnd = (end: number) => `the array ending at byte ${end}`;
/** Struct elements without fields and char rows without columns take no bytes to bound them. */
const MAX_EMPTY = 1 << 16;

/** A miMATRIX element: its array name (empty below the top level) and its value. */
function readArray(s: Stream, el: Element, path: string, depth: number): [string, MatValue] {
  if (el.type !== MI.MATRIX)
    fail(s, el.at, path, `element type ${el.type} where an array (miMATRIX, 14) belongs`);
  if (depth > MAX_DEPTH) fail(s, el.at, path, `arrays nested more than ${MAX_DEPTH} deep`);
  // MATLAB writes [] inside cells and structs as a matrix element without data.
  if (el.size === 0)
    return ['', { kind: 'numeric', class: 'double', dims: [0, 0], real: new Float64Array(0) }];
  const end = el.start + el.size;
  const region = { end, name: arrayEnd };
  const flags = readTag(s, el.start, region);
  if (flags.type !== MI.UINT32 || flags.size !== 8)
    fail(s, flags.at, path, `array flags are type ${flags.type} of ${flags.size} bytes`);
  const word = s.view.getUint32(flags.start, s.le);
  const cls = word & 0xff;
  const refused = REFUSED[cls];
  // An opaque array has no dimensions element: refuse it before looking for one.
  if (cls === 17) fail(s, el.at, path, `${refused} is not supported`);
  const dimsEl = readTag(s, flags.next, region);
  if (dimsEl.type !== MI.INT32)
    fail(s, dimsEl.at, path, `dimensions are element type ${dimsEl.type}, not int32`);
  const dims = Array.from(readNumbers(s, dimsEl, path, 'the dimensions'));
  if (dims.length === 0 || dims.some((d) => d < 0))
    fail(s, dimsEl.at, path, `dimensions [${dims.join(', ')}] are not sizes`);
  const nameEl = readTag(s, dimsEl.next, region);
  if (nameEl.type !== MI.INT8 && nameEl.type !== MI.UINT8)
    fail(s, nameEl.at, path, `array name is element type ${nameEl.type}, not int8`);
  const name = latin1(s.bytes.subarray(nameEl.start, nameEl.start + nameEl.size));
  const here = path === '' ? name : path;
  if (refused !== undefined) fail(s, el.at, here, `${refused} is not supported`);
  const b: Body = { s, pos: nameEl.next, region, path: here, dims, n: numel(dims), depth };
  const numeric = CLASSES[cls - 6] as NumericClass | undefined;
  if (numeric !== undefined && (word & 0x200) !== 0) return [name, readLogical(b)];
  if (numeric !== undefined) return [name, readNumeric(b, numeric, (word & 0x800) !== 0)];
  if (cls === 4) return [name, readChar(b)];
  if (cls === 1) return [name, readCell(b)];
  if (cls === 2) return [name, readStruct(b)];
  return fail(s, el.at, here, `array class ${cls} is not a MATLAB class`);
}

/** An array's elements after its name, from `pos`; `n` values for `dims`. */
interface Body {
  s: Stream;
  pos: number;
  region: Region;
  path: string;
  dims: number[];
  n: number;
  depth: number;
}

/** A numeric element holding one value per array element. */
function readCounted(b: Body, pos: number, what: string): [Element, Float64Array] {
  const el = readTag(b.s, pos, b.region);
  const values = readNumbers(b.s, el, b.path, what);
  if (values.length !== b.n)
    fail(b.s, el.at, b.path, `${what} has ${values.length} values for ${b.dims.join('×')}`);
  return [el, values];
}

function readNumeric(b: Body, cls: NumericClass, complex: boolean): MatNumeric {
  const [realEl, real] = readCounted(b, b.pos, 'the real part');
  const value: MatNumeric = { kind: 'numeric', class: cls, dims: b.dims, real };
  if (complex) value.imag = readCounted(b, realEl.next, 'the imaginary part')[1];
  return value;
}

function readLogical(b: Body): MatLogical {
  const [, values] = readCounted(b, b.pos, 'the logical data');
  return { kind: 'logical', dims: b.dims, data: Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)) };
}

function readChar(b: Body): MatChar {
  const el = readTag(b.s, b.pos, b.region);
  const text = readChars(b.s, el, b.path);
  // MATLAB counts UTF-16 code units; scipy counts code points when it writes UTF-8.
  const chars = text.length === b.n ? text : Array.from(text);
  if (chars.length !== b.n)
    fail(b.s, el.at, b.path, `${chars.length} characters for ${b.dims.join('×')}`);
  if (b.n === 0 && b.dims[0]! * numel(b.dims.slice(2)) > MAX_EMPTY)
    fail(b.s, el.at, b.path, `${b.dims.join('×')} chars: empty rows, more than ${MAX_EMPTY}`);
  return { kind: 'char', dims: b.dims, text: charRows(chars, b.dims) };
}

/** `count` arrays from `pos`, each at least an 8-byte tag: bounded before anything is allocated. */
function readArrays(
  b: Body,
  pos: number,
  count: number,
  pathOf: (k: number) => string,
): MatValue[] {
  if (count > (b.region.end - pos) / 8)
    fail(b.s, pos, b.path, `${count} arrays cannot fit in the ${b.region.end - pos} bytes left`);
  const out: MatValue[] = [];
  for (let k = 0; k < count; k++) {
    const el = readTag(b.s, pos, b.region);
    out.push(readArray(b.s, el, pathOf(k), b.depth + 1)[1]);
    pos = el.next;
  }
  return out;
}

function readCell(b: Body): MatCell {
  const cells = readArrays(b, b.pos, b.n, (k) => `${b.path}{${k + 1}}`);
  return { kind: 'cell', dims: b.dims, cells };
}

function readStruct(b: Body): MatStruct {
  const { s, path, n } = b;
  const lengthEl = readTag(s, b.pos, b.region);
  const namesEl = readTag(s, lengthEl.next, b.region);
  if (lengthEl.type !== MI.INT32 || lengthEl.size !== 4 || namesEl.type !== MI.INT8)
    fail(s, lengthEl.at, path, 'field names are not an int32 length then int8 names');
  // Each name is NUL-padded to this width.
  const width = s.view.getInt32(lengthEl.start, s.le);
  if (width < 0 || (width === 0 ? namesEl.size !== 0 : namesEl.size % width !== 0))
    fail(s, namesEl.at, path, `${namesEl.size} bytes of field names ${width} bytes wide`);
  const fields: string[] = [];
  for (let p = namesEl.start; p < namesEl.start + namesEl.size; p += width)
    fields.push(latin1(s.bytes.subarray(p, p + width)));
  if (fields.some((f, k) => f === '' || fields.indexOf(f) !== k))
    fail(s, namesEl.at, path, `field names [${fields.join(', ')}] are empty or repeated`);
  if (fields.length === 0 && n > MAX_EMPTY)
    fail(s, namesEl.at, path, `${n} struct elements without fields, more than ${MAX_EMPTY}`);
  const m = fields.length;
  const prefix = (k: number) => (n === 1 ? `${path}.` : `${path}(${Math.floor(k / m) + 1}).`);
  const values = readArrays(b, namesEl.next, n * m, (k) => prefix(k) + fields[k % m]);
  const elements: Map<string, MatValue>[] = [];
  for (let e = 0; e < n; e++) elements.push(new Map(fields.map((f, k) => [f, values[e * m + k]!])));
  return { kind: 'struct', dims: b.dims, fields, elements };
}
