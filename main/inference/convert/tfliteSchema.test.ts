import { describe, expect, it } from 'vitest';
import { FlatFormatError } from './flatTable';
import { mediapipePackage, packedFiles, readPacked, readPlain } from './mediapipeAssets';
import { densify, halfToFloat, transpose } from './tensorData';
import { buildTflite, floatBytes } from './tfliteFixture';
import { readTflite, TensorType } from './tfliteSchema';

const pkg = mediapipePackage();
const detector = readPacked(pkg, 'pose_detection.tflite');

describe('TFLite flatbuffer reader', () => {
  it('finds the detector inside the packed assets from the loader script', () => {
    const files = packedFiles(
      'loadPackage({"files": [{"filename": "/a/b.tflite", "start": 4, "end": 9}]});',
      'x.js',
    );
    expect(files).toEqual([{ filename: '/a/b.tflite', start: 4, end: 9 }]);
    expect(() => packedFiles('var x = 1;', 'x.js')).toThrow(/x\.js: no loadPackage/);
    expect(detector.origin).toMatch(/pose_solution_packed_assets\.data#.*pose_detection\.tflite$/);
  });

  it('reads the detector: operators, inputs, outputs, fp16 and sparse constants', () => {
    const g = readTflite(detector.bytes, detector.origin);
    expect(g.version).toBe(3);
    expect(g.operators).toHaveLength(291);
    const count = (op: string) => g.operators.filter((o) => o.op === op).length;
    expect([
      count('DENSIFY'),
      count('DEQUANTIZE'),
      count('CONV_2D'),
      count('DEPTH_TO_SPACE'),
    ]).toEqual([38, 144, 45, 3]);
    const io = (ids: number[]) => ids.map((i) => [g.tensors[i]!.name, g.tensors[i]!.shape]);
    expect(io(g.inputs)).toEqual([['input_1', [1, 224, 224, 3]]]);
    expect(io(g.outputs)).toEqual([
      ['Identity', [1, 2254, 12]],
      ['Identity_1', [1, 2254, 1]],
    ]);
    const sparse = g.tensors.find((t) => t.sparsity)!;
    expect(sparse.type).toBe(TensorType.FLOAT16);
    expect(sparse.sparsity!.dims.map((d) => d.format)).toEqual([0, 0, 0, 1]);
  });

  it('reads every landmark model', () => {
    for (const v of ['lite', 'full', 'heavy']) {
      const src = readPlain(pkg, `pose_landmark_${v}.tflite`);
      const g = readTflite(src.bytes, src.origin);
      expect(g.outputs.map((i) => g.tensors[i]!.shape)).toEqual([
        [1, 195],
        [1, 1],
        [1, 256, 256, 1],
        [1, 64, 64, 39],
        [1, 117],
      ]);
    }
  });

  it('refuses a truncated or foreign file, naming it', () => {
    const cut = (n: number) => () => readTflite(detector.bytes.subarray(0, n), 'cut.tflite');
    for (const n of [0, 6, 4096, detector.bytes.length >> 1]) {
      expect(cut(n)).toThrow(FlatFormatError);
      expect(cut(n)).toThrow(/^cut\.tflite: not a readable TFLite flatbuffer/);
    }
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0);
    expect(() => readTflite(png, 'photo.png')).toThrow(/photo\.png: .*no "TFL3" file identifier/);
  });

  it('round-trips a model written with the flatbuffers builder', () => {
    const bytes = buildTflite({
      tensors: [
        { name: 'x', shape: [1, 2] },
        { name: 'c', shape: [1, 2], data: floatBytes([1.5, -2]) },
        { name: 'y', shape: [1, 2] },
      ],
      inputs: [0],
      outputs: [2],
      ops: [{ op: 'SQUARED_DIFFERENCE', inputs: [0, 1], outputs: [2] }],
    });
    const g = readTflite(bytes, 'tiny.tflite');
    expect(g.operators.map((o) => [o.op, o.inputs, o.outputs])).toEqual([
      ['SQUARED_DIFFERENCE', [0, 1], [2]],
    ]);
    expect(Array.from(new Float32Array(g.tensors[1]!.data!.slice().buffer))).toEqual([1.5, -2]);
    expect(g.tensors[0]!.data).toBeNull();
  });
});

describe('constant folding', () => {
  it('widens fp16 exactly', () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00].map(halfToFloat)).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      -0,
      Infinity,
    ]);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('densifies a CSR matrix and a block-sparse one', () => {
    // [[0, 5, 0], [7, 0, 8]]: row-major, rows dense, columns sparse.
    const csr = {
      traversalOrder: [0, 1],
      blockMap: [],
      dims: [
        { format: 0, denseSize: 2, segments: [], indices: [] },
        { format: 1, denseSize: 0, segments: [0, 1, 3], indices: [1, 0, 2] },
      ],
    };
    expect(Array.from(densify(Float32Array.of(5, 7, 8), csr, [2, 3]))).toEqual([0, 5, 0, 7, 0, 8]);
    // 2×4 with 1×2 blocks; only block (0, 1) = [3, 4] is stored.
    const block = {
      traversalOrder: [0, 1, 2],
      blockMap: [1],
      dims: [
        { format: 0, denseSize: 2, segments: [], indices: [] },
        { format: 1, denseSize: 0, segments: [0, 1, 1], indices: [1] },
        { format: 0, denseSize: 2, segments: [], indices: [] },
      ],
    };
    expect(Array.from(densify(Float32Array.of(3, 4), block, [2, 4]))).toEqual([
      0, 0, 3, 4, 0, 0, 0, 0,
    ]);
  });

  it('permutes OHWI filters to OIHW', () => {
    const ohwi = { shape: [2, 1, 2, 3], values: Float32Array.from({ length: 12 }, (_, i) => i) };
    const oihw = transpose(ohwi, [0, 3, 1, 2]);
    expect(oihw.shape).toEqual([2, 3, 1, 2]);
    expect(Array.from(oihw.values)).toEqual([0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11]);
  });
});
