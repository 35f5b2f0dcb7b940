import type { Skeleton } from './types';

/**
 * Parent of every joint in a spanning tree of the bone graph, found breadth-first from the
 * root joint (the first root index); the root's parent is −1. Skeletons whose bone graph has
 * cycles (BlazePose's hands and torso) get the breadth-first tree, which keeps limbs as chains.
 * Joints unreachable from the root (e.g. BlazePose's mouth) keep parent −1.
 */
export function kinematicParents(skeleton: Skeleton): number[] {
  const n = skeleton.joints.length;
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of skeleton.bones) {
    adj[a]!.push(b);
    adj[b]!.push(a);
  }
  const parents = new Array<number>(n).fill(-1);
  const seen = new Array<boolean>(n).fill(false);
  const start = skeleton.root[0] ?? 0;
  seen[start] = true;
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head]!;
    for (const k of adj[j]!) {
      if (seen[k]) continue;
      seen[k] = true;
      parents[k] = j;
      queue.push(k);
    }
  }
  return parents;
}
