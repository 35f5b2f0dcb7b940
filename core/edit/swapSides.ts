import type { Skeleton } from '../skeletons/types';
import type { PersonJoints } from './types';

/**
 * The person with left and right exchanged: each of the skeleton's flip pairs (left shoulder ↔
 * right shoulder, …) trades places in 2D and 3D, centre joints stay. The fix for a label whose
 * sides were swapped whole (a common annotation slip, and a common model failure): the points do
 * not move, only which side each is called.
 */
export function swapSides(person: PersonJoints, skeleton: Skeleton): PersonJoints {
  const index = sidePartners(skeleton);
  const swap = <P>(pose: readonly P[] | null): P[] | null =>
    pose && pose.map((_, j) => pose[index[j]!]!);
  return { joints3d: swap(person.joints3d), joints2d: swap(person.joints2d) };
}

/** Each joint's index on the other side (its flip partner), or its own for a centre joint. */
export function sidePartners(skeleton: Skeleton): number[] {
  const index = skeleton.joints.map((_, j) => j);
  for (const [a, b] of skeleton.flipPairs) {
    index[a] = b;
    index[b] = a;
  }
  return index;
}
