import { describe, expect, it } from 'vitest';
import { h36mWorldToCamera } from './h36mCameras';
import { h36mImageName, h36mTake, parseH36mImage } from './h36mTakes';

/**
 * RootNet's `Human36M_subject1_camera.json`, cameras 1 and 2 (X_cam = R·X_world + t, mm): the
 * same calibration VideoPose3D publishes as camera-to-world quaternions and camera centres.
 */
const ROOTNET_S1 = {
  1: {
    R: [
      [-0.9153617321513369, 0.40180836633680234, 0.02574754463350265],
      [0.051548117060134555, 0.1803735689384521, -0.9822464900705729],
      [-0.399319034032262, -0.8977836111057917, -0.185819527201491],
    ],
    t: [-346.05078140028075, 546.9807793144001, 5474.481087434061],
  },
  2: {
    R: [
      [0.9281683400814921, 0.3721538354721445, 0.002248380248018696],
      [0.08166409428175585, -0.1977722953267526, -0.976840363061605],
      [-0.3630902204349604, 0.9068559102440475, -0.21395758897485287],
    ],
    t: [251.42516271750836, 420.9422103702068, 5588.195881837821],
  },
} as const;

describe('Human3.6M takes as sequence-keyed files name them', () => {
  it("maps VideoPose3D's action names onto RootNet's action and subaction ids, per subject", () => {
    // metadata.xml: S1's subaction 1 is "Directions 1", 2 the bare "Directions"; S5's are 1 and 2.
    expect(h36mTake('S1', 'Directions 1')).toEqual({ subject: 1, action: 2, subaction: 1 });
    expect(h36mTake('S1', 'Directions')).toEqual({ subject: 1, action: 2, subaction: 2 });
    expect(h36mTake('S5', 'Directions 2')).toEqual({ subject: 5, action: 2, subaction: 2 });
    expect(h36mTake('S9', 'Discussion 2')).toEqual({ subject: 9, action: 3, subaction: 2 });
    expect(h36mTake('S1', 'Sitting 2')).toEqual({ subject: 1, action: 9, subaction: 2 });
    expect(h36mTake('S11', 'Phoning 3')).toEqual({ subject: 11, action: 6, subaction: 1 });
    // S1's files say TakingPhoto and WalkingDog; VideoPose3D renames them, the SH files do not.
    expect(h36mTake('S1', 'Photo 1')).toEqual({ subject: 1, action: 12, subaction: 1 });
    expect(h36mTake('S1', 'TakingPhoto 1')).toEqual({ subject: 1, action: 12, subaction: 1 });
    expect(h36mTake('S1', 'WalkingDog')).toEqual({ subject: 1, action: 15, subaction: 2 });
    expect(h36mTake('S7', 'Walking_2')).toEqual({ subject: 7, action: 14, subaction: 2 });
  });

  it('says which action name is unknown, and the subject’s known ones', () => {
    const r = h36mTake('S9', 'Jumping');
    expect('error' in r && r.error).toMatch(
      /^unknown action name 'Jumping' for S9; known: Directions 1, Directions, Discussion 1, Discussion 2, /,
    );
    expect('error' in r && r.error.split(', ').length).toBe(30);
    expect(h36mTake('S2', 'Directions')).toEqual({
      error: "subject 'S2' is not a Human3.6M subject with poses (S1, S5, S6, S7, S8, S9, S11)",
    });
  });

  it("names and parses RootNet's image files: …_000001.jpg is the take's first frame", () => {
    const take = { subject: 9, action: 2, subaction: 1 };
    expect(h36mImageName(take, 3, 1)).toBe(
      's_09_act_02_subact_01_ca_03/s_09_act_02_subact_01_ca_03_000001',
    );
    expect(
      parseH36mImage('images/s_11_act_16_subact_02_ca_04/s_11_act_16_subact_02_ca_04_001386.jpg'),
    ).toEqual({
      take: { subject: 11, action: 16, subaction: 2 },
      camera: 4,
      frame: 1386,
    });
    expect(parseH36mImage('TS1/img_000001.jpg')).toBeUndefined();
  });

  it("moves world joints into each camera as RootNet's camera files do", () => {
    const world = Float64Array.from([120, -340, 910, -2000, 1500, 30]);
    for (const cam of [1, 2] as const) {
      const { R, t } = ROOTNET_S1[cam];
      const got = h36mWorldToCamera(world, 1, cam)!;
      for (let j = 0; j < 2; j++)
        for (let r = 0; r < 3; r++) {
          const x = world.subarray(3 * j, 3 * j + 3);
          const want = R[r]![0]! * x[0]! + R[r]![1]! * x[1]! + R[r]![2]! * x[2]! + t[r]!;
          expect(got[3 * j + r]).toBeCloseTo(want, 2);
        }
    }
    expect(h36mWorldToCamera(world, 2, 1)).toBeUndefined();
  });
});
