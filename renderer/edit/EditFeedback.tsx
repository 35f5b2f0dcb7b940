import { useMemo } from 'react';
import type { Frame, PersonLabel } from '../../contract';
import {
  boneDeviations,
  getSkeleton,
  kinematicParents,
  medianBoneLengths,
  plausibilityWarnings,
  reprojectionError,
} from '../../core';
import { usePersonBones } from './usePersonBones';
import { toPersonJoints } from '../../contract';

/** Bones further than this from the median are listed (a fifth of a bone is clearly wrong). */
const BONE_TOLERANCE = 0.15;

/**
 * What the corrected label looks like to the geometry: the chosen joint's reprojection error
 * against its 2D label, bones far from the person's median length over their frames (this
 * frame's people where the dataset has no identities), and the
 * plausibility warnings (behind the camera, joint limits, left/right swaps).
 */
export function EditFeedback({
  frame,
  person,
  joint,
}: {
  frame: Frame;
  person: PersonLabel;
  joint: number | null;
}) {
  const skeleton = getSkeleton(frame.skeleton);
  const parents = useMemo(() => kinematicParents(skeleton), [skeleton]);
  const joints = toPersonJoints(person);
  const own = usePersonBones(frame.datasetId, person.instanceId);
  const frameMedian = useMemo(() => {
    const poses = frame.people.map((p) => toPersonJoints(p).joints3d).filter((p) => p !== null);
    return poses.length > 0 ? medianBoneLengths(poses, parents) : null;
  }, [frame, parents]);
  // The person's own median over the frames that show them, where the dataset says who is who.
  const median = own && own.frames > 1 ? own.medianMm.map((m) => m ?? NaN) : frameMedian;
  const medianOf =
    own && own.frames > 1 ? `their median over ${own.frames} frames` : "this frame's median";
  const pose = joints.joints3d;
  if (!pose) return <p className="muted">No 3D labels: 2D edits only.</p>;
  const intr = frame.intrinsics;
  const uv = joint === null ? undefined : joints.joints2d?.[joint];
  const reproj =
    joint !== null && intr && uv ? reprojectionError(pose[joint]!, uv, intr) : Number.NaN;
  const off = median
    ? boneDeviations(pose, parents, median).filter((b) => Math.abs(b.relative) > BONE_TOLERANCE)
    : [];
  const warnings = plausibilityWarnings(pose, skeleton, {
    ...(median ? { medianBones: median } : {}),
    ...(joints.joints2d && intr ? { labels2d: joints.joints2d, intrinsics: intr } : {}),
  });
  const name = (j: number) => skeleton.joints[j]?.name ?? `#${j}`;
  return (
    <div className="edit-feedback" aria-label="Edit feedback">
      {joint !== null && (
        <p>
          {name(joint)} reprojects {Number.isFinite(reproj) ? `${reproj.toFixed(2)} px` : '—'} from
          its 2D label
        </p>
      )}
      {off.length > 0 && (
        <p className="warn-text">
          Bones off {medianOf}:{' '}
          {off
            .map(
              (b) =>
                `${name(b.parent)}–${name(b.child)} ${b.relative > 0 ? '+' : ''}${(100 * b.relative).toFixed(0)} %`,
            )
            .join(', ')}
        </p>
      )}
      {warnings.length > 0 ? (
        <ul className="warn-list">
          {warnings.map((w, k) => (
            <li key={k} className="warn-text" data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No plausibility warnings.</p>
      )}
    </div>
  );
}
