import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bvhForwardKinematics,
  bvhJointIndex,
  compileRig,
  H36M_17,
  h36mJointsOf,
  parseBvh,
} from '../core';
import { sharedSample } from './helpers/sharedData';
import { explainSkip } from './helpers/skip';

/** The BVH parser and the rig → Human3.6M-17 mapping on real CMU motion capture. */
const sample = sharedSample('cmu-mocap');
explainSkip('skip' in sample ? sample.skip : undefined);

describe.skipIf('skip' in sample)('CMU motion capture (BVH)', () => {
  const dir = 'dir' in sample ? sample.dir : '';
  const bvh = parseBvh(readFileSync(join(dir, '001', '001_01.bvh'), 'utf8'));

  it('reads the clip: 141 joints with end sites, 60 fps, 1376 frames', () => {
    expect(bvh.frameCount).toBe(1376);
    expect(bvh.frameTime).toBeCloseTo(1 / 60, 5);
    expect(bvh.joints[0]!.name).toBe('CC_Base_Hip');
    expect(bvh.joints.filter((j) => !j.endSite).length).toBe(bvh.channelCount / 3 - 1);
  });

  it('keeps every bone length constant over the clip', () => {
    const first = bvhForwardKinematics(bvh, 0).positions;
    const len = (p: Float64Array, j: number, k: number) =>
      Math.hypot(
        p[j * 3]! - p[k * 3]!,
        p[j * 3 + 1]! - p[k * 3 + 1]!,
        p[j * 3 + 2]! - p[k * 3 + 2]!,
      );
    for (let f = 0; f < bvh.frameCount; f += 97) {
      const p = bvhForwardKinematics(bvh, f).positions;
      bvh.joints.forEach((joint, j) => {
        if (joint.parent < 0) return;
        expect(len(p, j, joint.parent)).toBeCloseTo(len(first, j, joint.parent), 6);
        expect(len(p, j, joint.parent)).toBeCloseTo(Math.hypot(...joint.offset), 6);
      });
    }
  });

  it("places a known frame's joints", () => {
    // Frame 0's root is its first three channels; values below are this parser's FK of
    // 001_01.bvh frame 0 (cm), cross-checked against the file's offsets (thigh below hip).
    const p = bvhForwardKinematics(bvh, 0).positions;
    const at = (name: string) => Array.from(p.subarray(bvhJointIndex(bvh, name) * 3).slice(0, 3));
    expect(at('CC_Base_Hip')).toEqual(
      Array.from(bvh.motion.subarray(0, 3)).map((v, i) => v + [0, 105.214226, 0.000021][i]!),
    );
    const expected: Record<string, number[]> = {
      CC_Base_L_Thigh: [9.6, 109.8, 1.2],
      CC_Base_R_Thigh: [-9.6, 110.5, -1.2],
      CC_Base_L_Calf: [11.8, 62.2, 2.8],
      CC_Base_NeckTwist01: [-0.2, 165.6, -4.8],
      CC_Base_Head: [-0.3, 172.9, -2.3],
    };
    for (const [name, v] of Object.entries(expected))
      v.forEach((x, i) => expect(at(name)[i]).toBeCloseTo(x, 1));
  });

  it('maps the rig to Human3.6M-17 with plausible anatomy in mm', () => {
    const rig = compileRig(bvh);
    const idx = (n: string) => H36M_17.joints.findIndex((j) => j.name === n);
    const dist = (q: Float64Array, a: string, b: string) =>
      Math.hypot(...[0, 1, 2].map((d) => q[idx(a) * 3 + d]! - q[idx(b) * 3 + d]!));
    const q0 = h36mJointsOf(bvh, 0, rig, 10);
    for (let f = 0; f < bvh.frameCount; f += 131) {
      const q = h36mJointsOf(bvh, f, rig, 10);
      // Limb lengths stay put; derived joints (Nose, Head top) move rigidly with the head.
      for (const [a, b] of [
        ['R_Hip', 'R_Knee'],
        ['L_Elbow', 'L_Wrist'],
        ['Nose', 'Head'],
      ])
        expect(dist(q, a!, b!)).toBeCloseTo(dist(q0, a!, b!), 3);
      // Pelvis halfway between the hips; Torso halfway between pelvis and neck.
      expect(dist(q, 'Pelvis', 'L_Hip')).toBeCloseTo(dist(q, 'Pelvis', 'R_Hip'), 6);
      expect(dist(q, 'Torso', 'Pelvis')).toBeCloseTo(dist(q, 'Torso', 'Neck'), 6);
    }
    expect(dist(q0, 'R_Hip', 'R_Knee')).toBeGreaterThan(400);
    expect(dist(q0, 'R_Hip', 'R_Knee')).toBeLessThan(550);
    expect(dist(q0, 'L_Hip', 'R_Hip')).toBeGreaterThan(150);
    expect(dist(q0, 'Neck', 'Head')).toBeGreaterThan(200);
    expect(dist(q0, 'Neck', 'Head')).toBeLessThan(320);
  });
});
