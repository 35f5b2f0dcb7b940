// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Frame, PersonLabel } from '../../contract';
import {
  cameraToPixel,
  dist3,
  getSkeleton,
  kinematicParents,
  restPose,
  type Vec3,
} from '../../core';
import { freeMove, freeMovePose } from './editTools';

const MUPOTS = getSkeleton('mupots17');
const PARENTS = kinematicParents(MUPOTS);
const INTR: { f: [number, number]; c: [number, number] } = { f: [1500, 1500], c: [1024, 1024] };
const L_KNEE = 12;
const L_ANKLE = 13;

/** The rest pose standing 4 m in front of the camera (camera space: y down, z forward). */
const pose: Vec3[] = restPose(MUPOTS).map((p): Vec3 => [p[0], -p[1], 4000 - p[2]]);

const person = (joints3d: (Vec3 | null)[], withLabels = true): PersonLabel => ({
  instanceId: 1,
  person: 0,
  bbox: null,
  joints2d: withLabels ? pose.map((p) => [...cameraToPixel(p, INTR)]) : null,
  joints3d: joints3d.map((p) => p && [p[0], p[1], p[2]]),
  visibility: null,
  flags: 0,
  valid: true,
  edited: false,
});

const frame = (p: PersonLabel, intrinsics: Frame['intrinsics'] = INTR): Frame => ({
  datasetId: 1,
  imageId: 1,
  file: 'x.jpg',
  width: 2048,
  height: 2048,
  missing: false,
  review: 'unreviewed',
  subject: null,
  action: null,
  sequence: null,
  camera: null,
  intrinsics,
  skeleton: 'mupots17',
  people: [p],
  predictions: [],
});

const bones = (joints: readonly Vec3[]) =>
  PARENTS.map((parent, j) => (parent < 0 ? 0 : dist3(joints[j]!, joints[parent]!)));

describe('freeMove (the 3D gizmo)', () => {
  it('puts the joint where it is dropped and reports what that costs in the image', () => {
    const p = person(pose);
    const knee = pose[L_KNEE]!;
    // 30 mm sideways at 4 m with f = 1500 px is about 11 px in the image.
    const target: Vec3 = [knee[0] + 30, knee[1], knee[2]];
    const r = freeMove(frame(p), p, L_KNEE, target, false);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.after.joints3d![L_KNEE]).toEqual(target);
    expect(r.after.joints3d!.filter((_, j) => j !== L_KNEE)).toEqual(
      pose.filter((_, j) => j !== L_KNEE),
    );
    expect(r.after.joints2d).toBeUndefined();
    const px = (30 * INTR.f[0]) / knee[2];
    expect(r.what).toBe(`Moved L_Knee in 3D: ${px.toFixed(1)} px from its 2D label`);
    const live = freeMovePose(frame(p), p, L_KNEE, target, false);
    expect(live.ok && live.errorPx).toBeCloseTo(px, 6);
  });

  it('moving along the joint’s own ray costs nothing in the image', () => {
    const p = person(pose);
    const knee = pose[L_KNEE]!;
    const r = freeMovePose(
      frame(p),
      p,
      L_KNEE,
      [knee[0] * 1.1, knee[1] * 1.1, knee[2] * 1.1],
      false,
    );
    expect(r.ok && r.errorPx).toBeCloseTo(0, 6);
  });

  it('with the bone lock keeps every bone length and measures the error where the joint lands', () => {
    const p = person(pose);
    const knee = pose[L_KNEE]!;
    const target: Vec3 = [knee[0] + 250, knee[1] - 80, knee[2] - 300];
    const r = freeMovePose(frame(p), p, L_KNEE, target, true);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const before = bones(pose);
    bones(r.joints3d).forEach((b, j) => expect(b).toBeCloseTo(before[j]!, 6));
    // The ankle turned with the knee; the rest of the body stayed.
    expect(r.joints3d[L_ANKLE]).not.toEqual(pose[L_ANKLE]);
    expect(r.joints3d[0]).toEqual(pose[0]);
    const landed = r.joints3d[L_KNEE]!;
    const uv = cameraToPixel(landed, INTR);
    const label = cameraToPixel(knee, INTR);
    expect(r.errorPx).toBeCloseTo(Math.hypot(uv[0] - label[0], uv[1] - label[1]), 6);
    const tool = freeMove(frame(p), p, L_KNEE, target, true);
    expect(tool.ok && tool.what).toMatch(/^Moved L_Knee in 3D \(bones kept\): [\d.]+ px from/);
  });

  it('says why it cannot move a missing joint, or a joint behind the camera', () => {
    const missing = person(pose.map((q, j) => (j === L_KNEE ? null : q)));
    expect(freeMove(frame(missing), missing, L_KNEE, [0, 0, 4000], false)).toEqual({
      ok: false,
      why: 'L_Knee has no 3D label to move',
    });
    const no3d: PersonLabel = { ...person(pose), joints3d: null };
    expect(freeMove(frame(no3d), no3d, L_KNEE, [0, 0, 4000], false)).toEqual({
      ok: false,
      why: 'this person has no 3D labels to move',
    });
    const p = person(pose);
    expect(freeMove(frame(p), p, L_KNEE, [0, 0, -10], false)).toEqual({
      ok: false,
      why: 'L_Knee must stay in front of the camera',
    });
  });

  it('moves without intrinsics or a 2D label, saying there is nothing to compare with', () => {
    const p = person(pose, false);
    const r = freeMove(frame(p, null), p, L_KNEE, [0, 500, 3900], false);
    expect(r.ok && r.what).toBe('Moved L_Knee in 3D: no 2D label to compare with');
  });
});
