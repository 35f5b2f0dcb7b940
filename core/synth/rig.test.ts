import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dist3 } from '../linalg/vec';
import { MUPOTS_17 } from '../skeletons/mupots';
import { jointIndex } from '../skeletons/types';
import { DOFS, JOINT_LIMITS, clampAngles, type Dof } from './jointLimits';
import { MOTIONS, type MotionKind } from './motions';
import { bodyDims, forwardKinematics, lowestSole, standOnFloor, type BodyPose } from './rig';

const J = (name: string) => jointIndex(MUPOTS_17, name);
const phases = Array.from({ length: 40 }, (_, i) => i / 40);
const dims = bodyDims(1780);
const boneLengths = (b: BodyPose) =>
  MUPOTS_17.bones.map(([a, c]) => dist3(b.joints[a]!, b.joints[c]!));
const KINDS = Object.keys(MOTIONS) as MotionKind[];
const STANDING: MotionKind[] = ['walking', 'reaching', 'crouching'];
const at = { x: 500, z: -4000, yaw: 35 };

describe('forward kinematics rig', () => {
  it('keeps every bone its length in every pose of every motion', () => {
    const rest = boneLengths(forwardKinematics({}, dims));
    for (const kind of KINDS)
      for (const phase of phases) {
        const lengths = boneLengths(
          standOnFloor(forwardKinematics(MOTIONS[kind](phase), dims), at),
        );
        lengths.forEach((l, i) => expect(l, `${kind} ${phase} bone ${i}`).toBeCloseTo(rest[i]!, 9));
      }
  });

  it('scales the body with stature: a neutral body stands its stature tall', () => {
    for (const stature of [1550, 1720, 1900]) {
      const b = standOnFloor(forwardKinematics({}, bodyDims(stature)), at);
      expect(b.joints[J('Head_top')]![1]).toBeCloseTo(stature, -1);
      expect(lowestSole(b)).toBeCloseTo(0, 9);
    }
  });

  it('clamps any angles into the joint limits, filling missing ones with 0', () => {
    const angle = fc.double({ min: -400, max: 400, noNaN: true });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...DOFS), angle), (raw) => {
        const c = clampAngles(raw);
        for (const dof of DOFS) {
          const [lo, hi] = JOINT_LIMITS[dof];
          expect(c[dof]).toBeGreaterThanOrEqual(lo);
          expect(c[dof]).toBeLessThanOrEqual(hi);
          if (raw[dof] === undefined) expect(c[dof]).toBe(Math.min(hi, Math.max(lo, 0)));
          else if (raw[dof]! >= lo && raw[dof]! <= hi) expect(c[dof]).toBeCloseTo(raw[dof]!, 12);
        }
        expect(clampAngles(c)).toEqual(c);
      }),
    );
  });

  it('poses a body with over-limit angles exactly as with the clamped ones', () => {
    const wild = { lKnee: -40, rKnee: 190, lElbow: 200, spineFlex: 120, neckTwist: -150 };
    expect(forwardKinematics(wild, dims)).toEqual(forwardKinematics(clampAngles(wild), dims));
    // A knee cannot hyperextend: the shin stays behind the thigh's line, not in front.
    const b = forwardKinematics({ lKnee: -40 }, dims);
    expect(b.joints[J('L_Ankle')]![2]).toBeCloseTo(b.joints[J('L_Hip')]![2], 9);
  });

  it('generators stay within the limits, bar the ankle that runs out of range in a squat', () => {
    const offenders: string[] = [];
    for (const kind of KINDS)
      for (const phase of phases)
        for (const [dof, v] of Object.entries(MOTIONS[kind](phase)) as [Dof, number][]) {
          const [lo, hi] = JOINT_LIMITS[dof];
          if ((v < lo - 1e-9 || v > hi + 1e-9) && !(kind === 'crouching' && dof.endsWith('Ankle')))
            offenders.push(`${kind}@${phase} ${dof}=${v.toFixed(1)}`);
        }
    expect(offenders).toEqual([]);
  });

  it('never puts a foot through the floor in the standing motions, and always stands on one', () => {
    for (const kind of STANDING)
      for (const phase of phases) {
        const b = standOnFloor(forwardKinematics(MOTIONS[kind](phase), dims), at);
        const soles = [...b.heels, ...b.toes].map((p) => p[1]);
        expect(Math.min(...soles), `${kind} ${phase}`).toBeCloseTo(0, 9);
        for (const name of ['L_Ankle', 'R_Ankle', 'L_Knee', 'R_Knee'])
          expect(b.joints[J(name)]![1]).toBeGreaterThan(0);
      }
  });

  it('is deterministic: the same phase gives the same pose', () => {
    for (const kind of KINDS) {
      const a = forwardKinematics(MOTIONS[kind](0.37), dims);
      expect(forwardKinematics(MOTIONS[kind](0.37), dims)).toEqual(a);
    }
  });
});

describe('motions read as the movements they are named after', () => {
  const pose = (kind: MotionKind, phase: number) =>
    standOnFloor(forwardKinematics(MOTIONS[kind](phase), dims), { x: 0, z: 0, yaw: 0 });
  const y = (b: BodyPose, name: string) => b.joints[J(name)]![1];
  const z = (b: BodyPose, name: string) => b.joints[J(name)]![2];

  it('walking: the left foot leads at left heel strike, the right half a cycle later, arms opposite', () => {
    const strike = pose('walking', 0);
    expect(z(strike, 'L_Ankle') - z(strike, 'R_Ankle')).toBeGreaterThan(300);
    expect(z(strike, 'R_Wrist')).toBeGreaterThan(z(strike, 'L_Wrist'));
    const half = pose('walking', 0.5);
    expect(z(half, 'R_Ankle') - z(half, 'L_Ankle')).toBeGreaterThan(300);
    // The swing foot clears the floor in mid-swing.
    expect(y(pose('walking', 0.75), 'L_Ankle')).toBeGreaterThan(
      y(pose('walking', 0.75), 'R_Ankle'),
    );
  });

  it('sitting: thighs level, shins upright, pelvis at seat height', () => {
    const b = forwardKinematics(MOTIONS.sitting(0), dims);
    for (const s of ['L', 'R']) {
      expect(Math.abs(y(b, `${s}_Knee`) - y(b, `${s}_Hip`))).toBeLessThan(60);
      expect(Math.abs(z(b, `${s}_Ankle`) - z(b, `${s}_Knee`))).toBeLessThan(60);
    }
    expect(-lowestSole(b)).toBeGreaterThan(450);
    expect(-lowestSole(b)).toBeLessThan(650);
  });

  it('reaching: the right hand goes above the head, then the left arm out to the side', () => {
    const up = pose('reaching', 0.25);
    expect(y(up, 'R_Wrist')).toBeGreaterThan(y(up, 'Head_top') + 150);
    const side = pose('reaching', 0.75);
    const shoulder = side.joints[J('L_Shoulder')]!;
    expect(side.joints[J('L_Wrist')]![0] - shoulder[0]).toBeGreaterThan(400);
  });

  it('crouching: the pelvis drops by about half its height and comes back up', () => {
    const top = y(pose('crouching', 0), 'Pelvis');
    expect(top - y(pose('crouching', 0.5), 'Pelvis')).toBeGreaterThan(0.45 * top);
    expect(y(pose('crouching', 0.999), 'Pelvis')).toBeCloseTo(top, 0);
  });
});
