import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { getSkeleton, type SkeletonId } from '../../../core';
import { NdArray } from '../pickle/numpyPickle';
import type { PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { h36mWorldToCamera } from './h36mCameras';
import { H36M_CAMERA_IDS, h36mTake, takeLabel } from './h36mTakes';
import { wrongCount, type JointOrder } from './jointOrder';
import { readNpzObject } from './npzObjects';
import { TakeFrames, type ImageRef } from './takeFrames';

/**
 * The 17 of Human3.6M's 32 mocap joints VideoPose3D keeps (common/h36m_dataset.py removes
 * 4, 5, 9, 10, 11, 16, 20–24, 28–31), in its order — RootNet's Human3.6M-17 order.
 */
const KEPT_OF_32 = [0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27];

/** VideoPose3D's `layout_name`s (data/data_utils.py) with a PoseScope skeleton. */
const LAYOUTS: Readonly<Record<string, SkeletonId>> = {
  h36m: 'h36m17',
  coco: 'coco17',
  mpii: 'mpii16',
};

/** The members VideoPose3D names (3D first: a file with both is read as 3D). */
export const TAKE_MEMBERS = ['positions_3d', 'positions_2d'];

/** A numpy array as pickled in the dict, or undefined for any other value. */
const asArray = (v: unknown) =>
  v instanceof NdArray && v.data instanceof Float64Array ? v : undefined;

const isSubjectDict = (v: unknown): v is Map<unknown, unknown> =>
  v instanceof Map && [...v.keys()].some((k) => typeof k === 'string' && /^S?\d+$/i.test(k));

interface Layout {
  readonly order: JointOrder;
  /** The layout's name for notes, or undefined when the joint count decides. */
  readonly name?: string;
}

/**
 * The skeleton of a file's joints: VideoPose3D's 32 mocap joints and its 17 (3D, or 2D without
 * `layout_name` as prepare_data_h36m.py writes its ground-truth 2D) are Human3.6M-17; 16 without
 * a name are the Stacked Hourglass files' MPII order; `metadata.layout_name` names the rest.
 */
function layoutOf(
  where: string,
  meta: Map<unknown, unknown> | undefined,
  joints: number,
  order: JointOrder,
): Layout {
  const named = meta?.get('layout_name');
  if (typeof named === 'string') {
    const id = LAYOUTS[named];
    if (!id)
      throw new Error(
        `${where}: metadata layout_name '${named}' has no PoseScope skeleton (known: ${Object.keys(LAYOUTS).join(', ')})`,
      );
    return { order: order.withLayout(getSkeleton(id)), name: `${named} (metadata layout_name)` };
  }
  if (joints === 32 || joints === 17)
    return { order: order.withLayout(getSkeleton('h36m17')), name: 'h36m' };
  if (joints === 16) return { order: order.withLayout(getSkeleton('mpii16')), name: 'mpii' };
  return { order };
}

/** One row of an N×J×D array as a flat J×D row, VideoPose3D's 32 joints cut to its 17. */
function row(a: NdArray, i: number): Float64Array {
  const [, J, D] = a.shape as [number, number, number];
  const data = a.data as Float64Array;
  if (J !== 32) return data.slice(i * J * D, (i + 1) * J * D);
  const out = new Float64Array(17 * D);
  KEPT_OF_32.forEach((j, k) => {
    for (let d = 0; d < D; d++) out[k * D + d] = data[(i * J + j) * D + d]!;
  });
  return out;
}

/** ×1000 when a pose's joints spread as in metres (a body is ~0.5 m across, ~500 mm). */
function unitFactor(a: NdArray): number {
  const p = row(a, 0);
  let mean = [0, 0, 0];
  const n = p.length / 3;
  for (let j = 0; j < n; j++) mean = mean.map((m, k) => m + p[3 * j + k]! / n);
  let spread = 0;
  for (let j = 0; j < n; j++)
    spread += Math.hypot(...[0, 1, 2].map((k) => p[3 * j + k]! - mean[k]!)) / n;
  return spread < 10 ? 1000 : 1;
}

interface View {
  /** The poses; null for a camera the file leaves out (`None`), undefined for anything else. */
  readonly array: NdArray | null | undefined;
  readonly cameras: readonly number[];
  /** World poses, seen by every camera; else camera-space (or pixels) of its one camera. */
  readonly world: boolean;
}

/**
 * The arrays of one take: a list holds one per camera in VideoPose3D's camera order; an action
 * key naming a camera (`Directions 1.54138969`, Human3.6M's video names) holds that camera's;
 * else the one array is world poses, seen by all four cameras.
 */
function takeViews(key: string, value: unknown): { action: string; views: View[] } {
  const named = /^(.+)\.(\d{8})$/.exec(key);
  const camera = named ? (H36M_CAMERA_IDS as readonly string[]).indexOf(named[2]!) + 1 : 0;
  const one = (v: unknown) => (v === null ? null : asArray(v));
  if (camera > 0)
    return { action: named![1]!, views: [{ array: one(value), cameras: [camera], world: false }] };
  if (Array.isArray(value))
    return {
      action: key,
      views: value.map((v, c) => ({ array: one(v), cameras: [c + 1], world: false })),
    };
  return { action: key, views: [{ array: one(value), cameras: [1, 2, 3, 4], world: true }] };
}

/**
 * The member holding the takes (`positions_3d`, else `positions_2d`, else the one pickled dict
 * of subjects) and VideoPose3D's `metadata`; throws naming the file and member when none can be.
 */
function takeMember(file: string): {
  member: string;
  dict: Map<unknown, unknown>;
  meta?: Map<unknown, unknown>;
} {
  const members = unzipSync(readFileSync(file));
  const objects = new Map<string, unknown>();
  for (const [entry, bytes] of Object.entries(members))
    if (entry.endsWith('.npy') && bytes.length > 0) {
      const key = entry.slice(0, -4);
      try {
        objects.set(key, readNpzObject(`${file}:${key}`, bytes));
      } catch (err) {
        // Numeric members beside the dict (frame rates, ids) are not the takes; a bad dict is.
        if (TAKE_MEMBERS.includes(key)) throw err;
      }
    }
  const takeMembers = [...objects].filter(([k, v]) => k !== 'metadata' && isSubjectDict(v));
  const chosen =
    TAKE_MEMBERS.map((k) => takeMembers.find(([m]) => m === k)).find((m) => m !== undefined) ??
    (takeMembers.length === 1 ? takeMembers[0] : undefined);
  if (!chosen) {
    const bad = TAKE_MEMBERS.find((k) => objects.has(k));
    const known = Object.keys(members).map((e) => e.replace(/\.npy$/, ''));
    throw new Error(
      bad
        ? `${file}:${bad}: not a dict of subjects (S1, S5, …) → actions → arrays`
        : takeMembers.length > 1
          ? `${file}: several members hold takes (${takeMembers.map(([k]) => k).join(', ')}); name the poses positions_3d or positions_2d`
          : `${file}: no member holds a dict of subjects → actions → arrays (found ${known.join(', ') || 'none'})`,
    );
  }
  const meta = objects.get('metadata');
  return {
    member: chosen[0],
    dict: chosen[1] as Map<unknown, unknown>,
    ...(meta instanceof Map ? { meta } : {}),
  };
}

/**
 * Reads sequence-keyed poses from an .npz of pickled dicts: VideoPose3D's `data_3d_h36m.npz`
 * (`positions_3d`: subject → action → N×32×3 world metres) and `data_2d_h36m_<detector>.npz`
 * (`positions_2d`: subject → action → 4 per-camera N×17×2 pixel arrays, `metadata`), and arrays
 * of that shape from other evaluations under any one member name (per take N×17×3 world, a
 * list of per-camera N×17×3 camera-space arrays, or one under `<action>.<camera id>`). Takes
 * are named as VideoPose3D names them and paired with the dataset's Human3.6M images by take,
 * camera and frame (see {@link TakeFrames}); world poses go into each camera with VideoPose3D's
 * calibration. 3D in metres is scaled to mm. Returns the records kept and what to say once.
 */
export function readTakeArrays(
  file: string,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  images?: readonly ImageRef[],
): { records: number; notes: string[] } {
  const { member, dict, meta } = takeMember(file);
  const frames = new TakeFrames(images);
  const notes: string[] = [];
  let layout: Layout | undefined;
  let scale: number | undefined;
  let n = 0;
  for (const [subject, actions] of dict) {
    if (!(actions instanceof Map)) {
      issues.report(
        'invalid record',
        `${file}:${member} ${String(subject)}: not a dict of actions`,
      );
      continue;
    }
    for (const [key, value] of actions) {
      const at = `${file}:${member} ${String(subject)}/${String(key)}`;
      const { action, views } = takeViews(String(key), value);
      const take = h36mTake(String(subject), action);
      if ('error' in take) {
        issues.report('invalid record', `${at}: ${take.error}`);
        continue;
      }
      const label = takeLabel(take, action);
      if (views.length > 4)
        issues.report('invalid record', `${at}: ${views.length} cameras, Human3.6M has 4`);
      for (const { array: a, cameras, world } of views.slice(0, 4)) {
        const where = world || !Array.isArray(value) ? at : `${at} [camera ${cameras[0]}]`;
        if (a === null) continue;
        if (!a) {
          issues.report('invalid record', `${where}: not a numpy array of poses`);
          continue;
        }
        const [N, J, D] = a.shape as [number, number, number];
        const twoD = member.includes('2d') || (!member.includes('3d') && D === 2);
        const shapeOk = a.shape.length === 3 && (twoD ? D === 2 || D === 3 : D === 3);
        if (!shapeOk || (world && twoD)) {
          const want = `N×J×${twoD ? '2 (x, y pixels, or x, y, score)' : '3'}`;
          issues.report(
            'invalid record',
            `${where}: ${a.shape.join('×')} array; expected ${world && twoD ? `a list of 4 per-camera ${want}` : want}`,
          );
          continue;
        }
        layout ??= layoutOf(`${file}:metadata`, meta, J, order);
        const metaJoints = meta?.get('num_joints');
        if (typeof metaJoints === 'number' && metaJoints !== J) {
          issues.report(
            'wrong joint count',
            `${where}: ${J} joints, the metadata's num_joints ${metaJoints}`,
          );
          continue;
        }
        const count = J === 32 ? 17 : J;
        const dims = twoD ? 2 : 3;
        // The joint count is checked once per take, whether or not any frame has an image.
        const fits = layout.order.toDataset(new Float64Array(count * dims), count, dims);
        if ('error' in fits) {
          issues.report('wrong joint count', wrongCount(where, member, J, order, fits.error));
          continue;
        }
        const pairs = frames.pair(take, cameras, N, label);
        if ('error' in pairs) {
          issues.report('invalid record', `${at}: ${pairs.error}`);
          continue;
        }
        if (!twoD) scale ??= unitFactor(a);
        let nonFinite = false;
        for (const p of pairs) {
          const raw = row(a, p.row);
          let flat: Float64Array = new Float64Array(count * dims);
          const scores = twoD && D === 3 ? new Float64Array(count) : undefined;
          for (let j = 0; j < count; j++) {
            for (let d = 0; d < dims; d++) flat[j * dims + d] = raw[j * D + d]! * (scale ?? 1);
            if (scores) scores[j] = raw[j * D + 2]!;
          }
          if (world) flat = h36mWorldToCamera(flat, take.subject, p.camera) ?? flat.fill(NaN);
          if (!nonFinite && !flat.every(Number.isFinite)) nonFinite = true;
          const placed = layout.order.toDataset(flat, count, dims, scores);
          if ('error' in placed) break;
          onRecord({
            imageSourceId: p.imageSourceId,
            ...(p.imageName === undefined ? {} : { imageName: p.imageName }),
            index: n++,
            ...(twoD ? { jointsImg: placed.data } : { jointsCam: placed.data }),
            ...(placed.scores ? { jointScores: placed.scores } : {}),
          });
        }
        if (nonFinite) issues.report('non-finite coordinates', `${where}: ${member}`);
      }
    }
  }
  if (layout?.name) notes.push(`${member}: joints in the ${layout.name} layout`);
  if (scale === 1000) notes.push(`${member}: poses in metres (bodies ~1/1000 of mm), scaled ×1000`);
  return { records: n, notes: [...notes, ...frames.notes()] };
}
