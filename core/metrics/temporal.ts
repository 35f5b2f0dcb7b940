import { centroid } from '../linalg/vec';
import { f64Array } from '../typedArrays';
import type { Pose3D, Vec3 } from '../types';

/**
 * Temporal errors of a tracked person's poses over consecutive frames, as the video papers
 * define them:
 *
 * - MPJVE, VideoPose3D's `mean_velocity_error` (common/loss.py): the mean over (T − 1) steps and
 *   J joints of ‖(p_{t+1} − p_t) − (g_{t+1} − g_t)‖, in mm per frame.
 * - The acceleration error, HMMR's and VIBE's `compute_error_accel` (lib/utils/eval_utils.py):
 *   per frame t < T − 2 the mean over joints of ‖(p_t − 2p_{t+1} + p_{t+2}) − (g_t − 2g_{t+1} + g_{t+2})‖,
 *   in mm per frame².
 *
 * Both are linear in the poses — (Δp − Δg) = Δ(p − g) — so they are computed from one residual
 * per frame (prediction minus label): a run's tracks are held while it is scored, and one array
 * per frame instead of two halves that memory. The results equal the official formulas up to
 * rounding (the reference test holds them to 1e-9 mm).
 *
 * A joint missing on either side (NaN) in a frame a term uses is passed over, as `finiteMean`
 * passes it over for MPJPE; the official functions have no missing joints to handle.
 */

/** One frame of a tracked person: prediction minus label, flat [x0, y0, z0, x1, …] (mm). */
export type PoseResidual = ArrayLike<number>;

/** The residual of one frame, joint by joint (NaN where either side lacks a coordinate). */
export function poseResidual(pred: Pose3D, gt: Pose3D): Float64Array {
  checkFrame(pred, gt);
  // Subtracting 0 leaves every double as it was (−0 and NaN included).
  return residualAbout(pred, ORIGIN, gt, ORIGIN);
}

/**
 * `poseResidual(rootAlign(pred, root), rootAlign(gt, root))` with the same subtractions, without
 * the two aligned poses: a run's scoring takes it for every tracked person.
 */
export function rootRelativeResidual(
  pred: Pose3D,
  gt: Pose3D,
  root: readonly number[],
): Float64Array {
  checkFrame(pred, gt);
  return residualAbout(pred, centroid(pred, root), gt, centroid(gt, root));
}

const ORIGIN: Vec3 = [0, 0, 0];

function checkFrame(pred: Pose3D, gt: Pose3D): void {
  if (pred.length !== gt.length)
    throw new RangeError(`prediction has ${pred.length} joints, ground truth ${gt.length}`);
}

/** (p − rp) − (g − rg) for every joint: each pose measured from its own reference point. */
function residualAbout(pred: Pose3D, rp: Vec3, gt: Pose3D, rg: Vec3): Float64Array {
  const out = f64Array(pred.length * 3);
  for (let j = 0; j < pred.length; j++) {
    const p = pred[j]!;
    const g = gt[j]!;
    out[3 * j] = p[0] - rp[0] - (g[0] - rg[0]);
    out[3 * j + 1] = p[1] - rp[1] - (g[1] - rg[1]);
    out[3 * j + 2] = p[2] - rp[2] - (g[2] - rg[2]);
  }
  return out;
}

const jointsOf = (residuals: readonly PoseResidual[]) => {
  const n = residuals[0]?.length ?? 0;
  for (const r of residuals)
    if (r.length !== n)
      throw new RangeError(`frames of one track have ${n / 3} and ${r.length / 3} joints`);
  return n / 3;
};

/** ‖a·r0 + b·r1 + c·r2‖ of joint j (numpy's norm: the square root of the sum of squares). */
function norm3(j: number, terms: readonly (readonly [number, PoseResidual])[]): number {
  let s = 0;
  for (let k = 0; k < 3; k++) {
    let v = 0;
    for (const [w, r] of terms) v += w * r[3 * j + k]!;
    s += v * v;
  }
  return Math.sqrt(s);
}

/**
 * MPJVE of one track from its residuals: the mean of every finite per-joint velocity error, NaN
 * with fewer than two frames (numpy's mean of nothing).
 */
export function velocityErrorOf(residuals: readonly PoseResidual[]): number {
  const J = jointsOf(residuals);
  let sum = 0;
  let count = 0;
  for (let t = 0; t + 1 < residuals.length; t++) {
    const step = [
      [-1, residuals[t]!],
      [1, residuals[t + 1]!],
    ] as const;
    for (let j = 0; j < J; j++) {
      const e = norm3(j, step);
      if (Number.isFinite(e)) {
        sum += e;
        count++;
      }
    }
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * The acceleration error of each frame of one track (T − 2 of them, frame t standing for the
 * triple t, t + 1, t + 2), keeping only triples whose three frames are all visible.
 *
 * The mask is `compute_error_accel`'s: invis1 = np.roll(invis, −1) and invis2 = np.roll(invis, −2)
 * line frame t up with t + 1 and t + 2, and [:-2] cuts the entries where roll wrapped around, so
 * no wrap-around reaches the result. HMMR and VIBE combine them as
 * np.logical_or(invis, np.logical_or(invis1, invis2)): two arguments each, so all three frames
 * mask the triple. (A three-argument np.logical_or(invis, invis1, invis2) would have taken invis2
 * as its `out` array and masked only on frames t and t + 1; neither release writes that, so the
 * full three-frame mask is what is followed here.) With no `vis`, every triple counts, as VIBE's
 * evaluate calls it. Frames whose every joint is missing are left out rather than made NaN.
 */
export function accelErrorsOf(
  residuals: readonly PoseResidual[],
  vis?: readonly boolean[],
): number[] {
  const J = jointsOf(residuals);
  if (vis && vis.length !== residuals.length)
    throw new RangeError(`${residuals.length} frames but ${vis.length} visibility flags`);
  const out: number[] = [];
  for (let t = 0; t + 2 < residuals.length; t++) {
    if (vis && !(vis[t] && vis[t + 1] && vis[t + 2])) continue;
    const triple = [
      [1, residuals[t]!],
      [-2, residuals[t + 1]!],
      [1, residuals[t + 2]!],
    ] as const;
    let sum = 0;
    let count = 0;
    for (let j = 0; j < J; j++) {
      const e = norm3(j, triple);
      if (Number.isFinite(e)) {
        sum += e;
        count++;
      }
    }
    if (count > 0) out.push(sum / count);
  }
  return out;
}

const residualsOf = (pred: readonly Pose3D[], gt: readonly Pose3D[]) => {
  if (pred.length !== gt.length)
    throw new RangeError(`${pred.length} predicted frames but ${gt.length} labelled`);
  return pred.map((p, t) => poseResidual(p, gt[t]!));
};

/** VideoPose3D's `mean_velocity_error(predicted, target)` of one sequence (mm per frame). */
export const meanVelocityError = (pred: readonly Pose3D[], gt: readonly Pose3D[]): number =>
  velocityErrorOf(residualsOf(pred, gt));

/**
 * VIBE's `compute_error_accel(joints_gt, joints_pred, vis)` of one sequence: the kept frames'
 * acceleration errors (mm per frame²); their mean is the sequence's figure.
 */
export const computeErrorAccel = (
  gt: readonly Pose3D[],
  pred: readonly Pose3D[],
  vis?: readonly boolean[],
): number[] => accelErrorsOf(residualsOf(pred, gt), vis);

/** One track's unbroken run of consecutive frames and its temporal errors. */
export interface TemporalChain {
  /** VideoPose3D's averaging group (Human3.6M's action); one group when all share it. */
  readonly group: string;
  /** Frames in the chain (T). */
  readonly frames: number;
  /** Its MPJVE, NaN with fewer than two frames. */
  readonly mpjve: number;
  /** Its frames' acceleration errors (T − 2 of them). */
  readonly accel: readonly number[];
}

export const temporalChain = (residuals: readonly PoseResidual[], group = ''): TemporalChain => ({
  group,
  frames: residuals.length,
  mpjve: velocityErrorOf(residuals),
  accel: accelErrorsOf(residuals),
});

/**
 * MPJVE of a set as VideoPose3D's run.py aggregates it: `evaluate` weights each sequence's
 * mean_velocity_error by its frame count T (Σ T·e / Σ T over an action's sequences), and
 * `run_evaluation` prints the mean of the actions ("action-wise average"). Chains without a
 * velocity (one frame) weigh nothing. NaN when no chain has one.
 */
export function pooledVelocityError(chains: readonly TemporalChain[]): number {
  const groups = new Map<string, { sum: number; frames: number }>();
  for (const c of chains) {
    if (!Number.isFinite(c.mpjve)) continue;
    const g = groups.get(c.group) ?? { sum: 0, frames: 0 };
    g.sum += c.frames * c.mpjve;
    g.frames += c.frames;
    groups.set(c.group, g);
  }
  if (groups.size === 0) return NaN;
  let total = 0;
  for (const g of groups.values()) total += g.sum / g.frames;
  return total / groups.size;
}

/**
 * The acceleration error of a set as VIBE's evaluate aggregates it: np.mean over every frame's
 * acceleration error, all sequences' frames pooled. NaN when no chain has three frames.
 */
export function pooledAccelError(chains: readonly TemporalChain[]): number {
  let sum = 0;
  let count = 0;
  for (const c of chains)
    for (const a of c.accel) {
      sum += a;
      count++;
    }
  return count === 0 ? NaN : sum / count;
}
