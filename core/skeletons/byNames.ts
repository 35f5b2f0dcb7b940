import type { Skeleton, SkeletonId } from './types';

/**
 * A joint name reduced to compare across spellings: `LBigToe`, `left_big_toe` and
 * `Left-Big-Toe` all read `leftbigtoe`; a leading `l`/`r` (`l_hip`, `LShoulder`, Halpe's `Rknee`)
 * reads `left`/`right`.
 */
export function normalJointName(name: string): string {
  const tokens = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
  const first = tokens[0] ?? '';
  const glued = /^([lr])(eye|ear|shoulder|elbow|wrist|hip|knee|ankle|heel)$/.exec(first);
  if (first === 'l' || first === 'r') tokens[0] = first === 'l' ? 'left' : 'right';
  else if (glued) tokens.splice(0, 1, glued[1] === 'l' ? 'left' : 'right', glued[2]!);
  return tokens.join('');
}

/** Other names files give a skeleton's joints (normalised), by skeleton: MMPose's among them. */
const ALIASES: Partial<Record<SkeletonId, Readonly<Record<string, string>>>> = {
  crowdpose14: { tophead: 'head', headtop: 'head' },
};

/**
 * The known skeleton whose joints a file names, in this order (spellings compared by
 * {@link normalJointName}); undefined when none has exactly these joints.
 */
export function skeletonByJointNames(
  skeletons: readonly Skeleton[],
  names: readonly string[],
): Skeleton | undefined {
  return skeletons.find((s) => {
    if (s.joints.length !== names.length) return false;
    const alias = ALIASES[s.id as SkeletonId] ?? {};
    return s.joints.every((j, i) => {
      const n = normalJointName(names[i]!);
      return (alias[n] ?? n) === normalJointName(j.name);
    });
  });
}
