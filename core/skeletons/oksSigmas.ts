import { COCO_17, COCO_OKS_SIGMAS } from './coco';
import type { Skeleton } from './types';

/**
 * σ for a joint that neither the skeleton's layout nor COCO publishes a constant for: COCO's
 * shoulder constant, which CrowdPose also gives its head top and neck.
 */
export const DEFAULT_OKS_SIGMA = 0.079;

/**
 * The OKS constants to score a skeleton with: the ones its layout publishes, else, by anatomy,
 * COCO's σ for the joints COCO has and {@link DEFAULT_OKS_SIGMA} for the rest, with a note
 * saying so (shown with the set's COCO figures).
 */
export function oksSigmasOf(skeleton: Skeleton): { values: number[]; note: string | null } {
  if (skeleton.oksSigmas) return { values: [...skeleton.oksSigmas.values], note: null };
  const coco = new Map(COCO_17.joints.map((j, i) => [j.key, COCO_OKS_SIGMAS[i]!]));
  return {
    values: skeleton.joints.map((j) => coco.get(j.key) ?? DEFAULT_OKS_SIGMA),
    note:
      `the ${skeleton.label} layout publishes no OKS constants: scored with COCO's σ for the ` +
      `joints COCO has, ${DEFAULT_OKS_SIGMA} for the others`,
  };
}
