import { heatmapToImage, type CropTransform } from './crop';
import { decodeDepth, type DepthBinConfig, softmax } from './depthBins';
import { argmax2d, softArgmax2d, softArgmax3d } from './heatmap';
import type { Matrix } from './ranking';
import type { BBox, Pose2D, Pose3D, Vec3 } from './types';
import type { Intrinsics } from './camera';

/**
 * What each model family's raw output means for one person, in image pixels and millimetres:
 * the step between an ONNX tensor and the pose a pipeline hands on to its next stage.
 */

export interface Joints2dResult {
  /** Image pixels. */
  readonly joints: Pose2D;
  /** Heatmap value at each peak (argmax), or 1 where the decoder gives none. */
  readonly scores: readonly number[];
}

/** J heatmaps of one crop → image-pixel joints (argmax with HRNet's quarter offset, or soft-argmax). */
export function decodeHeatmapJoints(
  data: ArrayLike<number>,
  shape: { joints: number; height: number; width: number },
  crop: CropTransform,
  opts: { decode: 'argmax' | 'soft-argmax'; quarterOffset: boolean; beta: number },
): Joints2dResult {
  const maps = { data, ...shape };
  const peaks =
    opts.decode === 'argmax'
      ? argmax2d(maps, opts.quarterOffset)
      : softArgmax2d(maps, { beta: opts.beta }).map((xy) => ({ xy, score: 1 }));
  return {
    joints: peaks.map((p) => heatmapToImage(crop, p.xy, shape)),
    scores: peaks.map((p) => p.score),
  };
}

export interface VolumetricResult extends Joints2dResult {
  /** Depth of each joint relative to the volume's centre plane (mm). */
  readonly relativeDepth: readonly number[];
  /** Per-joint marginal over the D depth bins. */
  readonly depthProfiles: readonly (readonly number[])[];
}

/**
 * J×D×H×W volumes → image-pixel joints and root-relative depths (Sun et al. 2018): the depth
 * index z maps to (z/D − ½)·range mm, 3DMPPE PoseNet's `(z/D·2 − 1)·bbox_3d_shape/2`.
 */
export function decodeVolumetric(
  data: ArrayLike<number>,
  shape: { joints: number; depth: number; height: number; width: number },
  crop: CropTransform,
  opts: { depthRangeMm: number; beta: number },
): VolumetricResult {
  const joints = softArgmax3d({ data, ...shape }, { beta: opts.beta });
  const hm = { width: shape.width, height: shape.height };
  return {
    joints: joints.map((j) => heatmapToImage(crop, [j.xyz[0], j.xyz[1]], hm)),
    scores: joints.map(() => 1),
    relativeDepth: joints.map((j) => (j.xyz[2] / shape.depth - 0.5) * opts.depthRangeMm),
    depthProfiles: joints.map((j) => j.depthProfile),
  };
}

export interface DepthBinsResult {
  /** Root depth (mm) by HDNet Eq. 7. */
  readonly depth: number;
  /** Softmax over the N_B bins, kept for inspection. */
  readonly distribution: readonly number[];
}

export function decodeDepthLogits(
  logits: ArrayLike<number>,
  focal: number,
  cfg: DepthBinConfig,
): DepthBinsResult {
  const distribution = softmax(logits);
  return { depth: decodeDepth(distribution, focal, cfg), distribution };
}

/**
 * A ranking output → a J×J probability matrix P_ij = P(joint i is farther than joint j).
 * A J×J output is taken as is; a pair list of J(J−1)/2 values fills i < j row by row with
 * P_ji = 1 − P_ij (DRPose3D's pairwise classifier). Logits pass through a sigmoid first.
 */
export function decodeRanking(values: ArrayLike<number>, joints: number, logits: boolean): Matrix {
  const p = (k: number) => (logits ? 1 / (1 + Math.exp(-values[k]!)) : values[k]!);
  const pairs = (joints * (joints - 1)) / 2;
  if (values.length === joints * joints)
    return Array.from({ length: joints }, (_, i) =>
      Array.from({ length: joints }, (_, j) => (i === j ? 0.5 : p(i * joints + j))),
    );
  if (values.length !== pairs)
    throw new RangeError(
      `ranking output holds ${values.length} values; ${joints} joints need ${joints * joints} (J×J) or ${pairs} (pairs)`,
    );
  const m = Array.from({ length: joints }, () => new Array<number>(joints).fill(0.5));
  let k = 0;
  for (let i = 0; i < joints; i++)
    for (let j = i + 1; j < joints; j++) {
      const v = p(k++);
      m[i]![j] = v;
      m[j]![i] = 1 - v;
    }
  return m;
}

/**
 * A lifter's flat output → root-relative 3D joints in mm. With `rootOmitted` the network
 * predicts J−1 joints and the root (index `root`) sits at the origin, as in Martinez et al.
 */
export function decodeLifted(
  values: ArrayLike<number>,
  joints: number,
  root: number,
  opts: { unitsPerMm: number; rootOmitted: boolean },
): Pose3D {
  const n = opts.rootOmitted ? joints - 1 : joints;
  if (values.length !== n * 3)
    throw new RangeError(
      `lifter output holds ${values.length} values; ${n} joints × 3 need ${n * 3}`,
    );
  let k = 0;
  return Array.from({ length: joints }, (_, j): Vec3 => {
    if (opts.rootOmitted && j === root) return [0, 0, 0];
    const s = 1 / opts.unitsPerMm;
    const v: Vec3 = [values[k]! * s, values[k + 1]! * s, values[k + 2]! * s];
    k += 3;
    return v;
  });
}

/**
 * 2D joints as a lifter's input: `crop` scales the person's box to [−1, 1]; `screen` is
 * VideoPose3D's normalize_screen_coordinates (x/w·2 − 1, y/w·2 − h/w); `root` subtracts the
 * root joint and divides by the largest distance from it; `pixels` only subtracts the box centre,
 * keeping the person's size in pixels (what a root depth from keypoints needs: d/f = size in mm
 * over size in px, HDNet's normalisation); `camera` is the normalised image plane,
 * ((x − cx)/fx, (y − cy)/fy) — where the person is relative to the optical axis, which a lifter
 * needs to turn its pose into the camera's frame for a person away from the image centre.
 */
export function normalizeJoints2d(
  joints: Pose2D,
  mode: 'crop' | 'screen' | 'root' | 'pixels' | 'camera',
  ctx: {
    box: BBox;
    image: { width: number; height: number };
    root: number;
    intrinsics?: Intrinsics;
  },
): Float32Array {
  const out = new Float32Array(joints.length * 2);
  const put = (j: number, x: number, y: number) => {
    out[2 * j] = x;
    out[2 * j + 1] = y;
  };
  if (mode === 'crop') {
    const [bx, by, bw, bh] = ctx.box;
    joints.forEach(([x, y], j) => put(j, ((x - bx) / bw) * 2 - 1, ((y - by) / bh) * 2 - 1));
  } else if (mode === 'camera') {
    if (!ctx.intrinsics) throw new RangeError('normalize "camera" needs the camera intrinsics');
    const { f, c } = ctx.intrinsics;
    joints.forEach(([x, y], j) => put(j, (x - c[0]) / f[0], (y - c[1]) / f[1]));
  } else if (mode === 'pixels') {
    const [bx, by, bw, bh] = ctx.box;
    joints.forEach(([x, y], j) => put(j, x - (bx + bw / 2), y - (by + bh / 2)));
  } else if (mode === 'screen') {
    const { width: w, height: h } = ctx.image;
    joints.forEach(([x, y], j) => put(j, (x / w) * 2 - 1, (y / w) * 2 - h / w));
  } else {
    const [rx, ry] = joints[ctx.root] ?? [0, 0];
    const scale = Math.max(1e-9, ...joints.map(([x, y]) => Math.hypot(x - rx, y - ry)));
    joints.forEach(([x, y], j) => put(j, (x - rx) / scale, (y - ry) / scale));
  }
  return out;
}

/** Adds a camera-space root to root-relative joints. */
export const placeAtRoot = (rel: Pose3D, root: Vec3): Pose3D =>
  rel.map(([x, y, z]) => [x + root[0], y + root[1], z + root[2]] as const);
