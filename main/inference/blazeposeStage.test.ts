import { afterAll, describe, expect, it } from 'vitest';
import { H36M_17, type PoseRoi } from '../../core';
import { decodeLandmarkModel, type Output } from './blazeposeStage';
import type { DecodedImage, TensorLayout } from './imageTensor';
import { parseCard, type ModelCard } from './modelCard';
import { roiSampleMap } from './cropGraph';
import { CpuCropper } from './cpuCropper';
import { GraphCropper, type Cropper } from './graphCropper';
import type { ModelSession } from './modelSession';
import { buildFeeds } from './stages';
import type { StageContext, TargetState } from './stageTypes';

const RAW: TensorLayout = {
  layout: 'NHWC',
  channels: 'RGB',
  scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
};

/** A W×H image whose red is 10·x, green 10·y, blue 7. */
function gradient(W: number, H: number): DecodedImage {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) data.set([10 * x, 10 * y, 7], (y * W + x) * 3);
  return { file: 'gradient', width: W, height: H, data };
}

const pixel = (t: Float32Array, S: number, u: number, v: number) =>
  Array.from(t.subarray((v * S + u) * 3, (v * S + u) * 3 + 3), (x) => Number(x.toFixed(3)));

describe.each([
  ['the crop graph', () => new GraphCropper(['cpu'])],
  ['the CPU loop', () => new CpuCropper()],
] as const)('rotated ROI crop by %s', (_, make) => {
  const img = gradient(8, 6);
  const cropper: Cropper = make();
  afterAll(() => cropper.release());
  const roiToTensor = async (roi: PoseRoi, S: number) => {
    const out = new Float32Array(S * S * 3);
    const spec = { width: S, height: S, layout: RAW, padding: 'border' } as const;
    await cropper.crop(img, spec, [{ map: roiSampleMap(roi, S), offset: 0 }], out);
    return out;
  };
  it('an upright ROI on the pixel grid reads the pixels themselves', async () => {
    const out = await roiToTensor({ centre: [4, 3], size: 4, rotation: 0 }, 4);
    expect(pixel(out, 4, 0, 0)).toEqual([20, 10, 7]);
    expect(pixel(out, 4, 3, 2)).toEqual([50, 30, 7]);
  });
  it('a quarter turn samples the image rotated, and the edge repeats outside it', async () => {
    const out = await roiToTensor({ centre: [4, 3], size: 4, rotation: Math.PI / 2 }, 4);
    // Input "up" is image +x: input offset (a, b) from the centre lands at image (−b, a).
    expect(pixel(out, 4, 3, 0)).toEqual([50, 40, 7]);
    expect(pixel(out, 4, 0, 3)).toEqual([20, 10, 7]);
    const wide = await roiToTensor({ centre: [4, 3], size: 40, rotation: 0 }, 4);
    expect(pixel(wide, 4, 0, 0)).toEqual([0, 0, 7]);
    expect(pixel(wide, 4, 3, 3)).toEqual([70, 50, 7]);
  });
  it('a degenerate ROI fails that person, naming why, and the batch goes on', async () => {
    const [input] = landmarkCard.inputs;
    const raw = { ...input, scale: 1, mean: [0, 0, 0], std: [1, 1, 1] };
    const card = parseCard('bp.json', { ...landmarkCard, inputs: [raw] }).card;
    const stage = { loaded: { card } } as unknown as ModelSession;
    const state = (size: number): TargetState => ({
      target: { key: `p${size}`, imageId: 1, imageSourceId: '1', file: 'g', instanceId: size },
      image: img,
      box: [0, 0, 8, 6],
      roi: { centre: [4, 3], size, rotation: 0 },
      artifacts: [],
    });
    const [bad, good] = [state(0), state(4)];
    const ctx = { skeleton: H36M_17, cropper } as unknown as StageContext;
    const built = await buildFeeds(stage, [bad, good], ctx);
    expect(bad.error).toBe('degenerate crop (side 0)');
    expect(good.error).toBeUndefined();
    const slot = (built.feeds.image!.data as Float32Array).subarray(256 * 256 * 3);
    // The good ROI's first pixel samples (2 + ½·4/256, 1 + ½·4/256) − ½ in pixel indices.
    expect(Array.from(slot.subarray(0, 3), (x) => Number(x.toFixed(3)))).toEqual([
      15.078, 5.078, 7,
    ]);
  });
});

const landmarkCard = {
  name: 'bp',
  family: 'blazepose',
  model: 'bp.onnx',
  skeleton: 'blazepose33',
  inputs: [{ name: 'image', source: 'crop', layout: 'NHWC', size: [256, 256] }],
  outputs: [
    { name: 'landmarks', meaning: 'landmarks' },
    { name: 'world_landmarks', meaning: 'world_landmarks' },
  ],
  license: 'test',
  provenance: 'test',
};

describe('BlazePose cards', () => {
  it('takes a landmark card with defaults and refuses outputs or inputs the family cannot use', () => {
    const c = parseCard('bp.json', landmarkCard).card;
    expect(c.family === 'blazepose' && c.params.heatmapRefineKernel).toBe(7);
    expect(() =>
      parseCard('bp.json', {
        ...landmarkCard,
        outputs: [...landmarkCard.outputs, { name: 'v', meaning: 'volumes' }],
      }),
    ).toThrow(/outputs\.2\.meaning: "volumes" is not read by the blazepose family/);
    expect(() =>
      parseCard('det.json', {
        ...landmarkCard,
        family: 'blazepose-detector',
        outputs: [
          { name: 'b', meaning: 'detection_boxes' },
          { name: 's', meaning: 'detection_scores' },
        ],
        params: {
          anchors: {
            numLayers: 1,
            minScale: 0.1,
            maxScale: 0.5,
            strides: [8],
            offset: [0.5, 0.5],
            aspectRatios: [1],
            fixedAnchorSize: true,
          },
          numBoxes: 1,
          numKeypoints: 2,
          scale: 224,
        },
      }),
    ).toThrow(/inputs: a blazepose-detector model takes the whole image/);
  });

  it('a landmark output too small for 33 landmarks names the output', () => {
    const card = parseCard('bp.json', landmarkCard).card as Extract<
      ModelCard,
      { family: 'blazepose' }
    >;
    const output: Output = (m) =>
      m === 'landmarks' ? { dims: [100], item: () => new Float32Array(100) } : undefined;
    const s = { roi: { centre: [0, 0], size: 10, rotation: 0 } } as unknown as TargetState;
    const ctx = { skeleton: H36M_17 } as unknown as StageContext;
    expect(() => decodeLandmarkModel(card, output, 0, s, ctx)).toThrow(
      /output "landmarks" \[100\] is not ≥ 33 rows of 5 values/,
    );
  });
});
