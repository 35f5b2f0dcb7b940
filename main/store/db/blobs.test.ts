import { describe, expect, it } from 'vitest';
import { blobF64, f64Blob, poseBlob } from './blobs';

const bits = (a: Float64Array | undefined) =>
  Array.from(a ?? [], (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('pose blobs', () => {
  it('stores float32 where every value survives it, tagged so its length is odd', () => {
    const pixels = Float64Array.from([412, 297.5, 0.25, NaN, -0, 3.4028234663852886e38]);
    const b = poseBlob(pixels)!;
    expect(b.byteLength).toBe(pixels.length * 4 + 1);
    expect(bits(blobF64(b))).toEqual(bits(pixels));
    // A float32 value written out as a double (RootNet's boxes) is float32 too.
    const box = Float64Array.from([412.9972229003906, 297.5716247558594]);
    expect(poseBlob(box)!.byteLength).toBe(9);
    expect(Array.from(blobF64(poseBlob(box))!)).toEqual(Array.from(box));
  });

  it('stores decimals of at most 6 significant digits as float32, read back as those decimals', () => {
    // Predictions written with a decimal or two: none is a float32, each is a short decimal.
    const mm = Float64Array.from([1234.5, -87.25, 0.1, 512.3, 99999.9, 1e-5, NaN, 3]);
    const b = poseBlob(mm)!;
    expect(b.byteLength).toBe(mm.length * 4 + 1);
    expect(bits(blobF64(b))).toEqual(bits(mm));
    // Checked independently of the blob code: every 6-digit decimal in a few decades survives.
    const rnd = (i: number) => ((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1;
    const many = Float64Array.from({ length: 20_000 }, (_, i) =>
      Number(((rnd(i) - 1.5) * 10 ** ((i % 9) - 3)).toPrecision(1 + (i % 6))),
    );
    const back = blobF64(poseBlob(many))!;
    expect(back.length).toBe(many.length);
    let differ = 0;
    many.forEach((v, i) => (differ += Object.is(v, back[i]) ? 0 : 1));
    expect(differ).toBe(0);
    expect(poseBlob(many)!.byteLength).toBe(many.length * 4 + 1);
    // One value of 7 digits, or a -0 among decimals, keeps the blob float64.
    expect(poseBlob(Float64Array.from([0.1, 1234.567]))!.byteLength).toBe(16);
    expect(poseBlob(Float64Array.from([0.1, -0]))!.byteLength).toBe(16);
  });

  it('keeps float64 when one value needs it, and gives back every value to the last bit', () => {
    // Human3.6M's world joints carry full double digits.
    const world = Float64Array.from([2007.8667744325903, -223.22909107871237, 1, 2, 3]);
    const b = poseBlob(world)!;
    expect(b.byteLength).toBe(world.length * 8);
    expect(blobF64(b)).toEqual(world);
    expect(poseBlob(Float64Array.from([0.1234567]))!.byteLength).toBe(8);
    expect(Object.is(blobF64(poseBlob(Float64Array.from([0.1])))![0], 0.1)).toBe(true);
  });

  it('reads float64 blobs written before float32 existed, empty ones, and refuses damaged ones', () => {
    const old = f64Blob(Float64Array.from([1.5, 2, 3]))!;
    expect(Array.from(blobF64(old)!)).toEqual([1.5, 2, 3]);
    expect(blobF64(poseBlob(new Float64Array(0)))).toEqual(new Float64Array(0));
    expect(blobF64(null)).toBeUndefined();
    const tagged = poseBlob(Float64Array.from([1, 2]))!;
    const wrongTag = Buffer.from(tagged);
    wrongTag[wrongTag.length - 1] = 0;
    expect(() => blobF64(wrongTag)).toThrow(/blob of 9 bytes is damaged/);
    expect(() => blobF64(Buffer.alloc(12))).toThrow(/blob of 12 bytes is damaged/);
    // An unaligned copy (as SQLite may hand one back) reads the same.
    const unaligned = Buffer.alloc(tagged.length + 1).subarray(1);
    tagged.copy(unaligned);
    expect(Array.from(blobF64(unaligned)!)).toEqual([1, 2]);
  });
});
