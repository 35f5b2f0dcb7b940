import { describe, expect, it } from 'vitest';
import { H36M_17 } from '../skeletons/h36m';
import { buildJointMapping } from '../skeletons/mapping';
import { MUPOTS_17 } from '../skeletons/mupots';
import { jointIndex } from '../skeletons/types';
import type { Vec2, Vec3 } from '../types';
import { acceptPrediction } from './accept';
import type { PersonJoints } from './types';

const pose3 = (n: number, base: number): Vec3[] =>
  Array.from({ length: n }, (_, j) => [base + j, 0, 3000]);
const pose2 = (n: number, base: number): Vec2[] =>
  Array.from({ length: n }, (_, j) => [base + j, 0]);

describe('accept prediction', () => {
  const label: PersonJoints = { joints3d: pose3(17, 0), joints2d: pose2(17, 0) };
  const pred: PersonJoints = { joints3d: pose3(17, 100), joints2d: pose2(17, 100) };

  it('copies one joint, both channels, and leaves the rest', () => {
    const r = acceptPrediction(label, pred, [3]);
    expect(r.accepted).toEqual([3]);
    expect(r.person.joints3d![3]).toEqual([103, 0, 3000]);
    expect(r.person.joints2d![3]).toEqual([103, 0]);
    expect(r.person.joints3d![4]).toBe(label.joints3d![4]);
    expect(label.joints3d![3]).toEqual([3, 0, 3000]);
  });

  it('takes only the channel asked for', () => {
    const r = acceptPrediction(label, pred, 'all', { channels: '3d' });
    expect(r.person.joints3d).toEqual(pred.joints3d);
    expect(r.person.joints2d).toBe(label.joints2d);
  });

  it('maps another skeleton by anatomy, keeping labels the prediction cannot supply', () => {
    // A MuPoTS-17 run on a Human3.6M dataset: H36M "Nose" has no MuPoTS namesake.
    const mapping = buildJointMapping(MUPOTS_17, H36M_17);
    const r = acceptPrediction(label, { joints3d: pose3(17, 100), joints2d: null }, 'all', {
      mapping,
    });
    const nose = jointIndex(H36M_17, 'Nose');
    expect(r.skipped).toEqual([nose]);
    expect(r.person.joints3d![nose]).toBe(label.joints3d![nose]);
    const [hKnee, mKnee] = [jointIndex(H36M_17, 'L_Knee'), jointIndex(MUPOTS_17, 'L_Knee')];
    expect(r.person.joints3d![hKnee]).toEqual([100 + mKnee, 0, 3000]);
    expect(r.person.joints2d).toBe(label.joints2d);
  });

  it('creates a channel the label lacks and skips joints the prediction misses', () => {
    const holes = pose3(17, 100).map((p, j): Vec3 => (j === 5 ? [NaN, NaN, NaN] : p));
    const r = acceptPrediction(
      { joints3d: null, joints2d: label.joints2d },
      { joints3d: holes, joints2d: null },
      [4, 5],
    );
    expect(r.accepted).toEqual([4]);
    expect(r.skipped).toEqual([5]);
    expect(r.person.joints3d![4]).toEqual([104, 0, 3000]);
    expect(r.person.joints3d![5]).toEqual([NaN, NaN, NaN]);
    expect(() => acceptPrediction(label, pred, [17])).toThrow(/outside/);
  });
});
