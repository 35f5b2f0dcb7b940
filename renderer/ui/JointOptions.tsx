import type { Skeleton } from '../../core';

/** A skeleton's joints as `<option>`s, valued by joint index, for the joint pickers. */
export function JointOptions({ skeleton }: { skeleton: Skeleton }) {
  return (
    <>
      {skeleton.joints.map((j, i) => (
        <option key={j.name} value={i}>
          {j.name}
        </option>
      ))}
    </>
  );
}
