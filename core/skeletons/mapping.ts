import type { JointKey } from './jointKeys';
import type { Skeleton } from './types';

/**
 * Joints a skeleton lacks but can derive from others, stated explicitly so that converted poses
 * never hide an approximation. Each is the plain mean of the listed joints.
 */
export const DERIVED_JOINTS: Readonly<Partial<Record<JointKey, readonly JointKey[]>>> = {
  /** Mid-hip: the usual pelvis stand-in for COCO/BlazePose (RootNet evaluates COCO this way). */
  pelvis: ['l_hip', 'r_hip'],
  /** Mid-shoulder as the thorax (neck base). */
  thorax: ['l_shoulder', 'r_shoulder'],
  /** Spine (Human3.6M "Torso") halfway between pelvis and thorax. */
  spine: ['pelvis', 'thorax'],
  /** Head centre as the mid-ear point. */
  head: ['l_ear', 'r_ear'],
  /** Hand centre between the index and pinky knuckles (BlazePose → MuCo). */
  l_hand: ['l_index', 'l_pinky'],
  r_hand: ['r_index', 'r_pinky'],
  /** Toe tip (MuCo, BlazePose "foot index") between the big and small toes (Halpe, WholeBody). */
  l_toe: ['l_big_toe', 'l_small_toe'],
  r_toe: ['r_big_toe', 'r_small_toe'],
};

export type MappingEntry =
  | { readonly kind: 'direct'; readonly source: number }
  | {
      readonly kind: 'derived';
      /** Source joint indices with their weights (they sum to 1). */
      readonly weights: readonly (readonly [number, number])[];
      readonly rule: string;
    }
  | { readonly kind: 'missing' };

export interface JointMapping {
  readonly from: Skeleton;
  readonly to: Skeleton;
  readonly entries: readonly MappingEntry[];
}

/**
 * Maps `from`'s joints onto `to`'s by canonical joint key; a target joint with no namesake is
 * derived via {@link DERIVED_JOINTS} (recursively) or reported missing.
 */
export function buildJointMapping(from: Skeleton, to: Skeleton): JointMapping {
  const byKey = new Map(from.joints.map((j, i) => [j.key, i]));

  const resolve = (key: JointKey, depth: number): Map<number, number> | undefined => {
    const direct = byKey.get(key);
    if (direct !== undefined) return new Map([[direct, 1]]);
    const parts = DERIVED_JOINTS[key];
    if (!parts || depth > 4) return undefined;
    const out = new Map<number, number>();
    for (const part of parts) {
      const sub = resolve(part, depth + 1);
      if (!sub) return undefined;
      for (const [i, w] of sub) out.set(i, (out.get(i) ?? 0) + w / parts.length);
    }
    return out;
  };

  const entries = to.joints.map((joint): MappingEntry => {
    const direct = byKey.get(joint.key);
    if (direct !== undefined) return { kind: 'direct', source: direct };
    const weights = resolve(joint.key, 0);
    if (!weights) return { kind: 'missing' };
    const parts = DERIVED_JOINTS[joint.key] ?? [];
    return {
      kind: 'derived',
      weights: [...weights.entries()],
      rule: `${joint.name} = mean(${parts.join(', ')})`,
    };
  });
  return { from, to, entries };
}

/**
 * Converts one pose (2D or 3D, any dimension) with a mapping; missing joints become NaN so that
 * metrics skip them instead of scoring a guess.
 */
export function applyJointMapping<P extends readonly number[]>(
  pose: readonly P[],
  mapping: JointMapping,
): number[][] {
  if (pose.length !== mapping.from.joints.length) {
    throw new RangeError(
      `expected ${mapping.from.joints.length} joints for ${mapping.from.label}, got ${pose.length}`,
    );
  }
  const dim = pose[0]?.length ?? 3;
  return mapping.entries.map((e) => {
    if (e.kind === 'missing') return new Array<number>(dim).fill(NaN);
    const weights = e.kind === 'direct' ? ([[e.source, 1]] as const) : e.weights;
    const out = new Array<number>(dim).fill(0);
    for (const [i, w] of weights) {
      const p = pose[i]!;
      for (let d = 0; d < dim; d++) out[d]! += w * p[d]!;
    }
    return out;
  });
}
