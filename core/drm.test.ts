import { describe, expect, it } from 'vitest';
import { cameraToPixel, type Intrinsics } from './camera';
import { centerPeaks, decodeDrm } from './drm';
import type { Vec3 } from './types';

const intr: Intrinsics = { f: [1000, 1000], c: [256, 256] };
const W = 128;
const H = 128;
const J = 3;
const stride = 4;

/** Encodes people as DRM maps the way a trained network would emit them. */
function encode(people: { joints: Vec3[]; score: number }[]) {
  const cells = W * H;
  const center = new Float32Array(cells);
  const offsets = new Float32Array(2 * J * cells);
  const rootDepth = new Float32Array(cells);
  const relativeDepth = new Float32Array(J * cells);
  for (const p of people) {
    const root = cameraToPixel(p.joints[0]!, intr);
    const cx = Math.round(root[0] / stride);
    const cy = Math.round(root[1] / stride);
    if (cx < 1 || cy < 0 || cx >= W - 1 || cy >= H)
      throw new Error('fixture person outside the map');
    const at = cy * W + cx;
    center[at] = p.score;
    // A weaker neighbour, as real center maps are blobs: NMS must drop it.
    center[at + 1] = p.score * 0.6;
    rootDepth[at] = p.joints[0]![2];
    p.joints.forEach((j, k) => {
      const uv = cameraToPixel(j, intr);
      offsets[k * cells + at] = uv[0] / stride - cx;
      offsets[(J + k) * cells + at] = uv[1] / stride - cy;
      relativeDepth[k * cells + at] = j[2] - p.joints[0]![2];
    });
  }
  return { center, offsets, rootDepth, relativeDepth, joints: J, width: W, height: H };
}

describe('DRM decoding', () => {
  const a: Vec3[] = [
    [-300, 100, 4000],
    [-300, -400, 4100],
    [-150, 600, 3950],
  ];
  const b: Vec3[] = [
    [500, 0, 6000],
    [500, -500, 6050],
    [700, 500, 5900],
  ];

  it('recovers every person in absolute camera space, best score first', () => {
    const people = decodeDrm(
      encode([
        { joints: a, score: 0.7 },
        { joints: b, score: 0.9 },
      ]),
      {
        stride,
        intrinsics: intr,
      },
    );
    expect(people).toHaveLength(2);
    expect(people[0]!.score).toBeCloseTo(0.9, 6);
    people[0]!.joints3d.forEach((j, k) => j.forEach((v, d) => expect(v).toBeCloseTo(b[k]![d]!, 1)));
    people[1]!.joints3d.forEach((j, k) => j.forEach((v, d) => expect(v).toBeCloseTo(a[k]![d]!, 1)));
  });

  it('reads a d/f-normalised root depth channel', () => {
    const maps = encode([{ joints: a, score: 0.8 }]);
    const rootDepth = maps.rootDepth.map((d) => d / 1000);
    const [p] = decodeDrm(
      { ...maps, rootDepth },
      { stride, intrinsics: intr, rootDepthIsNormalized: true },
    );
    expect(p!.rootDepth).toBeCloseTo(4000, 3);
  });

  it('keeps at most 20 people and suppresses non-maxima', () => {
    const map = new Float32Array(64 * 64);
    for (let i = 0; i < 30; i++) map[2 * i * 64 + 2 * i] = 0.5 + i / 100;
    const peaks = centerPeaks(map, 64, 64, 0.3);
    expect(peaks).toHaveLength(20);
    expect(peaks[0]!.score).toBeCloseTo(0.79, 6);
    const plateau = new Float32Array(9).fill(0.8);
    expect(centerPeaks(plateau, 3, 3, 0.3)).toHaveLength(1);
  });

  it('names the map whose size is wrong', () => {
    const maps = encode([]);
    expect(() =>
      decodeDrm({ ...maps, offsets: new Float32Array(5) }, { stride, intrinsics: intr }),
    ).toThrow(/offsets map holds 5 values/);
  });
});
