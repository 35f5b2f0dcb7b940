import { SKELETONS } from '../../core';
import type { ModelFamily, OutputMeaning } from './modelCard';

/**
 * Which model family an ONNX file is, guessed from nothing but its tensors' shapes — all an
 * ONNX file reliably says about itself. Each rule matches the layout PoseScope's stage for
 * that family reads (stages.ts), so a guess that fits is one the stage can decode; what the
 * shapes cannot tell (which 17-joint skeleton, pixel normalisation, units) is left for a
 * person to confirm rather than guessed silently.
 */

export type Dim = number | string;

export interface TensorInfo {
  readonly name: string;
  /** Element type as onnxruntime names it; null for a non-tensor (sequence, map). */
  readonly type: string | null;
  readonly shape: readonly Dim[];
}

/** A fixed dim's size; names and −1 are free dims, which no rule may rely on. */
const fixed = (d: Dim | undefined): number | undefined =>
  typeof d === 'number' && d > 0 ? d : undefined;

/** Skeleton ids by joint count, in SKELETONS order, which is the order a guess prefers. */
const BY_JOINTS = new Map<number, string[]>();
for (const [id, s] of Object.entries(SKELETONS)) {
  BY_JOINTS.set(s.joints.length, [...(BY_JOINTS.get(s.joints.length) ?? []), id]);
}
const known = (j: number | undefined): j is number => j !== undefined && BY_JOINTS.has(j);

export const skeletonsWith = (joints: number): readonly string[] => BY_JOINTS.get(joints) ?? [];

const either = (ids: readonly string[]): string =>
  ids.length <= 1 ? (ids[0] ?? 'none') : `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)!}`;

const shapeText = (t: TensorInfo): string => `[${t.shape.join(', ')}]`;

export type InputRole =
  | { kind: 'image'; layout: 'NCHW' | 'NHWC'; width?: number; height?: number }
  | { kind: 'pose'; joints: number }
  | { kind: 'ranking'; joints: number }
  | { kind: 'unknown' };

/**
 * What an input is: a 4-D tensor with 3 channels is an image (channels second is NCHW, last is
 * NHWC; NCHW wins a [N,3,H,3] tie, as PyTorch exports are the common case); [N,J,2] is 2D
 * joints; [N,J,J] a ranking matrix. Flattened [N,2J] and [N,J·J] count only for a known J,
 * since a bare vector is otherwise anything.
 */
export function inputRole(t: TensorInfo): InputRole {
  const s = t.shape;
  if (t.type === null) return { kind: 'unknown' };
  if (s.length === 4 && (s[1] === 3 || s[3] === 3)) {
    return s[1] === 3
      ? { kind: 'image', layout: 'NCHW', height: fixed(s[2]), width: fixed(s[3]) }
      : { kind: 'image', layout: 'NHWC', height: fixed(s[1]), width: fixed(s[2]) };
  }
  const a = fixed(s[1]);
  if (s.length === 3 && a !== undefined && s[2] === 2) return { kind: 'pose', joints: a };
  if (s.length === 3 && known(a) && s[2] === a) return { kind: 'ranking', joints: a };
  if (s.length === 2 && a !== undefined) {
    const root = Math.round(Math.sqrt(a));
    if (root * root === a && known(root)) return { kind: 'ranking', joints: root };
    if (a % 2 === 0 && known(a / 2)) return { kind: 'pose', joints: a / 2 };
  }
  return { kind: 'unknown' };
}

export interface FamilyGuess {
  readonly family: ModelFamily | null;
  readonly reason: string;
  /** The joint count the skeleton is guessed from. */
  readonly joints?: number;
  /** Outputs the card should name, with what each means to the family. */
  readonly outputs: readonly { readonly tensor: TensorInfo; readonly meaning: OutputMeaning }[];
  readonly params: Readonly<Record<string, number | boolean | string>>;
  /** Fields beyond the usual ones that the guess could not settle. */
  readonly confirm: readonly string[];
}

const none = (reason: string): FamilyGuess => ({
  family: null,
  reason,
  outputs: [],
  params: {},
  confirm: [],
});

/** 4-D outputs as channels and map size. */
const maps = (outputs: readonly TensorInfo[]) =>
  outputs
    .filter((t) => t.type !== null && t.shape.length === 4)
    .map((t) => ({ t, c: fixed(t.shape[1]), h: fixed(t.shape[2]), w: fixed(t.shape[3]) }));

/**
 * DRM's four maps (core/drm.ts): centre [1], offsets [2J], root depth [1], relative depth [J],
 * all the same size. The two one-channel maps look alike, so names decide where they say
 * which is which, else order does and a person confirms.
 */
function guessDrm(image: InputRole, outputs: readonly TensorInfo[]): FamilyGuess | undefined {
  const m = maps(outputs);
  for (const rel of m) {
    const J = rel.c;
    if (!known(J)) continue;
    const same = m.filter((x) => x.h === rel.h && x.w === rel.w && x !== rel);
    const offsets = same.find((x) => x.c === 2 * J);
    const ones = same.filter((x) => x.c === 1);
    if (!offsets || ones.length !== 2) continue;
    const isCenter = (x: (typeof m)[number]) => /cent|heat|conf|score/i.test(x.t.name);
    const isRoot = (x: (typeof m)[number]) => /root|depth/i.test(x.t.name);
    const swap =
      (isCenter(ones[1]!) && !isCenter(ones[0]!)) || (isRoot(ones[0]!) && !isRoot(ones[1]!));
    const [center, root] = swap ? [ones[1]!, ones[0]!] : [ones[0]!, ones[1]!];
    const byOrderOnly =
      !(isCenter(center) && !isCenter(root)) && !(isRoot(root) && !isRoot(center));
    const height = image.kind === 'image' ? image.height : undefined;
    const stride = height && rel.h ? height / rel.h : undefined;
    return {
      family: 'drm',
      reason: `four maps of one size: two of 1 channel (centre, root depth), "${offsets.t.name}" of ${2 * J} (x, y offsets) and "${rel.t.name}" of ${J} (relative depths), as DRM's heads are, for a ${J}-joint skeleton (${either(skeletonsWith(J))})`,
      joints: J,
      outputs: [
        { tensor: center.t, meaning: 'drm_center' },
        { tensor: offsets.t, meaning: 'drm_offsets' },
        { tensor: root.t, meaning: 'drm_root_depth' },
        { tensor: rel.t, meaning: 'drm_relative_depth' },
      ],
      params: { stride: stride && Number.isInteger(stride) ? stride : 4 },
      confirm: [
        // Card outputs are centre, offsets, root depth, relative depth, in that order.
        ...(byOrderOnly ? ['outputs.0.meaning', 'outputs.2.meaning'] : []),
        ...(stride && Number.isInteger(stride) ? [] : ['params.stride']),
        'params.rootDepthIsNormalized',
      ],
    };
  }
  return undefined;
}

/**
 * A single image in: one map per joint of a known skeleton is heatmap2d; J·D maps (D > 1) are
 * Sun et al.'s volumes, preferring the D equal to the map side (their 64×64×64), then a
 * 17-joint skeleton; a J×J output is a ranking net on crops; a lone [N,B] vector is a depth
 * distribution over bins, HDNet's root-depth head.
 */
function guessFromImage(image: InputRole, outputs: readonly TensorInfo[]): FamilyGuess {
  const drm = guessDrm(image, outputs);
  if (drm) return drm;
  const m = maps(outputs);
  const hm = m.find((x) => known(x.c));
  if (hm)
    return {
      family: 'heatmap2d',
      reason: `output "${hm.t.name}" is ${shapeText(hm.t)}: one map per joint of a ${hm.c}-joint skeleton (${either(skeletonsWith(hm.c!))})`,
      joints: hm.c!,
      outputs: [{ tensor: hm.t, meaning: 'heatmaps' }],
      params: { decode: 'argmax' },
      confirm: ['params.decode'],
    };
  for (const x of m) {
    if (x.c === undefined) continue;
    const c = x.c;
    const splits = [...BY_JOINTS.keys()]
      .filter((j) => c % j === 0 && c / j > 1)
      .map((j) => ({ j, d: c / j }))
      .sort(
        (p, q) =>
          Number(q.d === x.h || q.d === x.w) - Number(p.d === x.h || p.d === x.w) ||
          Number(q.j === 17) - Number(p.j === 17) ||
          p.j - q.j,
      );
    const best = splits[0];
    if (!best) continue;
    return {
      family: 'volumetric3d',
      reason: `output "${x.t.name}" is ${shapeText(x.t)}: ${c} channels = ${best.j} joints × ${best.d} depth bins (${either(skeletonsWith(best.j))})${
        splits.length > 1
          ? `; also ${splits
              .slice(1, 4)
              .map((s) => `${s.j} × ${s.d}`)
              .join(', ')}`
          : ''
      }`,
      joints: best.j,
      outputs: [{ tensor: x.t, meaning: 'volumes' }],
      params: { depth: best.d },
      confirm: [...(splits.length > 1 ? ['params.depth'] : []), 'params.depthRangeMm'],
    };
  }
  const rk = rankingOutput(outputs);
  if (rk) return rk;
  const vectors = outputs.filter((t) => t.shape.length === 2 && (fixed(t.shape[1]) ?? 0) >= 2);
  if (outputs.length === 1 && vectors[0]) return depthBins(vectors[0], undefined);
  return none(
    `no output has a shape PoseScope reads from one image: ${outputs.map((t) => `"${t.name}" ${shapeText(t)}`).join(', ')} (heatmaps are [N, J, h, w], volumes [N, J·D, h, w], rankings [N, J, J], depth bins a single [N, B])`,
  );
}

function rankingOutput(outputs: readonly TensorInfo[]): FamilyGuess | undefined {
  const t = outputs.find(
    (o) => o.shape.length === 3 && known(fixed(o.shape[1])) && o.shape[2] === o.shape[1],
  );
  if (!t) return undefined;
  const J = fixed(t.shape[1])!;
  return {
    family: 'ranking',
    reason: `output "${t.name}" is ${shapeText(t)}: a ${J}×${J} matrix of which joint is behind which, for a ${J}-joint skeleton (${either(skeletonsWith(J))})`,
    joints: J,
    outputs: [{ tensor: t, meaning: 'ranking' }],
    params: { logits: false },
    confirm: ['params.logits'],
  };
}

function depthBins(t: TensorInfo, joints: number | undefined): FamilyGuess {
  const bins = fixed(t.shape[1])!;
  return {
    family: 'depthbins',
    reason: `output "${t.name}" is ${shapeText(t)}: read as ${bins} root-depth bins (HDNet); a vector could be other things, so check the family`,
    ...(joints !== undefined ? { joints } : {}),
    outputs: [{ tensor: t, meaning: 'depth_logits' }],
    params: { bins },
    confirm: ['family', 'params.alpha', 'params.beta'],
  };
}

/**
 * 2D joints in (and maybe a ranking matrix, DPNet's second input): [N,J,3] or [N,3J] out is a
 * lifter — with J−1 joints, one whose root is left out; [N,J,J] out is a keypoint ranking net;
 * a lone [N,B] is root-depth bins from keypoints, as PoseScope's own kp-rootbins models are.
 */
function guessFromPose(J: number, outputs: readonly TensorInfo[]): FamilyGuess {
  for (const t of outputs) {
    const a = fixed(t.shape[1]);
    if (a === undefined) continue;
    const k = t.shape.length === 3 && t.shape[2] === 3 ? a : t.shape.length === 2 ? a / 3 : NaN;
    if (k !== J && k !== J - 1) continue;
    return {
      family: 'lifter',
      reason: `2D joints of ${J} in, output "${t.name}" ${shapeText(t)} is ${k} joints × 3 (root-relative 3D)${k === J - 1 ? ', root left out' : ''}`,
      joints: J,
      outputs: [{ tensor: t, meaning: 'joints3d' }],
      params: { unitsPerMm: 1, rootOmitted: k === J - 1 },
      confirm: ['params.unitsPerMm'],
    };
  }
  const rk = rankingOutput(outputs);
  if (rk) return { ...rk, joints: J };
  const vec = outputs.length === 1 && outputs[0]!.shape.length === 2 ? outputs[0] : undefined;
  if (vec && (fixed(vec.shape[1]) ?? 0) >= 2) return depthBins(vec, J);
  return none(
    `2D joints in, but no output is 3D joints ([N, ${J}, 3]), a ranking ([N, ${J}, ${J}]) or depth bins ([N, B]): ${outputs.map((t) => `"${t.name}" ${shapeText(t)}`).join(', ')}`,
  );
}

/** The family of a model with these inputs and outputs, and why. */
export function guessFamily(
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
): FamilyGuess {
  const roles = inputs.map(inputRole);
  const odd = inputs.find((_, i) => roles[i]!.kind === 'unknown');
  if (odd)
    return none(
      `input "${odd.name}" is ${odd.type === null ? 'not a tensor' : shapeText(odd)}: neither an image ([N, 3, H, W] or [N, H, W, 3]), 2D joints ([N, J, 2]) nor a ranking matrix ([N, J, J])`,
    );
  const images = roles.filter((r) => r.kind === 'image');
  const poses = roles.filter((r) => r.kind === 'pose');
  const rankings = roles.filter((r) => r.kind === 'ranking');
  if (images.length === 1 && poses.length === 0 && rankings.length === 0)
    return guessFromImage(images[0]!, outputs);
  const pose = poses[0];
  if (pose?.kind === 'pose' && images.length === 0 && poses.length === 1 && rankings.length <= 1)
    return guessFromPose(pose.joints, outputs);
  return none(
    `its inputs (${inputs.map((t) => `"${t.name}" ${shapeText(t)}`).join(', ')}) are not one image, nor 2D joints with at most a ranking matrix`,
  );
}
