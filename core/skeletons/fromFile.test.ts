import { describe, expect, it } from 'vitest';
import {
  allSkeletons,
  cocoBones,
  fileSkeleton,
  getSkeleton,
  jointSide,
  kinematicParents,
  registerFileSkeleton,
  restPose,
  type FileSkeletonSpec,
} from './index';

const spec: FileSkeletonSpec = {
  label: 'lab markers',
  joints: [
    'LeftHip',
    'RightHip',
    'LeftKnee',
    'RightKnee',
    'L_Marker',
    'R_Marker',
    'Sternum',
    'Tail',
  ],
  bones: [
    [0, 2],
    [1, 3],
    [2, 4],
    [3, 5],
    [0, 6],
    [1, 6],
  ],
  source: 'markers.json',
};

describe('skeletons a dataset file defines', () => {
  it('keys known anatomy by name, keeps the rest as the file’s own, with sides and mirror pairs', () => {
    const s = fileSkeleton(spec);
    expect(s.id).toMatch(/^file-[0-9a-f]{8}$/);
    expect(s.joints.map((j) => j.key)).toEqual([
      'l_hip',
      'r_hip',
      'l_knee',
      'r_knee',
      'file_l_leftmarker',
      'file_r_rightmarker',
      'file_c_sternum',
      'file_c_tail',
    ]);
    expect(s.joints.map(jointSide)).toEqual([
      'left',
      'right',
      'left',
      'right',
      'left',
      'right',
      'center',
      'center',
    ]);
    expect(s.flipPairs).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    // No pelvis joint: the root is the mid-hip point, as for COCO.
    expect(s.root).toEqual([0, 1]);
    expect(kinematicParents(s)).toEqual([-1, -1, 0, 1, 2, 3, 0, -1]);
  });

  it('the same layout gets the same id; another order or bone list another', () => {
    expect(fileSkeleton(spec).id).toBe(fileSkeleton({ ...spec, label: 'x', source: 'y' }).id);
    expect(fileSkeleton({ ...spec, bones: [] }).id).not.toBe(fileSkeleton(spec).id);
    expect(fileSkeleton({ ...spec, joints: [...spec.joints].reverse() }).id).not.toBe(
      fileSkeleton(spec).id,
    );
  });

  it('gives every joint a rest position: own joints beside what they link to, loose ones aside', () => {
    const s = fileSkeleton(spec);
    const pose = restPose(s);
    expect(pose).toHaveLength(8);
    for (const p of pose) expect(p.every(Number.isFinite)).toBe(true);
    const [lHip, , lKnee, , lMarker, , sternum, tail] = pose;
    // The marker hangs near the left knee it is linked to; the tail, linked to nothing, stands apart.
    expect(Math.hypot(lMarker![0] - lKnee![0], lMarker![1] - lKnee![1])).toBeLessThan(100);
    expect(sternum![1]).toBeCloseTo(lHip![1] - 40, 6);
    expect(tail![0]).toBe(450);
  });

  it('is known to getSkeleton only once registered, and listed after the built-in ones', () => {
    const other = { ...spec, joints: [...spec.joints, 'Extra'] };
    const id = fileSkeleton(other).id;
    expect(() => getSkeleton(id)).toThrow(
      `skeleton "${id}" is defined by a dataset file that has not been read in this process`,
    );
    const s = registerFileSkeleton(other);
    expect(registerFileSkeleton(other)).toBe(s);
    expect(getSkeleton(id)).toBe(s);
    expect(allSkeletons().at(-1)).toBe(s);
  });

  it('refuses a spec with no joints or a bone outside them, naming its file', () => {
    expect(() => fileSkeleton({ ...spec, joints: [] })).toThrow('markers.json: it names no joints');
    expect(() => fileSkeleton({ ...spec, bones: [[0, 8]] })).toThrow(
      'markers.json: its skeleton links joints 0–8, outside 0…7',
    );
  });

  it('reads a COCO category skeleton as cocoapi does (1-based), unless it uses joint 0', () => {
    expect(cocoBones([[16, 14], [14, 12]], 17)).toEqual([[15, 13], [13, 11]]); // prettier-ignore
    expect(cocoBones([[0, 1], [1, 2]], 17)).toEqual([[0, 1], [1, 2]]); // prettier-ignore
    expect(cocoBones([[1, 17]], 17)).toEqual([[0, 16]]);
    expect(cocoBones([[2, 3]], 17)).toEqual([[1, 2]]);
  });
});
