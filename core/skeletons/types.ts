import type { JointKey } from './jointKeys';

/**
 * A skeleton a dataset's own file defines (a COCO-style category whose keypoints match no known
 * layout: MPII-TRB, a lab's own marker set): joint names in the file's order and its bones as
 * 0-based index pairs. Everything else — anatomy keys, sides, mirror pairs, root — follows from
 * the names, so the spec alone (kept in the index) rebuilds the same skeleton in every process.
 */
export interface FileSkeletonSpec {
  readonly label: string;
  readonly joints: readonly string[];
  readonly bones: readonly (readonly [number, number])[];
  /** The file the layout was read from, for the skeleton reference page. */
  readonly source: string;
}

export type FileSkeletonId = `file-${string}`;
export interface Joint {
  /** The dataset's own name for the joint, as its files and papers spell it. */
  readonly name: string;
  /** Canonical anatomical key used to map joints between skeletons. */
  readonly key: JointKey;
}

export interface Skeleton {
  readonly id: AnySkeletonId;
  readonly label: string;
  readonly joints: readonly Joint[];
  /** Undirected edges drawn between joints (index pairs). */
  readonly bones: readonly (readonly [number, number])[];
  /** Left/right mirror pairs (index pairs), used for colouring and flip augmentation. */
  readonly flipPairs: readonly (readonly [number, number])[];
  /** The root is the mean of these joints (one index when the skeleton has a root joint). */
  readonly root: readonly number[];
  /** Where the joint order and bones come from. */
  readonly source: string;
  /** Per-joint OKS constants σ_i where the layout publishes them, with where they come from. */
  readonly oksSigmas?: { readonly values: readonly number[]; readonly source: string };
  /** The spec a dataset's file gave, for a skeleton no built-in layout matched. */
  readonly fromFile?: FileSkeletonSpec;
}

/** Every skeleton PoseScope knows, by id: the one list the contract's enum is made from. */
export const SKELETON_IDS = [
  'h36m17',
  'mupots17',
  'muco21',
  'coco17',
  'mpii16',
  'blazepose33',
  'crowdpose14',
  'halpe26',
  'wholebody133',
  'panoptic19',
  'smpl24',
] as const;
export type SkeletonId = (typeof SKELETON_IDS)[number];
/** A built-in skeleton's id or a file-defined one's. */
export type AnySkeletonId = SkeletonId | FileSkeletonId;

/** Builds a skeleton from joint names and name-based bones, so tables read like the papers. */
export function defineSkeleton(spec: {
  id: SkeletonId;
  label: string;
  joints: readonly (readonly [name: string, key: JointKey])[];
  bones: readonly (readonly [string, string])[];
  flipPairs: readonly (readonly [string, string])[];
  root: readonly string[];
  source: string;
  oksSigmas?: { readonly values: readonly number[]; readonly source: string };
}): Skeleton {
  const index = new Map(spec.joints.map(([name], i) => [name, i]));
  const at = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`skeleton ${spec.id}: unknown joint "${name}"`);
    return i;
  };
  const pairs = (ps: readonly (readonly [string, string])[]) =>
    ps.map(([a, b]) => [at(a), at(b)] as const);
  return {
    id: spec.id,
    label: spec.label,
    joints: spec.joints.map(([name, key]) => ({ name, key })),
    bones: pairs(spec.bones),
    flipPairs: pairs(spec.flipPairs),
    root: spec.root.map(at),
    source: spec.source,
    ...(spec.oksSigmas
      ? { oksSigmas: checkedSigmas(spec.id, spec.oksSigmas, spec.joints.length) }
      : {}),
  };
}

function checkedSigmas<S extends { readonly values: readonly number[] }>(
  id: SkeletonId,
  sigmas: S,
  joints: number,
): S {
  if (sigmas.values.length !== joints || !sigmas.values.every((v) => v > 0)) {
    throw new Error(`skeleton ${id}: ${sigmas.values.length} OKS sigmas for ${joints} joints`);
  }
  return sigmas;
}

/** Index of a joint by its dataset name; throws naming the skeleton when absent. */
export function jointIndex(skeleton: Skeleton, name: string): number {
  const i = skeleton.joints.findIndex((j) => j.name === name);
  if (i < 0) throw new Error(`skeleton ${skeleton.id} has no joint named "${name}"`);
  return i;
}

/** Side of a joint for left/right colouring, from its canonical key. */
/**
 * Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), distinguishable with every
 * common colour-vision deficiency: the person's left blue, right orange, midline light grey.
 * One convention for every place a skeleton is drawn (the app, thumbnails made on the main side).
 */
export const SIDE_COLORS = {
  left: '#0072B2',
  right: '#E69F00',
  center: '#D0D4D9',
} as const;

export const jointSide = (j: Joint): 'left' | 'right' | 'center' =>
  /^(file_)?l_/.test(j.key) ? 'left' : /^(file_)?r_/.test(j.key) ? 'right' : 'center';
