import type { Skeleton } from './types';

/**
 * Parent of every joint in a spanning tree of the bone graph, found breadth-first from the root
 * joints at once (both hips where the root is the mid-hip point, so each shoulder hangs off its
 * own hip); root joints have parent −1. Bone graphs with cycles (COCO's torso, BlazePose's hands)
 * get the breadth-first tree, which keeps limbs as chains. Joints the bones never reach from the
 * root (BlazePose's face, which MediaPipe draws unconnected) also keep parent −1.
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
  const queue = [...skeleton.root];
  for (const r of queue) seen[r] = true;
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

/**
 * Every joint below `joint` in the kinematic tree given by {@link kinematicParents}, parents
 * before children, so a caller can move a subtree joint by joint from the top.
 */
export function descendants(parents: readonly number[], joint: number): number[] {
  const children: number[][] = parents.map(() => []);
  parents.forEach((p, j) => {
    if (p >= 0) children[p]?.push(j);
  });
  const out: number[] = [];
  const queue = [...(children[joint] ?? [])];
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head]!;
    out.push(j);
    queue.push(...children[j]!);
  }
  return out;
}
