import { BufferReader, NameRegistry, Parser } from 'pickleparser';

/**
 * A numpy array out of a pickle: its shape and its values in C (row-major) order, numbers as
 * float64 (integers and booleans too), object arrays as the parsed values.
 */
export class NdArray {
  shape: number[] = [];
  data: Float64Array | unknown[] = new Float64Array(0);
  /** numpy's type code ('f8', 'i8', 'b1', 'O', …). */
  dtype = '';

  /** numpy's `ndarray.__setstate__`: (version, shape, dtype, is_fortran, raw) or without version. */
  __setstate__(state: unknown): void {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4))
      throw new Error('ndarray state is not a 4- or 5-tuple');
    const [shape, dtype, fortran, raw] = state.length === 5 ? state.slice(1) : state;
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number'))
      throw new Error('ndarray shape is not a tuple of integers');
    if (!(dtype instanceof DType)) throw new Error('ndarray dtype is not a numpy dtype');
    this.shape = shape as number[];
    // numpy pickles the object dtype as `dtype('O8', False, True)`: its code carries a width.
    const object = /^[|=]?O\d*$/.test(dtype.code);
    this.dtype = object ? 'O' : dtype.code;
    const size = this.shape.reduce((a, b) => a * b, 1);
    const values = object ? objectValues(raw, size) : decode(dtype, rawBytes(raw), size);
    this.data = fortran === true ? toRowMajor(values, this.shape) : values;
  }
}

/** A numpy dtype: its type code and, once its state is set, its byte order. */
class DType {
  littleEndian = true;
  constructor(readonly code: string) {}

  /** numpy's `dtype.__setstate__`: (version, byte order, …). */
  __setstate__(state: unknown): void {
    if (!Array.isArray(state) || typeof state[1] !== 'string')
      throw new Error('dtype state has no byte order');
    this.littleEndian = state[1] !== '>';
  }
}

function decode(dtype: DType, bytes: Uint8Array, size: number): Float64Array {
  const m = /^[<>|=]?([fiub])(\d+)$/.exec(dtype.code);
  if (!m) throw new Error(`numpy dtype '${dtype.code}' is not supported`);
  const kind = m[1]!;
  const width = Number(m[2]);
  if (bytes.length !== size * width)
    throw new Error(`ndarray holds ${bytes.length} bytes, expected ${size} × ${width}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dtype.littleEndian;
  const read = reader(kind, width, view, le, dtype.code);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = read(i * width);
  return out;
}

function reader(
  kind: string,
  width: number,
  view: DataView,
  le: boolean,
  code: string,
): (at: number) => number {
  if (kind === 'f' && width === 8) return (at) => view.getFloat64(at, le);
  if (kind === 'f' && width === 4) return (at) => view.getFloat32(at, le);
  if (kind === 'b' && width === 1) return (at) => (view.getUint8(at) !== 0 ? 1 : 0);
  if (kind === 'i' && width === 1) return (at) => view.getInt8(at);
  if (kind === 'u' && width === 1) return (at) => view.getUint8(at);
  if (kind === 'i' && width === 2) return (at) => view.getInt16(at, le);
  if (kind === 'u' && width === 2) return (at) => view.getUint16(at, le);
  if (kind === 'i' && width === 4) return (at) => view.getInt32(at, le);
  if (kind === 'u' && width === 4) return (at) => view.getUint32(at, le);
  if (kind === 'i' && width === 8) return (at) => Number(view.getBigInt64(at, le));
  if (kind === 'u' && width === 8) return (at) => Number(view.getBigUint64(at, le));
  throw new Error(`numpy dtype '${code}' is not supported`);
}

/** The raw buffer of an array: bytes (Python 3) or a latin-1 string (a Python 2 `str`). */
function rawBytes(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (typeof raw === 'string') return latin1Bytes(raw);
  throw new Error('ndarray data is neither bytes nor a string');
}

function objectValues(raw: unknown, size: number): unknown[] {
  if (!Array.isArray(raw) || raw.length !== size)
    throw new Error(`object ndarray holds no list of ${size} values`);
  return raw;
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error('ndarray data string is not latin-1');
    out[i] = c;
  }
  return out;
}

/** Fortran-ordered values re-laid in C order. */
function toRowMajor<T extends Float64Array | unknown[]>(values: T, shape: readonly number[]): T {
  const n = shape.length;
  const out = (values instanceof Float64Array ? new Float64Array(values.length) : []) as T;
  const idx = new Array<number>(n).fill(0);
  for (let c = 0; c < values.length; c++) {
    let f = 0;
    for (let d = 0, stride = 1; d < n; d++) {
      f += idx[d]! * stride;
      stride *= shape[d]!;
    }
    out[c] = values[f]!;
    for (let d = n - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

const CHUNK = 0x4000;

/**
 * Python 2 `str` values (SHORT_BINSTRING / BINSTRING) decoded byte for byte, as Python 3's
 * `pickle.load(f, encoding='latin1')` does: array buffers pickled by Python 2 survive intact.
 */
class Latin1Reader extends BufferReader {
  override string(size: number, encoding: Parameters<BufferReader['string']>[1]): string {
    if (encoding !== 'ascii') return super.string(size, encoding);
    const b = this.bytes(size);
    let s = '';
    for (let i = 0; i < b.length; i += CHUNK)
      s += String.fromCharCode(...b.subarray(i, Math.min(b.length, i + CHUNK)));
    return s;
  }
}

function numpyNames(): NameRegistry {
  const names = new NameRegistry();
  const reconstruct = () => new NdArray();
  const dtype = (code: unknown) => {
    if (typeof code !== 'string') throw new Error('numpy dtype without a type code');
    return new DType(code);
  };
  const scalar = (d: unknown, raw: unknown) => {
    if (!(d instanceof DType)) throw new Error('numpy scalar without a dtype');
    return decode(d, rawBytes(raw), 1)[0];
  };
  for (const mod of ['numpy.core.multiarray', 'numpy._core.multiarray']) {
    names.register(mod, '_reconstruct', reconstruct);
    names.register(mod, 'scalar', scalar);
  }
  names.register('numpy', 'dtype', dtype);
  // Python 3 writes bytes for protocol 2 as _codecs.encode(text, 'latin1').
  names.register('_codecs', 'encode', (text: unknown) => {
    if (typeof text !== 'string') throw new Error('_codecs.encode of a non-string');
    return latin1Bytes(text);
  });
  return names;
}

/**
 * Reads a pickle (any protocol) holding plain values and numpy arrays, as Python 3 loads a
 * Python 2 pickle with `encoding='latin1'`: dicts as Maps, tuples and lists as arrays, arrays as
 * `NdArray`. Classes other than numpy's become inert objects; nothing in the file is run.
 */
export function readNumpyPickle(bytes: Uint8Array): unknown {
  const parser = new Parser({ nameResolver: numpyNames(), unpicklingTypeOfDictionary: 'Map' });
  return parser.read(new Latin1Reader(bytes));
}
