import { BLAZEPOSE_33 } from './blazepose';
import { COCO_17 } from './coco';
import { CROWDPOSE_14 } from './crowdpose';
import { HALPE_26 } from './halpe';
import { H36M_17 } from './h36m';
import { MPII_16 } from './mpii';
import { MUCO_21, MUPOTS_17 } from './mupots';
import { PANOPTIC_19 } from './panoptic';
import { SMPL_24 } from './smpl';
import { isFileSkeletonId, registeredFileSkeleton, registeredFileSkeletons } from './fromFile';
import type { Skeleton, SkeletonId } from './types';
import { WHOLEBODY_133 } from './wholebody';

export {
  BLAZEPOSE_33,
  COCO_17,
  CROWDPOSE_14,
  H36M_17,
  HALPE_26,
  MPII_16,
  MUCO_21,
  MUPOTS_17,
  PANOPTIC_19,
  SMPL_24,
  WHOLEBODY_133,
};
export { COCO_OKS_SIGMAS } from './coco';
export { normalJointName, skeletonByJointNames } from './byNames';
export {
  FILE_SKELETON_ID,
  cocoBones,
  fileSkeleton,
  fileSkeletonProblem,
  isFileSkeletonId,
  registerFileSkeleton,
  type FileSkeletonId,
  type FileSkeletonSpec,
} from './fromFile';
export { DEFAULT_OKS_SIGMA, oksSigmasOf } from './oksSigmas';
export { JOINT_KEYS, type FaceKey, type HandKey, type JointKey } from './jointKeys';
export * from './mapping';
export * from './tree';
export {
  SKELETON_IDS,
  jointIndex,
  jointSide,
  SIDE_COLORS,
  type Joint,
  type AnySkeletonId,
  type Skeleton,
  type SkeletonId,
} from './types';

export const SKELETONS: Readonly<Record<SkeletonId, Skeleton>> = {
  h36m17: H36M_17,
  mupots17: MUPOTS_17,
  muco21: MUCO_21,
  coco17: COCO_17,
  mpii16: MPII_16,
  blazepose33: BLAZEPOSE_33,
  crowdpose14: CROWDPOSE_14,
  halpe26: HALPE_26,
  wholebody133: WHOLEBODY_133,
  panoptic19: PANOPTIC_19,
  smpl24: SMPL_24,
};

/** A built-in skeleton, or a file-defined one this process has registered. */
export function getSkeleton(id: string): Skeleton {
  const s = (SKELETONS as Record<string, Skeleton | undefined>)[id] ?? registeredFileSkeleton(id);
  if (!s) {
    throw new Error(
      isFileSkeletonId(id)
        ? `skeleton "${id}" is defined by a dataset file that has not been read in this process`
        : `unknown skeleton "${id}"; known: ${Object.keys(SKELETONS).join(', ')}`,
    );
  }
  return s;
}

/** The built-in skeletons, then the file-defined ones registered in this process. */
export const allSkeletons = (): Skeleton[] => [
  ...Object.values(SKELETONS),
  ...registeredFileSkeletons(),
];
export { restPose, restPositionOf } from './restPose';
