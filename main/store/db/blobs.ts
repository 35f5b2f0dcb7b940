/** Float64 poses and uint8 visibility as SQLite blobs (little-endian, as every supported CPU). */
export const f64Blob = (a: Float64Array | undefined): Buffer | null =>
  a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null;

export const u8Blob = (a: Uint8Array | undefined): Buffer | null =>
  a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null;

export function blobF64(b: Buffer | null | undefined): Float64Array | undefined {
  if (!b) return undefined;
  // Copy: SQLite's buffer may not be 8-byte aligned.
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export const blobU8 = (b: Buffer | null | undefined): Uint8Array | undefined =>
  b ? new Uint8Array(b) : undefined;
