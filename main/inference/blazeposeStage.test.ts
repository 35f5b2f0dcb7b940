import { describe, expect, it } from 'vitest';
import { H36M_17 } from '../../core';
import { decodeLandmarkModel, type Output } from './blazeposeStage';
import type { DecodedImage, TensorLayout } from './imageTensor';
import { parseCard, type ModelCard } from './modelCard';
import { roiToTensor } from './roiCrop';
import type { StageContext, TargetState } from './stageTypes';

const RAW: TensorLayout = {
  layout: 'NHWC',
  channels: 'RGB',
  scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
};

/** A W×H image whose red is 10·x, green 10·y, blue 7, inside the usual black frame. */
function gradient(W: number, H: number, border = 2): DecodedImage {
  const data = Buffer.alloc((W + 2 * border) * (H + 2 * border) * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const at = ((y + border) * (W + 2 * border) + x + border) * 3;
      data[at] = 10 * x;
      data[at + 1] = 10 * y;
      data[at + 2] = 7;
    }
  return { file: 'gradient', width: W, height: H, border, data };
}

const pixel = (t: Float32Array, S: number, u: number, v: number) =>
  Array.from(t.subarray((v * S + u) * 3, (v * S + u) * 3 + 3));

describe('rotated ROI crop', () => {
  const img = gradient(8, 6);
  it('an upright ROI on the pixel grid reads the pixels themselves', () => {
    const out = new Float32Array(4 * 4 * 3);
    roiToTensor(img, { centre: [4, 3], size: 4, rotation: 0 }, 4, RAW, out, 0);
    expect(pixel(out, 4, 0, 0)).toEqual([20, 10, 7]);
    expect(pixel(out, 4, 3, 2)).toEqual([50, 30, 7]);
  });
  it('a quarter turn samples the image rotated, and the edge repeats outside it', () => {
    const out = new Float32Array(4 * 4 * 3);
    roiToTensor(img, { centre: [4, 3], size: 4, rotation: Math.PI / 2 }, 4, RAW, out, 0);
    // Input "up" is image +x: input offset (a, b) from the centre lands at image (−b, a).
    expect(pixel(out, 4, 3, 0)).toEqual([50, 40, 7]);
    expect(pixel(out, 4, 0, 3)).toEqual([20, 10, 7]);
    const wide = new Float32Array(4 * 4 * 3);
    roiToTensor(img, { centre: [4, 3], size: 40, rotation: 0 }, 4, RAW, wide, 0);
    expect(pixel(wide, 4, 0, 0)).toEqual([0, 0, 7]);
    expect(pixel(wide, 4, 3, 3)).toEqual([70, 50, 7]);
  });
  it('refuses a degenerate ROI naming the image', () => {
    expect(() =>
      roiToTensor(img, { centre: [4, 3], size: 0, rotation: 0 }, 4, RAW, new Float32Array(48), 0),
    ).toThrow(/gradient: degenerate ROI/);
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
