import { errorMessage, type Frame, type PersonLabel, type PersonPrediction } from '../../contract';
import {
  acceptPrediction,
  boneLockMove,
  flipLimbDepth,
  freeDrag,
  getSkeleton,
  imposeRankingCell,
  kinematicParents,
  pointAtDepth,
  rayDrag,
  reprojectionError,
  setRootDepth,
  snapToLabelRay,
  type PersonJoints,
  type Pose3D,
  type Vec2,
  type Vec3,
} from '../../core';
import { toPersonJoints } from '../../contract';
import type { ToolResult } from '../data/useEdits';

const fail = (why: string): ToolResult => ({ ok: false, why });

/** The pieces every tool needs about a frame's person. */
function context(frame: Frame, person: PersonLabel) {
  const skeleton = getSkeleton(frame.skeleton);
  const name = (j: number) => skeleton.joints[j]?.name ?? `joint ${j}`;
  return { skeleton, parents: kinematicParents(skeleton), joints: toPersonJoints(person), name };
}

const depthOf = (p: PersonJoints, j: number) => p.joints3d?.[j]?.[2] ?? NaN;

/** Moves a joint's 2D label to `uv`; its 3D joint follows onto the new ray at its depth. */
export function drag2d(
  frame: Frame,
  person: PersonLabel,
  joint: number,
  uv: Vec2,
  boneLock: boolean,
): ToolResult {
  const { joints, parents, name } = context(frame, person);
  if (!joints.joints2d) return fail('this person has no 2D labels to move');
  const joints2d = joints.joints2d.map((p, j) => (j === joint ? uv : p));
  const j3 = joints.joints3d;
  if (!j3 || !frame.intrinsics || !Number.isFinite(depthOf(joints, joint)))
    return { ok: true, after: { joints2d }, what: `Moved ${name(joint)} in 2D` };
  const snapped = snapToLabelRay(j3, joint, uv, frame.intrinsics);
  const joints3d = boneLock ? boneLockMove(j3, parents, joint, snapped[joint]!) : snapped;
  return { ok: true, after: { joints2d, joints3d }, what: `Moved ${name(joint)}` };
}

/** Sets a joint's depth (mm) along its ray; with the bone lock its limb turns with it instead. */
export function setJointDepth(
  frame: Frame,
  person: PersonLabel,
  joint: number,
  depthMm: number,
  boneLock: boolean,
): ToolResult {
  const { joints, parents, name } = context(frame, person);
  const j3 = joints.joints3d;
  if (!j3 || !Number.isFinite(depthOf(joints, joint)))
    return fail(`${name(joint)} has no 3D label to move in depth`);
  if (!(depthMm > 0)) return fail('the depth must be in front of the camera (over 0 mm)');
  const joints3d = boneLock
    ? boneLockMove(j3, parents, joint, pointAtDepth(j3[joint]!, depthMm))
    : rayDrag(j3, joint, depthMm);
  return {
    ok: true,
    after: { joints3d },
    what: `${name(joint)} to ${(depthMm / 1000).toFixed(3)} m${boneLock ? ' (bones kept)' : ''}`,
  };
}

/** The other depth of a joint's bone that projects to the same 2D point (DRPose3D). */
export function flipDepth(frame: Frame, person: PersonLabel, joint: number): ToolResult {
  const { joints, parents, name } = context(frame, person);
  if (!joints.joints3d || !Number.isFinite(depthOf(joints, joint)))
    return fail(`${name(joint)} has no 3D label to flip`);
  const r = flipLimbDepth(joints.joints3d, parents, joint);
  if (!r.ok) return fail(r.message.replace(`joint ${joint}`, name(joint)));
  const d = (r.depthAfter - r.depthBefore).toFixed(0);
  return { ok: true, after: { joints3d: r.pose }, what: `Flipped ${name(joint)} (${d} mm)` };
}

/** Imposes the ranking-matrix cell (i, j) = order (−1 i in front, 0 level, 1 behind). */
export function imposeOrder(
  frame: Frame,
  person: PersonLabel,
  i: number,
  j: number,
  order: -1 | 0 | 1,
): ToolResult {
  const { joints, name } = context(frame, person);
  if (!joints.joints3d) return fail('this person has no 3D labels to reorder');
  const joints3d = imposeRankingCell(joints.joints3d, i, j, order);
  const words = order < 0 ? 'in front of' : order > 0 ? 'behind' : 'level with';
  return { ok: true, after: { joints3d }, what: `${name(i)} ${words} ${name(j)}` };
}

/** Moves the whole person along the root's ray to a root depth (mm). */
export function setPersonDepth(frame: Frame, person: PersonLabel, depthMm: number): ToolResult {
  const { joints, skeleton } = context(frame, person);
  if (!joints.joints3d) return fail('this person has no 3D labels');
  if (!(depthMm > 0)) return fail('the depth must be in front of the camera (over 0 mm)');
  try {
    const joints3d = setRootDepth(joints.joints3d, skeleton.root, depthMm);
    return { ok: true, after: { joints3d }, what: `Root to ${(depthMm / 1000).toFixed(3)} m` };
  } catch (err) {
    return fail(errorMessage(err));
  }
}

/** Takes a run's prediction for one joint or the whole person into the label. */
export function acceptRun(
  frame: Frame,
  person: PersonLabel,
  prediction: PersonPrediction,
  joint: number | 'all',
  runName: string,
): ToolResult {
  const { joints, name } = context(frame, person);
  const pred = toPersonJoints(prediction);
  const r = acceptPrediction(joints, pred, joint === 'all' ? 'all' : [joint], {
    channels: joints.joints3d ? (joints.joints2d ? 'both' : '3d') : '2d',
  });
  if (r.accepted.length === 0) return fail(`${runName} has no value for that`);
  const what =
    joint === 'all'
      ? `Accepted ${runName} for ${r.accepted.length} joints`
      : `Accepted ${runName} for ${name(joint)}`;
  return { ok: true, after: r.person, what };
}

/** A moved joint's reprojection error (px) in words: a free 3D move can leave its 2D label. */
export function reprojectionNote(px: number): string {
  if (Number.isNaN(px)) return 'no 2D label to compare with';
  if (!Number.isFinite(px)) return 'behind the camera';
  return `${px.toFixed(1)} px from its 2D label`;
}

export type FreeMovePose =
  | { readonly ok: true; readonly joints3d: Pose3D; readonly errorPx: number }
  | { readonly ok: false; readonly why: string };

/**
 * Where a free 3D move of `joint` to `targetMm` (camera space) leaves the person's joints, and
 * the error the joint then has against its 2D label (NaN without a label or intrinsics). With the
 * bone lock the joint lands where its bone reaches towards the target, so the error is measured
 * there. Cheap enough to run on every pointer move of a drag.
 */
export function freeMovePose(
  frame: Frame,
  person: PersonLabel,
  joint: number,
  targetMm: Vec3,
  boneLock: boolean,
): FreeMovePose {
  const { joints, parents, name } = context(frame, person);
  const fail = (why: string): FreeMovePose => ({ ok: false, why });
  const j3 = joints.joints3d;
  if (!j3) return fail('this person has no 3D labels to move');
  if (!Number.isFinite(depthOf(joints, joint)))
    return fail(`${name(joint)} has no 3D label to move`);
  if (!targetMm.every(Number.isFinite)) return fail('the move has no finite target');
  const label = joints.joints2d?.[joint];
  const intr = frame.intrinsics;
  const joints3d = boneLock
    ? boneLockMove(j3, parents, joint, targetMm)
    : intr
      ? freeDrag(j3, joint, targetMm, intr, label).pose
      : j3.map((p, k) => (k === joint ? targetMm : p));
  const landed = joints3d[joint]!;
  if (!(landed[2] > 0)) return fail(`${name(joint)} must stay in front of the camera`);
  const errorPx = intr && label ? reprojectionError(landed, label, intr) : NaN;
  return { ok: true, joints3d, errorPx };
}

/**
 * The free 3D drag (the 3D view's gizmo): the joint goes where it is put — with the bone lock,
 * its limb turns towards it instead — and the edit says what that costs against the 2D label.
 * Only the 3D is sent: where the dataset stores 2D, the main side re-projects what moved.
 */
export function freeMove(
  frame: Frame,
  person: PersonLabel,
  joint: number,
  targetMm: Vec3,
  boneLock: boolean,
): ToolResult {
  const r = freeMovePose(frame, person, joint, targetMm, boneLock);
  if (!r.ok) return r;
  const { name } = context(frame, person);
  const lock = boneLock ? ' (bones kept)' : '';
  const what = `Moved ${name(joint)} in 3D${lock}: ${reprojectionNote(r.errorPx)}`;
  return { ok: true, after: { joints3d: r.joints3d }, what };
}
