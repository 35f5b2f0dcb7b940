import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  SMPL_24,
  cameraToPixel,
  worldToCamera,
  type Mat3,
  type Vec2,
  type Vec3,
} from '../../../core';
import { ImageLocator } from '../fileExists';
import { NdArray, readNumpyPickle } from '../pickle/numpyPickle';
import { FLAG, type DatasetAdapter, type Unit } from '../records';
import { paddedJointBox } from './common';
import { cocoPerson } from './cocoLike';

const J = SMPL_24.joints.length;
export const THREEDPW_SEQUENCES = 'sequenceFiles';
const IMAGES = 'imageFiles';
const SPLITS = ['train', 'validation', 'test'] as const;
/** 3DPW writes metres; PoseScope stores mm. */
const M = 1000;
/** OpenPose COCO-18 keypoints per person and frame in `poses2d` (x, y, confidence rows). */
const POSE2D_JOINTS = 18;

/** The sequence files of a 3DPW folder, relative to it, split by split. */
function sequenceFiles(root: string): { split: string; rel: string }[] {
  const out: { split: string; rel: string }[] = [];
  for (const split of SPLITS) {
    const dir = join(root, THREEDPW_SEQUENCES, split);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort())
      if (name.endsWith('.pkl')) out.push({ split, rel: `${THREEDPW_SEQUENCES}/${split}/${name}` });
  }
  return out;
}

/** A 3DPW release folder: `sequenceFiles/{train,validation,test}/*.pkl`. */
export const isThreeDpwFolder = (root: string): boolean => sequenceFiles(root).length > 0;

const pad5 = (n: number) => String(n).padStart(5, '0');

/** A numeric array of the given shape (−1: any size), or an error naming the file and field. */
function array(value: unknown, shape: readonly number[], at: string): NdArray {
  const ok =
    value instanceof NdArray &&
    value.data instanceof Float64Array &&
    value.shape.length === shape.length &&
    shape.every((d, i) => d < 0 || value.shape[i] === d);
  if (!ok) {
    const got =
      value instanceof NdArray
        ? `a ${value.dtype} array of shape (${value.shape.join(', ')})`
        : describe(value);
    throw new Error(
      `${at}: expected a numeric array of shape (${shape.map((d) => (d < 0 ? 'N' : d)).join(', ')}), got ${got}`,
    );
  }
  return value;
}

const describe = (v: unknown): string =>
  v === undefined ? 'nothing' : Array.isArray(v) ? `a list of ${v.length}` : typeof v;

/** A per-actor field: a list with one entry per actor. */
function perActor(data: Map<unknown, unknown>, key: string, file: string): unknown[] {
  const v = data.get(key);
  if (!Array.isArray(v))
    throw new Error(`${file}: ${key}: expected a list per actor, got ${describe(v)}`);
  return v;
}

/** `campose_valid[p]`: N flags, as an array or a list of numbers / booleans. */
function flags(value: unknown, n: number, at: string): ArrayLike<unknown> {
  if (value instanceof NdArray && value.shape.length === 1 && value.shape[0] === n)
    return value.data;
  if (Array.isArray(value) && value.length === n) return value;
  throw new Error(
    `${at}: expected ${n} flags, got ${value instanceof NdArray ? `shape (${value.shape.join(', ')})` : describe(value)}`,
  );
}

/**
 * 3DPW ("3D Poses in the Wild", von Marcard et al. 2018) as released: `sequenceFiles/{train,
 * validation,test}/<seq>.pkl` and `imageFiles/<seq>/image_<frame:05d>.jpg`. Each .pkl is a
 * Python 2 pickle of a dict (the 3DPW readme; read as aymenmir1/3dpw-eval evaluate.py does with
 * `pickle.load(f, encoding='latin1')`): `sequence`, `img_frame_ids` (N), `cam_intrinsics` (3×3
 * K), `cam_poses` (N × 4×4 world→camera: X_cam = R·X_world + t, as evaluate.py's
 * `apply_camera_transforms`), and per actor `jointPositions` (N × 24·3, SMPL joints, world
 * metres), `poses2d` (N × 3 × 18 OpenPose COCO-18 x, y, confidence) and `campose_valid` (N);
 * the SMPL parameters are not read. Frame i shows `image_<i:05d>.jpg` with its own camera; joints
 * and t are stored in mm (× 1000). An actor is indexed in every frame, valid (scored) only where
 * evaluate.py's `check_valid_inds` keeps it: `campose_valid` 1 and a `poses2d` not all zero.
 * One unit per sequence file.
 */
export const threeDpwAdapter: DatasetAdapter = {
  format: '3dpw',
  skeleton: 'smpl24',
  needs: `${THREEDPW_SEQUENCES}/{train,validation,test}/<seq>.pkl (a 3DPW release folder), with its ${IMAGES}/<seq>/ frames`,

  listUnits(root) {
    return sequenceFiles(root).map(({ split, rel }): Unit => ({
      key: `${split}/${rel.slice(rel.lastIndexOf('/') + 1, -'.pkl'.length)}`,
      files: [rel],
    }));
  },

  readUnit(root, unit, sink, { issues, onBytes }) {
    const file = join(root, unit.files[0]!);
    const bytes = readFileSync(file);
    let parsed: unknown;
    try {
      parsed = readNumpyPickle(bytes);
    } catch (err) {
      throw new Error(
        `${file}: not a readable Python pickle of a 3DPW sequence (${(err as Error).message})`,
        { cause: err },
      );
    }
    onBytes(bytes.length);
    if (!(parsed instanceof Map))
      throw new Error(
        `${file}: expected a pickled dict of a 3DPW sequence, got ${describe(parsed)}`,
      );
    const data = parsed;
    const split = unit.key.slice(0, unit.key.indexOf('/'));
    const named = data.get('sequence');
    const seq = typeof named === 'string' ? named : unit.key.slice(split.length + 1);

    const K = array(data.get('cam_intrinsics'), [3, 3], `${file}: cam_intrinsics`)
      .data as Float64Array;
    const poses = array(data.get('cam_poses'), [-1, 4, 4], `${file}: cam_poses`);
    const n = poses.shape[0]!;
    const frameIds = data.get('img_frame_ids');
    const ids =
      frameIds instanceof NdArray && frameIds.data.length === n ? frameIds.data : undefined;

    const joints = perActor(data, 'jointPositions', file);
    const valid = perActor(data, 'campose_valid', file);
    const poses2d = perActor(data, 'poses2d', file);
    const actors = joints.map((v, p) => {
      const at = `${file}: actor ${p}`;
      if (!(v instanceof NdArray) || !(v.data instanceof Float64Array) || v.shape[0] !== n)
        throw new Error(
          `${at}: jointPositions: expected ${n} frames, got ${v instanceof NdArray ? `shape (${v.shape.join(', ')})` : describe(v)}`,
        );
      const wrong = v.shape.length !== 2 || v.shape[1] !== J * 3;
      if (wrong)
        issues.report(
          'wrong joint count',
          `${at}: jointPositions has shape (${v.shape.join(', ')}), expected (${n}, ${J * 3}): ${J} SMPL joints × 3`,
        );
      const p2d = array(poses2d[p], [n, 3, POSE2D_JOINTS], `${at}: poses2d`).data as Float64Array;
      return {
        at,
        joints: wrong ? undefined : v.data,
        camValid: flags(valid[p], n, `${at}: campose_valid`),
        p2d,
      };
    });

    const images = new ImageLocator(root, [IMAGES]);
    const P = poses.data as Float64Array;
    for (let i = 0; i < n; i++) {
      const m = (r: number, c: number) => P[16 * i + 4 * r + c]!;
      const camera = {
        key: `${seq}/${i}`,
        f: [K[0]!, K[4]!] as Vec2,
        c: [K[2]!, K[5]!] as Vec2,
        R: [
          [m(0, 0), m(0, 1), m(0, 2)],
          [m(1, 0), m(1, 1), m(1, 2)],
          [m(2, 0), m(2, 1), m(2, 2)],
        ] as unknown as Mat3,
        t: [m(0, 3) * M, m(1, 3) * M, m(2, 3) * M] as Vec3,
      };
      sink.camera(camera);
      const stem = `image_${pad5(i)}`;
      const sourceId = `${seq}/${stem}`;
      const { file: image, missing } = images.locate(`${seq}/${stem}.jpg`, issues);
      const imgFrameId = ids?.[i];
      sink.image({
        sourceId,
        file: image,
        cameraKey: camera.key,
        sequence: seq,
        frame: i,
        missing,
        raw: JSON.stringify({
          split,
          img_frame_id: typeof imgFrameId === 'number' ? imgFrameId : null,
        }),
      });
      const counter = { people: 0 };
      actors.forEach((a, p) => {
        let flags = missing ? FLAG.missingImage : 0;
        let pose: Float64Array | undefined;
        let vis: Uint8Array | undefined;
        const pixels: Vec2[] = [];
        if (!a.joints) flags |= FLAG.wrongJointCount | FLAG.no3d;
        else {
          pose = new Float64Array(J * 3);
          vis = new Uint8Array(J);
          let nonFinite = false;
          for (let j = 0; j < J; j++) {
            const w = [0, 1, 2].map(
              (k) => a.joints![i * J * 3 + 3 * j + k]! * M,
            ) as unknown as Vec3;
            const ok = w.every(Number.isFinite);
            if (!ok) nonFinite = true;
            pose.set(ok ? w : [NaN, NaN, NaN], 3 * j);
            vis[j] = ok ? 2 : 0;
            const c = ok ? worldToCamera(w, camera) : undefined;
            if (c && c[2] > 0) pixels.push(cameraToPixel(c, camera));
          }
          if (nonFinite) {
            flags |= FLAG.nonFinite;
            issues.report('non-finite coordinates', `${a.at} frame ${i}`);
          }
        }
        const kp = Array.from(a.p2d.subarray(i * 3 * POSE2D_JOINTS, (i + 1) * 3 * POSE2D_JOINTS));
        const camposeValid = Number(a.camValid[i]) === 1 || a.camValid[i] === true;
        const seen = kp.some((v) => v !== 0);
        sink.instance(
          cocoPerson(
            { id: `${sourceId}/${p}`, image_id: sourceId, bbox: paddedJointBox(pixels.flat()) },
            counter,
            {
              space: 'world',
              joints3d: pose,
              vis,
              valid: pose !== undefined && camposeValid && seen,
              flags,
              raw: JSON.stringify({ actor: p, campose_valid: camposeValid ? 1 : 0, poses2d: kp }),
            },
            issues,
            `${a.at} frame ${i}`,
          ),
        );
      });
    }
  },
};
