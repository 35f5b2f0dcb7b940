import { getSkeleton } from '../../core';
import { useReferenceStore } from './useReferenceStore';
import { JointTable } from './JointTable';
import { SkeletonPicker } from './SkeletonPicker';
import { SkeletonViewer } from './SkeletonViewer';

/** Every supported skeleton: its rest pose in 3D, joints, parents and mappings. */
export function SkeletonReference() {
  const skeleton = getSkeleton(useReferenceStore((s) => s.skeletonId));
  return (
    <div className="reference">
      <SkeletonPicker />
      <SkeletonViewer skeleton={skeleton} />
      <JointTable skeleton={skeleton} />
    </div>
  );
}
