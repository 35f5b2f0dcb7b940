/** Float64 poses and uint8 visibility as SQLite blobs (little-endian, as every supported CPU). */
export const f64Blob = (a: Float64Array | undefined): Buffer | null =>
  a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null;

export const u8Blob = (a: Uint8Array | undefined): Buffer | null =>
  a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null;

/**
 * Ends a float32 blob, so its length is 4n + 1: odd, which no float64 blob's length (8n) is. The
 * length alone tells the two apart, without knowing the joint count and for any blob a reader
 * meets; a float32 blob whose last byte is not this one is refused as damaged.
 */
const F32_TAG = 0x34;

/**
 * Ends a float32 blob whose values are decimals of at most 6 significant digits: read back, each
 * float32 is rounded to 6 significant digits, which gives the decimal that was stored. Exact by
 * IEEE 754 (C's FLT_DIG = 6): any decimal of 6 significant digits or fewer, rounded to the
 * nearest float32 and back to 6 digits, is itself. Model outputs written with a few decimals
 * (`1234.5`, `512.25`) are such values, and half the bytes of float64.
 */
const D6_TAG = 0x36;

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

/**
 * Joints as a blob, half the bytes of float64 where no value is lost: float32 when every value
 * survives the trip exactly (COCO's integer pixels, files written from float32 arrays), float32
 * read back at 6 significant digits when every value is a decimal that short (predictions
 * written with a decimal or two), float64 otherwise (Human3.6M's world mm carry full double
 * digits). What is read back always equals what was read, to the last bit.
 */
export function poseBlob(a: Float64Array | undefined): Buffer | null {
  if (!a || a.length === 0) return f64Blob(a);
  const tag = fitsFloat32(a) ? F32_TAG : fitsDecimal6(a) ? D6_TAG : undefined;
  if (tag === undefined) return f64Blob(a);
  const out = Buffer.alloc(a.length * 4 + 1);
  new Float32Array(out.buffer, out.byteOffset, a.length).set(a);
  out[a.length * 4] = tag;
  return out;
}

const damaged = (b: Buffer) =>
  new Error(
    `a stored blob of ${b.byteLength} bytes is damaged: neither float64 nor tagged float32`,
  );

/** A float64 or (poseBlob) tagged float32 blob as float64 values, exactly those written. */
export function blobF64(b: Buffer | null | undefined): Float64Array | undefined {
  if (!b) return undefined;
  if (b.byteLength % 2 === 1) {
    const n = (b.byteLength - 1) / 4;
    const tag = b[b.byteLength - 1];
    if (!Number.isInteger(n) || (tag !== F32_TAG && tag !== D6_TAG)) throw damaged(b);
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
