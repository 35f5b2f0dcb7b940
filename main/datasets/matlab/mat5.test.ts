import { zlibSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, numel, readMat5, type MatValue } from './mat5';

/** The fixtures and expected.json come from fixtures/make_fixtures.py (scipy), not from mat5.ts. */
const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const GROUPS: Record<string, string[]> = {
  basic: ['basic_le.mat', 'basic_be.mat', 'basic_le_z.mat', 'basic_be_z.mat'],
  handmade: ['handmade_le.mat', 'handmade_be_z.mat'],
  mpii_gt_val_small: ['mpii_gt_val_small.mat'],
};

/** A value as make_fixtures.py describes it in expected.json. */
function plain(v: MatValue): unknown {
  switch (v.kind) {
    case 'numeric': {
      const { kind, class: cls, dims, real, imag } = v;
      const out = { kind, class: cls, dims, real: Array.from(real) };
      return imag ? { ...out, imag: Array.from(imag) } : out;
    }
    case 'logical':
      return { kind: v.kind, dims: v.dims, data: Array.from(v.data) };
    case 'char':
      return v;
    case 'cell':
      return { kind: v.kind, dims: v.dims, cells: v.cells.map(plain) };
    case 'struct':
      return {
        kind: v.kind,
        dims: v.dims,
        fields: v.fields,
        elements: v.elements.map((e) => Object.fromEntries([...e].map(([k, x]) => [k, plain(x)]))),
      };
  }
}

function get<K extends MatValue['kind']>(
  v: MatValue | undefined,
  kind: K,
): Extract<MatValue, { kind: K }> {
  expect(v?.kind).toBe(kind);
  return v as Extract<MatValue, { kind: K }>;
}

/** A little-endian file: a v5 header, then `body`. */
function file(...body: number[][]): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set([0, 1, 0x49, 0x4d], 124);
  const out = new Uint8Array(128 + body.flat().length);
  out.set(header);
  out.set(body.flat(), 128);
  return out;
}
const u32 = (...values: number[]) =>
  values.flatMap((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
const tag = (type: number, size: number) => u32(type, size);
/** A miMATRIX of class `cls` (flags in the second byte of the word), its name padded to 8. */
function matrix(cls: number, dims: number[], name: string, ...rest: number[][]): number[] {
  const nameBytes = [...Buffer.from(name)];
  const body = [
    ...tag(6, 8),
    ...u32(cls, 0),
    ...tag(5, dims.length * 4),
    ...u32(...dims),
    ...(dims.length % 2 === 1 ? u32(0) : []),
    ...tag(1, nameBytes.length),
    ...nameBytes,
    ...new Array<number>((8 - (nameBytes.length % 8)) % 8).fill(0),
    ...rest.flat(),
  ];
  return [...tag(14, body.length), ...body];
}

describe('readMat5 on files written by scipy and by hand', () => {
  for (const [group, files] of Object.entries(GROUPS)) {
    for (const name of files) {
      it(`reads ${name} as scipy.io.loadmat does`, () => {
        const vars = readMat5(fixture(name), name);
        expect([...vars.keys()]).toEqual(Object.keys(EXPECTED[group]!));
        expect(Object.fromEntries([...vars].map(([k, v]) => [k, plain(v)]))).toEqual(
          EXPECTED[group],
        );
      });
    }
  }

  it('reads MPII-shaped nested structs with at() and MATLAB-style paths', () => {
    const release = get(readMat5(fixture('basic_le_z.mat'), 'x').get('RELEASE'), 'struct');
    const annolist = get(release.elements[0]!.get('annolist'), 'struct');
    expect(annolist.dims).toEqual([1, 3]);
    const annorect = get(annolist.elements[at(annolist.dims, 0, 0)]!.get('annorect'), 'struct');
    const x1 = get(annorect.elements[at(annorect.dims, 0, 1)]!.get('x1'), 'numeric');
    expect(Array.from(x1.real)).toEqual([-3.5]);
    // An empty annorect is [] (0×0 double), as in the real RELEASE.
    expect(annolist.elements[1]!.get('annorect')).toMatchObject({ kind: 'numeric', dims: [0, 0] });
    const name = get(annolist.elements[2]!.get('image'), 'struct').elements[0]!.get('name');
    expect(get(name, 'char').text).toEqual(['005808361.jpg']);
  });

  it('reads the shape of mpii_gt_val.mat: joint names and column-major coordinates', () => {
    const vars = readMat5(fixture('mpii_gt_val_small.mat'), 'gt.mat');
    const joints = get(vars.get('dataset_joints'), 'cell');
    expect(joints.cells.map((c) => get(c, 'char').text[0])).toEqual(
      'rank rkne rhip lhip lkne lank pelv thor neck head rwri relb rsho lsho lelb lwri'.split(' '),
    );
    const pos = get(vars.get('pos_gt_src'), 'numeric');
    expect(pos.dims).toEqual([16, 2, 5]);
    const real = (EXPECTED.mpii_gt_val_small!.pos_gt_src as { real: number[] }).real;
    // pos_gt_src(10, 2, 5) in MATLAB: joint 9 (head), y, person 4, counted from 0.
    expect(pos.real[at(pos.dims, 9, 1, 4)]).toBe(real[9 + 16 * 1 + 32 * 4]);
    expect(get(vars.get('headboxes_src'), 'numeric').dims).toEqual([2, 2, 5]);
    expect(get(vars.get('jnt_missing'), 'numeric').dims).toEqual([16, 5]);
  });
});

describe('at and numel', () => {
  it('index column-major, allowing dropped trailing singletons', () => {
    expect(at([2, 3, 4], 1, 2, 3)).toBe(1 + 2 * 2 + 3 * 6);
    expect(at([16, 2], 3, 1, 0)).toBe(19);
    expect(at([5, 1, 1], 4)).toBe(4);
    expect(numel([2, 3, 4])).toBe(24);
    expect(numel([0, 0])).toBe(0);
  });

  it('refuse subscripts outside the array', () => {
    expect(() => at([2, 3], 2, 0)).toThrow('subscripts [2, 0] are outside an array of [2, 3]');
    expect(() => at([2, 3], 0, 0, 1)).toThrow(RangeError);
    expect(() => at([2, 3], 1)).toThrow(RangeError);
    expect(() => at([2, 3], 0.5, 0)).toThrow(RangeError);
    expect(() => at([0, 0], 0, 0)).toThrow(RangeError);
  });
});

describe('readMat5 refuses', () => {
  it('sparse matrices and objects written by scipy', () => {
    expect(() => readMat5(fixture('refused_sparse.mat'), 's.mat')).toThrow(
      's.mat: byte 128: sparse: a sparse matrix (mxSPARSE_CLASS) is not supported',
    );
    expect(() => readMat5(fixture('refused_obj.mat'), 'o.mat')).toThrow(
      'o.mat: byte 128: obj: a MATLAB object (mxOBJECT_CLASS) is not supported',
    );
  });

  it('function handles and opaque objects', () => {
    expect(() => readMat5(file(matrix(16, [1, 1], 'f')), 'f.mat')).toThrow(
      'f.mat: byte 128: f: a function handle (mxFUNCTION_CLASS) is not supported',
    );
    const opaque = [...tag(14, 16), ...tag(6, 8), ...u32(17, 0)];
    expect(() => readMat5(file(opaque), 'o.mat')).toThrow(
      'o.mat: byte 128: an opaque object (mxOPAQUE_CLASS: string, table, classdef …) is not supported',
    );
  });

  it('a file too short for its header', () => {
    expect(() => readMat5(new Uint8Array(50), 'x.mat')).toThrow(
      "x.mat: 50 bytes, too short for a MAT-file's 128-byte header",
    );
  });

  it('a file cut short inside an element', () => {
    const bytes = fixture('basic_le.mat').subarray(0, 1000);
    // The eleventh variable, cellstr, starts at byte 984 and holds 240 bytes.
    expect(() => readMat5(bytes, 'x.mat')).toThrow(
      'x.mat: byte 984: element of 240 bytes runs past the end of the file (1000 bytes)',
    );
    expect(() => readMat5(fixture('basic_le.mat').subarray(0, 988), 'x.mat')).toThrow(
      'x.mat: byte 984: 4 bytes left in the file (988 bytes), too few for a tag (8)',
    );
  });

  it('an element whose length runs past the end of the file', () => {
    expect(() => readMat5(file(tag(14, 4096), new Array(100).fill(0)), 'x.mat')).toThrow(
      'x.mat: byte 128: element of 4096 bytes runs past the end of the file (236 bytes)',
    );
  });

  it('an element whose length runs past the end of its array', () => {
    const bad = matrix(6, [1, 1], 'x', tag(9, 64));
    expect(() => readMat5(file(bad), 'x.mat')).toThrow(
      'x.mat: byte 184: element of 64 bytes runs past the end of the array ending at byte 192',
    );
  });

  it('a corrupt zlib stream', () => {
    const bytes = fixture('basic_le_z.mat').slice();
    const size = new DataView(bytes.buffer).getUint32(132, true);
    bytes[136] = 0x00; // zlib's header: compression method 8 becomes 0
    expect(() => readMat5(bytes, 'z.mat')).toThrow(
      `z.mat: byte 128: compressed element of ${size} bytes does not inflate: invalid zlib data`,
    );
  });

  it('errors inside compressed data by their offset in the inflated bytes', () => {
    const inner = matrix(6, [2, 2], 'x', tag(9, 24), new Array(24).fill(0));
    const z = zlibSync(new Uint8Array(inner));
    expect(() => readMat5(file(tag(15, z.length), [...z]), 'z.mat')).toThrow(
      'z.mat: byte 56 of the data inflated from byte 128: x: the real part has 3 values for 2×2',
    );
  });

  it('a MAT v7.3 (HDF5) file', () => {
    const v73 = new Uint8Array(1024).fill(0x20);
    v73.set(Buffer.from('MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .'));
    v73.set([0, 2, 0x49, 0x4d], 124);
    v73.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512);
    const message =
      'x.mat: a MAT-file v7.3, which is HDF5, not the v5 format read here: read it as HDF5 or save it again with save -v7';
    expect(() => readMat5(v73, 'x.mat')).toThrow(message);
    v73.fill(0x20, 0, 116);
    expect(() => readMat5(v73, 'x.mat')).toThrow(message);
  });

  it('a wrong endian indicator or version', () => {
    const bytes = fixture('basic_le.mat').slice();
    bytes.set([0x58, 0x58], 126);
    expect(() => readMat5(bytes, 'x.mat')).toThrow(
      `x.mat: byte 126: endian indicator "XX" is neither 'IM' nor 'MI': not a MAT-file (v5)`,
    );
    bytes.set([0x4d, 0x49], 126);
    expect(() => readMat5(bytes, 'x.mat')).toThrow(
      'x.mat: byte 124: version 0x1, not 0x100 (MAT v5)',
    );
  });

  it('arrays nested too deep, and counts that cannot fit', () => {
    let nested = matrix(6, [0, 0], '', tag(9, 0));
    for (let i = 0; i < 70; i++) nested = matrix(1, [1, 1], i === 69 ? 'c' : '', nested);
    expect(() => readMat5(file(nested), 'x.mat')).toThrow(
      /^x\.mat: byte \d+: c(\{1\}){65}: arrays nested more than 64 deep$/,
    );
    const huge = matrix(1, [65536, 65536], 'c');
    expect(() => readMat5(file(huge), 'x.mat')).toThrow(
      'x.mat: byte 184: c: 4294967296 arrays cannot fit in the 0 bytes left',
    );
  });

  it('char and struct arrays that hold no bytes beyond a limit', () => {
    expect(() => readMat5(file(matrix(4, [70000, 0], 'c', tag(16, 0))), 'x.mat')).toThrow(
      'x.mat: byte 184: c: 70000×0 chars: empty rows, more than 65536',
    );
    const fieldless = matrix(2, [1, 70000], 's', tag(5, 4), u32(32, 0), tag(1, 0));
    expect(() => readMat5(file(fieldless), 'x.mat')).toThrow(
      'x.mat: byte 200: s: 70000 struct elements without fields, more than 65536',
    );
  });

  it('bad values by their MATLAB path', () => {
    const one = (bytes: number) => matrix(6, [1, 1], '', tag(9, bytes), new Array(bytes).fill(0));
    // s(1).a is 0, s(2).a holds two doubles for its 1×1.
    const fields = [...tag(5, 4), ...u32(8, 0), ...tag(1, 8), 97, 0, 0, 0, 0, 0, 0, 0];
    const s = matrix(2, [1, 2], 's', fields, one(8), one(16));
    expect(() => readMat5(file(s), 'x.mat')).toThrow(
      'x.mat: byte 328: s(2).a: the real part has 2 values for 1×1',
    );
    const utf8 = matrix(4, [1, 2], 'c', tag(16, 2), [0xc3, 0x28, 0, 0, 0, 0, 0, 0]);
    expect(() => readMat5(file(utf8), 'x.mat')).toThrow(
      'x.mat: byte 184: c: the characters are not valid UTF-8',
    );
  });

  it('reads UTF-32 characters, counted as MATLAB counts them (UTF-16 code units)', () => {
    const utf32 = matrix(4, [1, 4], 'c', tag(18, 12), u32(0x68, 0x69, 0x1f600), u32(0));
    expect(readMat5(file(utf32), 'x.mat').get('c')).toEqual({
      kind: 'char',
      dims: [1, 4],
      text: ['hi😀'],
    });
  });

  it('every truncation and byte flip with its own clean error, never a crash or a hang', () => {
    const unclean: string[] = [];
    const attempt = (bytes: Uint8Array, what: string) => {
      try {
        readMat5(bytes, 'f.mat');
      } catch (err) {
        if (
          !(err instanceof Error) ||
          err instanceof RangeError ||
          !err.message.startsWith('f.mat: ')
        )
          unclean.push(`${what}: ${String(err)}`);
      }
    };
    // A cut is caught by the top-level tag, so cuts need only the header and a compressed file;
    // flips reach every nested tag, size and count.
    for (const name of ['handmade_le.mat', 'handmade_be_z.mat']) {
      const original = fixture(name);
      for (let n = 0; n < original.length; n++)
        attempt(original.subarray(0, n), `${name} cut at ${n}`);
    }
    for (const [name, flips] of [
      ['basic_le.mat', [0xff]],
      ['handmade_le.mat', [0xff, 0x80, 0x01]],
    ] as const) {
      const original = fixture(name);
      for (let i = 0; i < original.length; i++) {
        for (const flip of flips) {
          const bytes = original.slice();
          bytes[i] = bytes[i]! ^ flip;
          attempt(bytes, `${name} byte ${i} ^ ${flip}`);
        }
      }
    }
    expect(unclean).toEqual([]);
  });
});
