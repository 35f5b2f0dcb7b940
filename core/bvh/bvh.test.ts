import { describe, expect, it } from 'vitest';
import { H36M_17 } from '../skeletons/h36m';
import { BvhError, bvhJointIndex, bvhForwardKinematics, parseBvh } from './bvh';
import { compileRig, h36mJointsOf, type RigRule } from './h36mFromBvh';

// A root with translation and Z-Y-X rotations, a child 10 units up, a grandchild 5 further.
const TINY = `HIERARCHY
ROOT Hip
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation Xrotation
  JOINT Spine
  {
    OFFSET 0 10 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    End Site
    {
      OFFSET 0 5 0
    }
  }
}
MOTION
Frames: 3
Frame Time: 0.0166667
1 2 3 0 0 0 0 0 0
1 2 3 90 0 0 0 0 0
1 2 3 0 0 90 0 90 0
`;

const at = (p: Float64Array, j: number) => Array.from(p.subarray(j * 3, j * 3 + 3));

describe('parseBvh', () => {
  it('reads the hierarchy, channels and frames', () => {
    const b = parseBvh(TINY);
    expect(b.joints.map((j) => j.name)).toEqual(['Hip', 'Spine', 'Spine_End']);
    expect(b.joints.map((j) => j.parent)).toEqual([-1, 0, 1]);
    expect(b.joints[2]!.endSite).toBe(true);
    expect(b.channelCount).toBe(9);
    expect(b.frameCount).toBe(3);
    expect(b.frameTime).toBeCloseTo(1 / 60, 6);
    expect(bvhJointIndex(b, 'Spine')).toBe(1);
  });

  it('names the line of a malformed file', () => {
    expect(() => parseBvh(TINY.replace('OFFSET 0 10 0', 'OFFSET 0 ten 0'))).toThrow(
      /line 8: expected a number/,
    );
    expect(() => parseBvh(TINY.replace('Frames: 3', 'Frames: 4'))).toThrow(BvhError);
    expect(() => parseBvh(TINY.replace('1 2 3 90 0 0 0 0 0', '1 2 3 90'))).toThrow(
      /frame 1: 4 values, 9 channels/,
    );
  });
});

describe('bvhForwardKinematics', () => {
  const b = parseBvh(TINY);
  it('places joints of known frames', () => {
    const f0 = bvhForwardKinematics(b, 0).positions;
    expect(at(f0, 0)).toEqual([1, 2, 3]);
    expect(at(f0, 1)).toEqual([1, 12, 3]);
    expect(at(f0, 2)).toEqual([1, 17, 3]);
    // Zrotation 90° turns +Y into −X.
    const f1 = bvhForwardKinematics(b, 1).positions;
    [-9, 2, 3].forEach((v, i) => expect(at(f1, 1)[i]).toBeCloseTo(v, 9));
    [-14, 2, 3].forEach((v, i) => expect(at(f1, 2)[i]).toBeCloseTo(v, 9));
    // Root Xrotation 90° turns +Y into +Z; the child's Yrotation then spins about its own
    // (now world-Z) axis: Rx(90)·Ry(90)·(0,5,0) = Rx(90)·(0,5,0) = (0,0,5).
    const f2 = bvhForwardKinematics(b, 2).positions;
    [1, 2, 13].forEach((v, i) => expect(at(f2, 1)[i]).toBeCloseTo(v, 9));
    [1, 2, 18].forEach((v, i) => expect(at(f2, 2)[i]).toBeCloseTo(v, 9));
  });

  it('composes rotation channels in listed order (R = Rz·Ry·Rx)', () => {
    const text = TINY.replace('1 2 3 0 0 90 0 90 0', '0 0 0 90 0 90 0 0 0');
    const p = bvhForwardKinematics(parseBvh(text), 2).positions;
    // Rz(90)·Rx(90)·(0,10,0) = Rz(90)·(0,0,10) = (0,0,10); Rx·Rz would give (−10,0,0).
    [0, 0, 10].forEach((v, i) => expect(at(p, 1)[i]).toBeCloseTo(v, 9));
  });

  it('refuses a frame outside the clip', () => {
    expect(() => bvhForwardKinematics(b, 3)).toThrow(RangeError);
  });
});

describe('h36mJointsOf', () => {
  it('takes joints, means and points in a joint frame, in mm', () => {
    const b = parseBvh(TINY);
    const rules: Record<string, RigRule> = Object.fromEntries(
      H36M_17.joints.map((j) => [j.name, { kind: 'joint', joint: 'Hip' } as RigRule]),
    );
    rules.Neck = { kind: 'mean', joints: ['Hip', 'Spine'] };
    rules.Head = { kind: 'local', joint: 'Spine', offset: [0, 5, 0] };
    const rig = compileRig(b, rules);
    const out = h36mJointsOf(b, 1, rig, 10);
    const neck = H36M_17.joints.findIndex((j) => j.name === 'Neck');
    const head = H36M_17.joints.findIndex((j) => j.name === 'Head');
    [-40, 20, 30].forEach((v, i) => expect(out[neck * 3 + i]).toBeCloseTo(v, 6));
    // The local point equals the end site 5 units further along the spine.
    [-140, 20, 30].forEach((v, i) => expect(out[head * 3 + i]).toBeCloseTo(v, 6));
    expect(() => compileRig(b)).toThrow(/no joint "CC_Base_L_Thigh"/);
  });
});
