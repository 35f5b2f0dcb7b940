import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personArb } from '../../test/helpers/poseArbitraries';
import { projectPose, type Intrinsics } from '../camera';
import { MUPOTS_17 } from '../skeletons/mupots';
import { kinematicParents } from '../skeletons/tree';
import { jointIndex } from '../skeletons/types';
import type { Pose3D, Vec3 } from '../types';
import { boneDeviations, boneLengths, medianBoneLengths, reprojectionErrors } from './feedback';
import { plausibilityWarnings, type WarningCode } from './warnings';

const parents = kinematicParents(MUPOTS_17);
const intr: Intrinsics = { f: [1000, 1000], c: [500, 500] };
const J = (name: string) => jointIndex(MUPOTS_17, name);
const codes = (pose: Pose3D, opts = {}): WarningCode[] =>
  plausibilityWarnings(pose, MUPOTS_17, opts).map((w) => w.code);
const sample = fc.sample(personArb, { numRuns: 1, seed: 7 })[0]!;
const replace = (pose: Pose3D, changes: Record<string, Vec3>): Pose3D =>
  pose.map((p, j) => changes[MUPOTS_17.joints[j]!.name] ?? p);

describe('live feedback', () => {
  it('reports per-joint reprojection error: 0 on its own projection, NaN where a label is missing', () => {
    const labels = projectPose(sample, intr).map((uv, j) => (j === 2 ? ([NaN, NaN] as const) : uv));
    const e = reprojectionErrors(sample, labels, intr);
    expect(e[2]).toBeNaN();
    e.forEach((v, j) => j === 2 || expect(v).toBeLessThan(1e-9));
    expect(() => reprojectionErrors(sample, labels.slice(1), intr)).toThrow(/joints/);
  });

  it('takes the median bone lengths over frames and each bone’s deviation from them', () => {
    const frame = (forearm: number): Pose3D =>
      replace(sample, {
        L_Wrist: [
          sample[J('L_Elbow')]![0] + forearm,
          sample[J('L_Elbow')]![1],
          sample[J('L_Elbow')]![2],
        ],
      });
    const median = medianBoneLengths([frame(200), frame(250), frame(1000), frame(240)], parents);
    expect(median[J('L_Wrist')]).toBe(245);
    expect(median[MUPOTS_17.root[0]!]).toBeNaN();
    expect(median[J('L_Knee')]).toBeCloseTo(boneLengths(sample, parents)[J('L_Knee')]!, 9);
    const dev = boneDeviations(frame(1000), parents, median).find((b) => b.child === J('L_Wrist'))!;
    expect(dev).toMatchObject({ parent: J('L_Elbow'), medianMm: 245 });
    expect(dev.lengthMm).toBeCloseTo(1000, 9);
    expect(dev.deviationMm).toBeCloseTo(755, 9);
    expect(dev.relative).toBeCloseTo(755 / 245, 12);
    expect(boneDeviations(sample, parents, median)).toHaveLength(16);
  });

  it('stays quiet on people the rig poses within joint limits, labels matching', () => {
    fc.assert(
      fc.property(personArb, (pose) => {
        const opts = {
          medianBones: boneLengths(pose, parents),
          labels2d: projectPose(pose, intr),
          intrinsics: intr,
        };
        expect(plausibilityWarnings(pose, MUPOTS_17, opts)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('warns of a joint behind the camera', () => {
    const w = plausibilityWarnings(replace(sample, { Head_top: [0, 0, -50] }), MUPOTS_17);
    expect(w.filter((x) => x.code === 'behind-camera')).toEqual([
      {
        code: 'behind-camera',
        joints: ['Head_top'],
        message: 'Head_top is at depth -50 mm: behind the camera',
      },
    ]);
  });

  it('warns of a bone far off its median', () => {
    const e = sample[J('R_Elbow')]!;
    const pose = replace(sample, { R_Wrist: [e[0], e[1] + 600, e[2]] });
    const w = plausibilityWarnings(pose, MUPOTS_17, { medianBones: boneLengths(sample, parents) });
    const bone = w.find((x) => x.code === 'bone-length')!;
    expect(bone.joints).toEqual(['R_Elbow', 'R_Wrist']);
    expect(bone.message).toMatch(/R_Elbow–R_Wrist is 600 mm/);
  });

  it('warns of an elbow bent past its range', () => {
    // Forearm folded straight back onto the upper arm: 180° of flexion.
    const [s, e] = [sample[J('L_Shoulder')]!, sample[J('L_Elbow')]!];
    const back: Vec3 = [
      e[0] + 0.8 * (s[0] - e[0]),
      e[1] + 0.8 * (s[1] - e[1]),
      e[2] + 0.8 * (s[2] - e[2]),
    ];
    const w = plausibilityWarnings(replace(sample, { L_Wrist: back }), MUPOTS_17);
    expect(w.find((x) => x.code === 'joint-angle')).toMatchObject({
      joints: ['L_Shoulder', 'L_Elbow', 'L_Wrist'],
      message: expect.stringMatching(/L_Elbow bends 180°, past its 150° limit/),
    });
  });

  it('suspects a left/right swap when shoulders face against the hips', () => {
    const [l, r] = [sample[J('L_Shoulder')]!, sample[J('R_Shoulder')]!];
    expect(codes(replace(sample, { L_Shoulder: r, R_Shoulder: l }))).toContain('left-right-swap');
  });

  it('suspects a left/right swap when 3D projects onto the other side’s 2D labels', () => {
    const labels = [...projectPose(sample, intr)];
    const [a, b] = [J('L_Knee'), J('R_Knee')];
    [labels[a], labels[b]] = [labels[b]!, labels[a]!];
    const w = plausibilityWarnings(sample, MUPOTS_17, { labels2d: labels, intrinsics: intr });
    expect(w.filter((x) => x.code === 'left-right-swap').map((x) => x.joints)).toEqual([
      ['R_Knee', 'L_Knee'],
    ]);
    expect(w.filter((x) => x.code === 'reprojection')).toHaveLength(2);
  });
});
