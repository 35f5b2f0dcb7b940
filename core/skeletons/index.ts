import { BLAZEPOSE_33 } from './blazepose';
import { COCO_17 } from './coco';
import { H36M_17 } from './h36m';
import { MPII_16 } from './mpii';
import { MUCO_21, MUPOTS_17 } from './mupots';
import type { Skeleton, SkeletonId } from './types';

export { BLAZEPOSE_33, COCO_17, H36M_17, MPII_16, MUCO_21, MUPOTS_17 };
export { COCO_OKS_SIGMAS } from './coco';
export { JOINT_KEYS, type JointKey } from './jointKeys';
export * from './mapping';
export * from './tree';
export {
  SKELETON_IDS,
  jointIndex,
  jointSide,
  type Joint,
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
};

export function getSkeleton(id: string): Skeleton {
  const s = (SKELETONS as Record<string, Skeleton | undefined>)[id];
  if (!s) throw new Error(`unknown skeleton "${id}"; known: ${Object.keys(SKELETONS).join(', ')}`);
  return s;
}
export { restPose, restPositionOf } from './restPose';
