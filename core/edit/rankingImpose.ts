import { DEFAULT_RANKING_TOLERANCE_MM } from '../ranking';
import type { Pose3D } from '../types';
import { pointAtDepth } from './rayDrag';
import { presentJoint, withJoints } from './types';

/** Where joint i should be relative to joint j: nearer the camera, farther, or level with it. */
export type DepthOrder = 'front' | 'behind' | 'level';

/**
 * Makes the depths of joints i and j satisfy an order — front: z_i ≤ z_j − m, behind:
 * z_i ≥ z_j + m, level: |z_i − z_j| ≤ m (m = `marginMm`, inclusive) — with the smallest total
 * depth change |Δz_i| + |Δz_j|, both joints moving along their rays so the 2D labels stay put.
 *
 * When the order already holds nothing moves. Otherwise any split of the shortfall between the
 * two joints costs the same total; the even split (they meet at the midpoint ± m/2) is the one
 * that also moves neither joint more than needed, i.e. it minimises the largest move and the
 * sum of squares. If the joint moving towards the camera would come nearer than `minDepthMm`,
 * it stops there and the other joint takes the rest of the shortfall.
 */
export function imposeDepthOrder(
  pose: Pose3D,
  i: number,
  j: number,
  order: DepthOrder,
  marginMm = 0,
  minDepthMm = 1,
): Pose3D {
  if (i === j) throw new RangeError('a depth order needs two different joints');
  if (!(marginMm >= 0)) throw new RangeError(`margin must be ≥ 0 mm, got ${marginMm}`);
  const pi = presentJoint(pose, i);
  const pj = presentJoint(pose, j);
  const [zi, zj] = [pi[2], pj[2]];
  // Reduce every order to "near ≤ far − gap" on one pair, then map back.
  const swap = order === 'behind' || (order === 'level' && zi > zj);
  const [near, far] = swap ? [zj, zi] : [zi, zj];
  const shortfall = order === 'level' ? far - near - marginMm : near - (far - marginMm);
  if (shortfall <= 0) return pose;
  let nearNew = order === 'level' ? near + shortfall / 2 : near - shortfall / 2;
  if (order !== 'level' && nearNew < minDepthMm) nearNew = Math.min(near, minDepthMm);
  const farNew = nearNew + marginMm;
  const [ziNew, zjNew] = swap ? [farNew, nearNew] : [nearNew, farNew];
  return withJoints(
    pose,
    new Map([
      [i, pointAtDepth(pi, ziNew)],
      [j, pointAtDepth(pj, zjNew)],
    ]),
  );
}

/** Rounding room kept inside the ranking tolerance so the matrix's strict test reads as asked. */
const RANKING_SLACK_MM = 1e-6;

/**
 * Imposes one cell of a DRPose3D ranking matrix (`depthRankingMatrix`'s convention):
 * +1 puts joint i behind joint j by more than `toleranceMm`, −1 in front by more, 0 within it —
 * so clicking a cell and recomputing the matrix shows the value clicked.
 */
export function imposeRankingCell(
  pose: Pose3D,
  i: number,
  j: number,
  value: -1 | 0 | 1,
  toleranceMm = DEFAULT_RANKING_TOLERANCE_MM,
): Pose3D {
  if (value === 0)
    return imposeDepthOrder(pose, i, j, 'level', Math.max(0, toleranceMm - RANKING_SLACK_MM));
  return imposeDepthOrder(
    pose,
    i,
    j,
    value > 0 ? 'behind' : 'front',
    toleranceMm + RANKING_SLACK_MM,
  );
}
