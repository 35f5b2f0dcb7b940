import { normalJointName } from './byNames';
import { JOINT_KEYS, type JointKey } from './jointKeys';
import type { FileSkeletonId, FileSkeletonSpec, Joint, Skeleton } from './types';

export type { FileSkeletonId, FileSkeletonSpec } from './types';

export const FILE_SKELETON_ID = /^file-[0-9a-f]{8}$/;
export const isFileSkeletonId = (id: string): id is FileSkeletonId => FILE_SKELETON_ID.test(id);

/** Canonical keys by normalised name, plus the spellings files use for the midline joints. */
const KEY_BY_NAME = new Map<string, JointKey>([
  ...JOINT_KEYS.map((k) => [normalJointName(k), k] as const),
  ['neck', 'thorax'],
  ['headtop', 'head_top'],
  ['tophead', 'head_top'],
  ['midhip', 'pelvis'],
  ['hipcenter', 'pelvis'],
  ['root', 'pelvis'],
]);

const sideOf = (normal: string): 'l' | 'r' | 'c' =>
  normal.startsWith('left') ? 'l' : normal.startsWith('right') ? 'r' : 'c';

/**
 * The anatomy key of each joint: the canonical one where the name spells it (`left_shoulder`,
 * `LShoulder`, `neck`), so models and other skeletons map onto these joints; else a key of the
 * file's own (`file_l_bigfinger`) that only this layout shares. A second joint naming an
 * already-taken canonical key gets a file key, so no two joints ever share one.
 */
function keysOf(names: readonly string[]): JointKey[] {
  const taken = new Set<JointKey>();
  return names.map((name, i) => {
    const normal = normalJointName(name) || `joint${i}`;
    const canonical = KEY_BY_NAME.get(normal);
    const own: JointKey = `file_${sideOf(normal)}_${normal}`;
    const key: JointKey =
      canonical && !taken.has(canonical) ? canonical : taken.has(own) ? `${own}_${i}` : own;
    taken.add(key);
    return key;
  });
}

/** The mirror of a key (`l_knee` ↔ `r_knee`, `file_l_leftx` ↔ `file_r_rightx`), or undefined. */
function mirrorKey(key: string): string | undefined {
  const m = /^(file_)?([lr])_(.*)$/.exec(key);
  if (!m) return undefined;
  // A file key spells its side in the name too (`file_l_lefthipbone`).
  const name = m[1]
    ? m[3]!.replace(/^(left|right)/, (s) => (s === 'left' ? 'right' : 'left'))
    : m[3];
  return `${m[1] ?? ''}${m[2] === 'l' ? 'r' : 'l'}_${name}`;
}

/** FNV-1a over the spec's joints and bones: the same layout gets the same id in every file. */
function layoutHash(spec: FileSkeletonSpec): string {
  const text = JSON.stringify([spec.joints, spec.bones]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Why a spec cannot be a skeleton (no joints, a bone to a joint that is not there), or null. */
export function fileSkeletonProblem(spec: FileSkeletonSpec): string | null {
  if (spec.joints.length === 0) return 'it names no joints';
  const n = spec.joints.length;
  const bad = spec.bones.find(
    ([a, b]) => !Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= n || b >= n,
  );
  return bad ? `its skeleton links joints ${bad[0]}–${bad[1]}, outside 0…${n - 1}` : null;
}

/** The skeleton a file's spec defines; throws naming the problem when it cannot be one. */
export function fileSkeleton(spec: FileSkeletonSpec): Skeleton {
  const problem = fileSkeletonProblem(spec);
  if (problem) throw new Error(`${spec.source}: ${problem}`);
  const keys = keysOf(spec.joints);
  const joints: Joint[] = spec.joints.map((name, i) => ({ name, key: keys[i]! }));
  const at = new Map(keys.map((k, i) => [k as string, i]));
  const flipPairs = keys.flatMap((k, i) => {
    const m = mirrorKey(k);
    const j = m === undefined ? undefined : at.get(m);
    const left = k.startsWith('l_') || k.startsWith('file_l_');
    return left && j !== undefined ? [[i, j] as const] : [];
  });
  const pelvis = at.get('pelvis');
  const hips = [at.get('l_hip'), at.get('r_hip')].filter((i) => i !== undefined);
  const root = pelvis !== undefined ? [pelvis] : hips.length === 2 ? hips : joints.map((_, i) => i);
  return {
    id: `file-${layoutHash(spec)}`,
    label: spec.label,
    joints,
    bones: spec.bones.map(([a, b]) => [a, b] as const),
    flipPairs,
    root,
    source: `defined by ${spec.source}`,
    fromFile: spec,
  };
}

/**
 * Converts a COCO-style category `skeleton` (cocoapi's is 1-based: showAnns subtracts 1) to
 * 0-based pairs. A list that uses joint 0 is taken as 0-based, one that uses joint K as
 * 1-based, and one that uses neither as 1-based, cocoapi's convention.
 */
export function cocoBones(
  skeleton: readonly (readonly number[])[],
  joints: number,
): [number, number][] {
  const flat = skeleton.flat();
  const base = flat.includes(0) && !flat.includes(joints) ? 0 : 1;
  return skeleton.map((pair) => [(pair[0] ?? -1) - base, (pair[1] ?? -1) - base]);
}

const registry = new Map<string, Skeleton>();

/**
 * Makes a file-defined skeleton known to {@link getSkeleton} in this process (main's workers and
 * the renderer each call it when they read a dataset that has one); idempotent.
 */
export function registerFileSkeleton(spec: FileSkeletonSpec): Skeleton {
  const skeleton = fileSkeleton(spec);
  const had = registry.get(skeleton.id);
  if (had) return had;
  registry.set(skeleton.id, skeleton);
  return skeleton;
}

export const registeredFileSkeleton = (id: string): Skeleton | undefined => registry.get(id);
export const registeredFileSkeletons = (): Skeleton[] => [...registry.values()];
