import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdArray, readNumpyPickle } from './numpyPickle';

const FIXTURE = join(
  __dirname,
  '../../../test/fixtures/3dpw/sequenceFiles/validation/tiny_seq_00.pkl',
);

/**
 * Python 3 (numpy 2) `pickle.dumps({'f': np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3)),
 * 'be': np.array([1.5, -2.0], dtype='>f4'), 's': np.float64(2.5)}, protocol=2)`: bytes as
 * `_codecs.encode(text, 'latin1')`, a Fortran-ordered array, a big-endian dtype, a numpy scalar.
 */
const PY3_PROTOCOL2 =
  '80027d7100285801000000667101636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7102636e756d70790a6e6461727261790a71034b00857104635f636f646563730a656e636f64650a7105580100000062710658060000006c6174696e31710786710852710987710a52710b284b014b024b0386710c636e756d70790a64747970650a710d58020000006934710e898887710f527110284b0358010000003c71114e4e4e4affffffff4affffffff4b007471126288680558180000000000000003000000010000000400000002000000050000007113680786711452711574711662580200000062657117680268034b00857118680987711952711a284b014b0285711b680d58020000006634711c898887711d52711e284b0358010000003e711f4e4e4e4affffffff4affffffff4b0074712062896805580a0000003fc3800000c38000000071216807867122527123747124625801000000737125636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7126680d5802000000663871278988877128527129284b0368114e4e4e4affffffff4affffffff4b0074712a62680558080000000000000000000440712b680786712c52712d86712e52712f752e';

describe('readNumpyPickle', () => {
  it('reads a Python 2 pickle of numpy arrays byte for byte, as encoding="latin1" does', () => {
    const d = readNumpyPickle(readFileSync(FIXTURE)) as Map<string, unknown>;
    expect(d.get('sequence')).toBe('tiny_seq_00');
    const K = d.get('cam_intrinsics') as NdArray;
    expect(K).toBeInstanceOf(NdArray);
    expect(K.shape).toEqual([3, 3]);
    expect(Array.from(K.data as Float64Array)).toEqual([1961, 0, 540, 0, 1969, 960, 0, 0, 1]);
    expect((d.get('img_frame_ids') as NdArray).dtype).toBe('i8');
    const valid = d.get('campose_valid') as NdArray[];
    expect(valid.map((v) => [v.dtype, Array.from(v.data as Float64Array)])).toEqual([
      ['b1', [1, 1, 0]],
      ['i8', [1, 1, 1]],
    ]);
    expect((d.get('poses2d') as NdArray[])[0]!.shape).toEqual([3, 3, 18]);
    expect(d.get('genders')).toEqual(['m', 'f']);
  });

  it('reads Python 3 protocol-2 bytes, Fortran order, big-endian dtypes and numpy scalars', () => {
    const d = readNumpyPickle(Buffer.from(PY3_PROTOCOL2, 'hex')) as Map<string, unknown>;
    const f = d.get('f') as NdArray;
    expect(f.shape).toEqual([2, 3]);
    expect(Array.from(f.data as Float64Array)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from((d.get('be') as NdArray).data as Float64Array)).toEqual([1.5, -2]);
    expect(d.get('s')).toBe(2.5);
  });

  it('refuses bytes that are not a pickle', () => {
    expect(() => readNumpyPickle(Buffer.from('{"not": "a pickle"}'))).toThrow();
  });
});
