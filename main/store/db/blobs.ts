/** Float64 poses and uint8 visibility as SQLite blobs (little-endian, as every supported CPU). */
export const f64Blob = (a: Float64Array | undefined): Buffer | null =>
  a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null;

export const u8Blob = (a: Uint8Array | undefined): Buffer | null =>
  a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null;

/*
 * A tagged blob ends in a tag byte and has an odd length, which no float64 blob's (8n) has: the
 * length and the last byte alone tell every kind apart, without knowing the joint count, for any
 * blob a reader meets. An odd blob whose last byte is no tag is refused as damaged.
 */

/** Float32 values, each exactly the double that was stored. Length 4n + 1. */
const F32_TAG = 0x34;

/**
 * Float32 values of decimals of at most 6 significant digits: read back, each float32 is rounded
 * to 6 significant digits, which gives the decimal that was stored. Exact by IEEE 754 (C's
 * FLT_DIG = 6): any decimal of 6 significant digits or fewer, rounded to the nearest float32 and
 * back to 6 digits, is itself. Length 4n + 1.
 */
const D6_TAG = 0x36;

/**
 * Float32 values rounded from doubles, read back as those float32s: not exact, so only for
 * figures whose caller has checked that the rounding changes nothing it is used for
 * (`roundedF32Blob`). Length 4n + 1.
 */
const R32_TAG = 0x32;

/**
 * Decimals of at most MAX_DECIMALS places as whole numbers of 10^-d, grouped by coordinate (the
 * stride: 3 for x, y, z; 2 for x, y): the first point's as int32, every later value as an int16
 * offset from the same coordinate of the first point. A pose in mm with one decimal, or in whole
 * pixels, takes a little over half the bytes of float32. Read back as k / 10^d: both are exact
 * doubles, so IEEE division gives the double nearest the decimal — what JSON.parse gave for it;
 * the writer checks every value anyway. Layout: int32 × stride, int16 × (n − stride), d, stride,
 * tag; length 4·stride + 2·(n − stride) + 3.
 */
const FIXED_TAG = 0x38;
const MAX_DECIMALS = 6;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

/** Whether every value comes back the same through float32 (NaN and -0 do). */
function fitsFloat32(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(Math.fround(a[i]!), a[i]!)) return false;
  return true;
}

/** A float32 read back as the decimal of 6 significant digits nearest it. */
const decimal6 = (f: number): number => Number(f.toPrecision(6));

/** Whether every value is a decimal of at most 6 significant digits (so decimal6 gives it back). */
function fitsDecimal6(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // Integers below 2^24 are exact float32s, so fitsFloat32 took those; this is the rest.
    if (!Object.is(decimal6(Math.fround(v)), v)) return false;
  }
  return true;
}

/** The fewest decimal places that hold every value exactly, or -1 (non-finite, -0, too many). */
function decimalsOf(a: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isFinite(v) || Object.is(v, -0)) return -1;
    while (Math.round(v * POW10[d]!) / POW10[d]! !== v) if (++d > MAX_DECIMALS) return -1;
  }
  return d;
}

const INT32 = 2 ** 31 - 1;
const INT16 = 2 ** 15 - 1;

/** The FIXED_TAG blob of a pose of `dim` coordinates a point, or null where it does not fit. */
function fixedBlob(a: Float64Array, dim: number): Buffer | null {
  const n = a.length;
  if (n <= dim || n % dim !== 0) return null;
  const d = decimalsOf(a);
  if (d < 0) return null;
  const p = POW10[d]!;
  // Every byte is written below; a pooled buffer costs a tenth of a zeroed one of its own.
  const out = Buffer.allocUnsafe(4 * dim + 2 * (n - dim) + 3);
  const bases: number[] = [];
  for (let c = 0; c < dim; c++) {
    const k = Math.round(a[c]! * p);
    if (Math.abs(k) > INT32 || k / p !== a[c]) return null;
    out.writeInt32LE(k, 4 * c);
    bases.push(k);
  }
  for (let i = dim, at = 4 * dim; i < n; i++, at += 2) {
    const base = bases[i % dim]!;
    const delta = Math.round(a[i]! * p) - base;
    if (delta < -INT16 || delta > INT16 || (base + delta) / p !== a[i]) return null;
    out.writeInt16LE(delta, at);
  }
  out[out.length - 3] = d;
  out[out.length - 2] = dim;
  out[out.length - 1] = FIXED_TAG;
  return out;
}

function tagged32(a: ArrayLike<number>, tag: number): Buffer {
  // Every byte is written below. Pooled buffers start at multiples of 8, as the view needs.
  const out = Buffer.allocUnsafe(a.length * 4 + 1);
  new Float32Array(out.buffer, out.byteOffset, a.length).set(a);
  out[a.length * 4] = tag;
  return out;
}

/**
 * Joints as a blob, in the fewest bytes that lose nothing: whole numbers of 10^-d offset from the
 * first point where every value is a short decimal close enough to it (COCO's integer pixels, a
 * model's mm written with a decimal), float32 when every value survives the trip exactly (files
 * written from float32 arrays), float32 read back at 6 significant digits when every value is a
 * decimal that short, float64 otherwise (Human3.6M's world mm carry full double digits). `dim` is
 * the coordinates a point (3, 2, or 1 for one value a joint). What is read back always equals
 * what was read, to the last bit.
 */
export function poseBlob(a: Float64Array | undefined, dim: 1 | 2 | 3): Buffer | null {
  if (!a || a.length === 0) return f64Blob(a);
  const fixed = fixedBlob(a, dim);
  if (fixed) return fixed;
  const tag = fitsFloat32(a) ? F32_TAG : fitsDecimal6(a) ? D6_TAG : undefined;
  return tag === undefined ? f64Blob(a) : tagged32(a, tag);
}

/**
 * Doubles as float32, read back as those float32s (half the bytes, about 7 significant digits).
 * Only where the caller has checked that nothing it is compared with moves across the rounding.
 */
export const roundedF32Blob = (a: ArrayLike<number>): Buffer => tagged32(a, R32_TAG);

const damaged = (b: Buffer) =>
  new Error(`a stored blob of ${b.byteLength} bytes is damaged: neither float64 nor tagged`);

function readFixed(b: Buffer): Float64Array {
  const d = b[b.byteLength - 3]!;
  const dim = b[b.byteLength - 2]!;
  const rest = b.byteLength - 3 - 4 * dim;
  if (d > MAX_DECIMALS || dim < 1 || dim > 3 || rest < 0 || rest % 2 !== 0) throw damaged(b);
  const p = POW10[d]!;
  const out = new Float64Array(dim + rest / 2);
  for (let c = 0; c < dim; c++) out[c] = b.readInt32LE(4 * c) / p;
  for (let i = dim, at = 4 * dim; i < out.length; i++, at += 2)
    out[i] = (b.readInt32LE(4 * (i % dim)) + b.readInt16LE(at)) / p;
  return out;
}

/** A float64 or tagged blob (poseBlob, roundedF32Blob) as float64 values, those written. */
export function blobF64(b: Buffer | null | undefined): Float64Array | undefined {
  if (!b) return undefined;
  if (b.byteLength % 2 === 1) {
    const tag = b[b.byteLength - 1];
    if (tag === FIXED_TAG) return readFixed(b);
    const n = (b.byteLength - 1) / 4;
    if (!Number.isInteger(n) || (tag !== F32_TAG && tag !== D6_TAG && tag !== R32_TAG))
      throw damaged(b);
    // Copy: SQLite's buffer may not be 4-byte aligned.
    const f32 = new Float32Array(n);
    new Uint8Array(f32.buffer).set(b.subarray(0, n * 4));
    const out = Float64Array.from(f32);
    if (tag === D6_TAG) for (let i = 0; i < n; i++) out[i] = decimal6(out[i]!);
    return out;
  }
  if (b.byteLength % 8 !== 0) throw damaged(b);
  // Copy: SQLite's buffer may not be 8-byte aligned.
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export const blobU8 = (b: Buffer | null | undefined): Uint8Array | undefined =>
  b ? new Uint8Array(b) : undefined;
