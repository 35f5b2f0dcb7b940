import { describe, expect, it } from 'vitest';
import { f64Blob, u8Blob } from '../store/db/blobs';
import { annotationJson } from './annotationJson';

/** A person of J joints: joint j at (j, 2j), visible. */
const person = (joints: number, raw: Record<string, unknown> | null) => ({
  raw: raw ? JSON.stringify(raw) : null,
  bbox_x: 1,
  bbox_y: 2,
  bbox_w: 30,
  bbox_h: 40,
  joints_3d: null,
  joints_2d: f64Blob(Float64Array.from({ length: 2 * joints }, (_, i) => (i % 2 ? i - 1 : i / 2))),
  vis: u8Blob(new Uint8Array(joints).fill(2)),
});
const kp = (from: number, n: number) =>
  Array.from({ length: n }, (_, j) => [from + j, 2 * (from + j), 2]).flat();

describe('COCO-style annotations written back in their own layout', () => {
  it('splits COCO-WholeBody’s 133 joints back into keypoints and its part fields', () => {
    const raw = {
      id: 1,
      keypoints: kp(0, 17),
      num_keypoints: 17,
      foot_kpts: [],
      face_kpts: [],
      lefthand_kpts: [],
      righthand_kpts: [],
    };
    const a = JSON.parse(annotationJson('coco', { ...person(133, raw), added: 1 })) as Record<
      string,
      number[]
    >;
    expect(a.keypoints).toEqual(kp(0, 17));
    expect(a.foot_kpts).toEqual(kp(17, 6));
    expect(a.face_kpts).toEqual(kp(23, 68));
    expect(a.lefthand_kpts).toEqual(kp(91, 21));
    expect(a.righthand_kpts).toEqual(kp(112, 21));
    expect(a.num_keypoints).toBe(17);
  });

  it('writes any other layout whole into keypoints (CrowdPose-14)', () => {
    const a = JSON.parse(
      annotationJson('coco', person(14, { id: 1, keypoints: kp(0, 14) })),
    ) as Record<string, number[]>;
    expect(a.keypoints).toEqual(kp(0, 14));
    expect(a.foot_kpts).toBeUndefined();
  });
});

describe('MPII list records written back in their own layout', () => {
  it('writes corrected joints in 1-based pixels, deleted ones as [-1, -1], the rest as read', () => {
    const raw = {
      image: 'a.jpg',
      joints: [
        [1.5, 2.5],
        [3, 4],
        [5, 6],
      ],
      joints_vis: [1, 1, 1],
      center: [3, 4],
      scale: 0.1,
    };
    const row = {
      ...person(3, raw),
      // As read: 0-based; joint 0 unmoved, joint 1 moved, joint 2 deleted.
      original_2d: f64Blob(Float64Array.from([0.5, 1.5, 2, 3, 4, 5])),
      joints_2d: f64Blob(Float64Array.from([0.5, 1.5, 10, 20, NaN, NaN])),
    };
    expect(JSON.parse(annotationJson('mpii', row))).toEqual({
      ...raw,
      joints: [
        [1.5, 2.5],
        [11, 21],
        [-1, -1],
      ],
      joints_vis: [1, 1, 0],
    });
    // Never corrected: the record as read, with no box added.
    expect(annotationJson('mpii', person(3, raw))).toBe(JSON.stringify(raw));
  });
});
