import { describe, expect, it } from 'vitest';
import { blobF64, f64Blob, poseBlob, roundedF32Blob } from './blobs';

const bits = (a: Float64Array | undefined) =>
  Array.from(a ?? [], (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('pose blobs', () => {
  it('stores float32 where every value survives it, tagged so its length is odd', () => {
    const pixels = Float64Array.from([412, 297.5, 0.25, NaN, -0, 3.4028234663852886e38]);
    const b = poseBlob(pixels, 1)!;
    expect(b.byteLength).toBe(pixels.length * 4 + 1);
    expect(bits(blobF64(b))).toEqual(bits(pixels));
    // A float32 value written out as a double (RootNet's boxes) is float32 too.
    const box = Float64Array.from([412.9972229003906, 297.5716247558594]);
    expect(poseBlob(box, 2)!.byteLength).toBe(9);
    expect(Array.from(blobF64(poseBlob(box, 2))!)).toEqual(Array.from(box));
  });

  it('stores decimals of at most 6 significant digits as float32, read back as those decimals', () => {
    // Predictions written with a decimal or two: none is a float32, each is a short decimal.
    const mm = Float64Array.from([1234.5, -87.25, 0.1, 512.3, 99999.9, 1e-5, NaN, 3]);
    const b = poseBlob(mm, 1)!;
    expect(b.byteLength).toBe(mm.length * 4 + 1);
    expect(bits(blobF64(b))).toEqual(bits(mm));
    // Checked independently of the blob code: every 6-digit decimal in a few decades survives.
    const rnd = (i: number) => ((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1;
    const many = Float64Array.from({ length: 20_000 }, (_, i) =>
      Number(((rnd(i) - 1.5) * 10 ** ((i % 9) - 3)).toPrecision(1 + (i % 6))),
    );
    const back = blobF64(poseBlob(many, 1))!;
    expect(back.length).toBe(many.length);
    let differ = 0;
    many.forEach((v, i) => (differ += Object.is(v, back[i]) ? 0 : 1));
    expect(differ).toBe(0);
    expect(poseBlob(many, 1)!.byteLength).toBe(many.length * 4 + 1);
    // One value of 7 digits, or a -0 among decimals, keeps the blob float64.
    expect(poseBlob(Float64Array.from([0.1, 1234.567]), 1)!.byteLength).toBe(16);
    expect(poseBlob(Float64Array.from([0.1, -0]), 1)!.byteLength).toBe(16);
  });

  it('keeps float64 when one value needs it, and gives back every value to the last bit', () => {
    // Human3.6M's world joints carry full double digits.
    const world = Float64Array.from([2007.8667744325903, -223.22909107871237, 1, 2, 3]);
    const b = poseBlob(world, 1)!;
    expect(b.byteLength).toBe(world.length * 8);
    expect(blobF64(b)).toEqual(world);
    expect(poseBlob(Float64Array.from([0.1234567]), 1)!.byteLength).toBe(8);
    expect(Object.is(blobF64(poseBlob(Float64Array.from([0.1]), 1))![0], 0.1)).toBe(true);
  });

  it('reads float64 blobs written before float32 existed, empty ones, and refuses damaged ones', () => {
    const old = f64Blob(Float64Array.from([1.5, 2, 3]))!;
    expect(Array.from(blobF64(old)!)).toEqual([1.5, 2, 3]);
    expect(blobF64(poseBlob(new Float64Array(0), 3))).toEqual(new Float64Array(0));
    expect(blobF64(null)).toBeUndefined();
    const tagged = poseBlob(Float64Array.from([1.5, 2]), 1)!;
    const wrongTag = Buffer.from(tagged);
    wrongTag[wrongTag.length - 1] = 0;
    expect(() => blobF64(wrongTag)).toThrow(/blob of 9 bytes is damaged/);
    expect(() => blobF64(Buffer.alloc(12))).toThrow(/blob of 12 bytes is damaged/);
    // An unaligned copy (as SQLite may hand one back) reads the same.
    const unaligned = Buffer.alloc(tagged.length + 1).subarray(1);
    tagged.copy(unaligned);
    expect(Array.from(blobF64(unaligned)!)).toEqual([1.5, 2]);
    const fixed = poseBlob(Float64Array.from([1, 2, 3, 4]), 2)!;
    const unalignedFixed = Buffer.alloc(fixed.length + 1).subarray(1);
    fixed.copy(unalignedFixed);
    expect(Array.from(blobF64(unalignedFixed)!)).toEqual([1, 2, 3, 4]);
    const badStride = Buffer.from(fixed);
    badStride[badStride.length - 2] = 7;
    expect(() => blobF64(badStride)).toThrow(/blob of 15 bytes is damaged/);
  });

  it('stores short decimals near one point as whole numbers of 10^-d, read back to the last bit', () => {
    // A camera-space pose in mm written with one decimal, as a model's output rounded for a file.
    const rnd = (i: number) => ((Math.sin(i * 78.233) * 43758.5453) % 1) + 1;
    const poses = Array.from({ length: 2_000 }, (_, p) => {
      const root = [(rnd(p) - 1.5) * 4000, (rnd(p + 1) - 1.5) * 2000, 2000 + rnd(p + 2) * 5000];
      const places = p % 4;
      return Float64Array.from({ length: 51 }, (_, i) =>
        Number((root[i % 3]! + (i < 3 ? 0 : (rnd(p * 51 + i) - 1.5) * 1800)).toFixed(places)),
      );
    });
    let differ = 0;
    for (const pose of poses) {
      const b = poseBlob(pose, 3)!;
      const places = Math.max(...Array.from(pose, (v) => (String(v).split('.')[1] ?? '').length));
      // Offsets of up to 900 mm fit int16 with up to one decimal; with more, float32 or float64.
      if (places <= 1) expect(b.byteLength).toBe(4 * 3 + 2 * 48 + 3);
      else expect(b.byteLength).toBeGreaterThanOrEqual(51 * 4 + 1);
      const back = blobF64(b)!;
      pose.forEach((v, i) => (differ += Object.is(v, back[i]) ? 0 : 1));
    }
    expect(differ).toBe(0);
    // COCO's whole pixels, an unlabelled (0, 0) among them: 75 bytes instead of 137.
    const coco = Float64Array.from({ length: 34 }, (_, i) =>
      i === 6 || i === 7 ? 0 : 300 + i * 7,
    );
    expect(poseBlob(coco, 2)!.byteLength).toBe(4 * 2 + 2 * 32 + 3);
    expect(bits(blobF64(poseBlob(coco, 2)))).toEqual(bits(coco));
  });

  it('leaves the whole-number form where one value does not fit it', () => {
    const size = (values: number[], dim: 1 | 2 | 3) =>
      poseBlob(Float64Array.from(values), dim)!.byteLength;
    // An offset past int16 (4,000 px at one decimal), a NaN, a -0, seven decimals.
    expect(size([0, 0, 4000.5, 1], 2)).toBe(17);
    expect(size([1, 2, NaN, 4], 2)).toBe(17);
    expect(size([1, 2, -0, 4], 2)).toBe(17);
    expect(size([1, 2, 3.1234567, 4], 2)).toBe(32);
    // A single point gains nothing from offsets.
    expect(size([1.5, 2.5, 3.5], 3)).toBe(13);
  });

  it('keeps doubles rounded to float32 only where asked, read back as those float32s', () => {
    const errors = Float64Array.from([12.345678912345, 149.99999999999, NaN, Infinity]);
    const back = blobF64(roundedF32Blob(errors))!;
    expect(Array.from(back)).toEqual(Array.from(errors, (e) => Math.fround(e)));
    expect(roundedF32Blob(errors).byteLength).toBe(17);
  });
});
