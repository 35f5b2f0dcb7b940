import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import {
  PANOPTIC_19,
  cameraToPixel,
  worldToCamera,
  type Mat3,
  type Vec2,
  type Vec3,
} from '../../../core';
import { ImageLocator } from '../fileExists';
import { readJsonFile } from '../json/jsonSplitter';
import { FLAG, type CameraRecord, type DatasetAdapter } from '../records';
import { describeZodError, paddedJointBox } from './common';
import { cocoPerson } from './cocoLike';

const J = PANOPTIC_19.joints.length;
export const PANOPTIC_POSES = 'hdPose3d_stage1_coco19';
const IMAGES = 'hdImgs';
const CALIBRATION_RE = /^calibration_(.+)\.json$/;
const SCENE_RE = /^body3DScene_(\d+)\.json$/;
/** Panoptic writes world coordinates in cm; PoseScope stores mm. */
const CM = 10;
/**
 * A joint the toolbox draws has confidence above 0.1 (`valid = skel[3,:]>0.1` in
 * python/demo_3Dkeypoints_reprojection_hd.py); the rest (including the −1 of unreconstructed
 * joints) are missing.
 */
const MIN_CONFIDENCE = 0.1;

const mat3 = z.array(z.array(z.number()).length(3)).length(3);

const cameraSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  resolution: z.tuple([z.number().int(), z.number().int()]).optional(),
  K: mat3,
  R: mat3,
  // 3×1 as the release writes it ([[x], [y], [z]]); a flat [x, y, z] is taken too.
  t: z.union([z.array(z.tuple([z.number()])).length(3), z.array(z.number()).length(3)]),
  distCoef: z.array(z.number()).optional(),
});

const calibrationSchema = z.looseObject({ cameras: z.array(cameraSchema) });

/**
 * `distCoef` as the toolbox's `panutils.projectPoints` reads it, Kd = [k1, k2, p1, p2, k3]
 * (OpenCV's order), split into core's radial k1, k2, k3 and tangential p1, p2.
 */
function lensOf(d: readonly number[] | undefined): { k?: Vec3; p?: Vec2 } {
  if (!d || d.length < 5 || d.every((v) => v === 0)) return {};
  return { k: [d[0]!, d[1]!, d[4]!], p: [d[2]!, d[3]!] };
}

const sceneSchema = z.looseObject({
  univTime: z.number().optional(),
  bodies: z.array(z.looseObject({ id: z.number().int(), joints19: z.array(z.unknown()) })),
});

/** The sequence of a folder: its one `calibration_<seq>.json`, or null. */
function calibrationOf(root: string): { seq: string; file: string } | null {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return null;
  }
  const found = names.filter((n) => CALIBRATION_RE.test(n)).sort();
  if (found.length === 0) return null;
  // Several calibrations: the one named after the folder, as the toolbox's downloads are.
  const own = found.find((n) => n === `calibration_${root.split(/[\\/]/).pop()}.json`);
  const file = own ?? found[0]!;
  return { seq: CALIBRATION_RE.exec(file)![1]!, file };
}

/** A CMU Panoptic sequence folder: a calibration file beside the coco19 pose folder. */
export function isPanopticSequence(root: string): boolean {
  return calibrationOf(root) !== null && existsSync(join(root, PANOPTIC_POSES));
}

/**
 * The sequence folders a dataset folder holds, relative to it: itself (''), or else each
 * sub-folder that is a sequence — the layout MMPose and VoxelPose train from
 * (`data/panoptic/<seq>/…`).
 */
export function panopticSequences(root: string): string[] {
  if (isPanopticSequence(root)) return [''];
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch {
    return [];
  }
  return names.filter((n) => !n.startsWith('.') && isPanopticSequence(join(root, n)));
}

/** A CMU Panoptic sequence folder, or a folder of them. */
export const isPanopticFolder = (root: string): boolean => panopticSequences(root).length > 0;

const pad8 = (n: number) => String(n).padStart(8, '0');

/**
 * One body's `joints19` ([x, y, z, confidence] × 19, world cm) as world mm, a joint of
 * confidence ≤ 0.1 NaN (missing), and COCO-style visibility (2 reconstructed, 0 missing).
 */
function parseBody(value: readonly unknown[]): {
  joints: Float64Array;
  vis: Uint8Array;
  nonFinite: boolean;
} {
  const joints = new Float64Array(J * 3);
  const vis = new Uint8Array(J);
  let nonFinite = false;
  for (let j = 0; j < J; j++) {
    const [x, y, z, c] = value.slice(4 * j, 4 * j + 4);
    const ok = [x, y, z, c].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) nonFinite = true;
    const seen = ok && (c as number) > MIN_CONFIDENCE;
    joints[3 * j] = seen ? (x as number) * CM : NaN;
    joints[3 * j + 1] = seen ? (y as number) * CM : NaN;
    joints[3 * j + 2] = seen ? (z as number) * CM : NaN;
    vis[j] = seen ? 2 : 0;
  }
  return { joints, vis, nonFinite };
}

interface View {
  readonly name: string;
  readonly record: CameraRecord & { readonly R: Mat3; readonly t: Vec3 };
  readonly width?: number;
  readonly height?: number;
}

/**
 * CMU Panoptic Studio sequences as the panoptic-toolbox downloads and extracts them
 * (CMU-Perceptual-Computing-Lab/panoptic-toolbox README, scripts/extractAll.sh): a sequence folder
 * with `calibration_<seq>.json` (`cameras[]`: `name` "00_16", `type` "hd", `K`, `R`, `t` 3×1 in
 * cm, `distCoef`, `resolution`), `hdPose3d_stage1_coco19/body3DScene_<frame:08d>.json`
 * (`bodies[]`: `id`, `joints19` = [x, y, z, confidence] × 19 in world cm) and
 * `hdImgs/<cam>/<cam>_<frame:08d>.jpg`. As panutils.py `projectPoints` does, X_cam = R·X_world + t;
 * PoseScope stores mm, so joints and t are scaled by 10. Every HD camera with an image folder is a
 * view of each frame: its images share the frame's world poses (as Human3.6M's cameras share one
 * world pose), and a correction in one view writes back to world space for all of them.
 * Lens distortion (`distCoef`) is not applied: PoseScope projects labels with a pinhole camera
 * (K's skew ignored too); the camera's JSON, `distCoef` included, is kept. One unit per sequence:
 * the folder itself, or each sequence folder inside it (MMPose's `data/panoptic/<seq>/`).
 */
export const panopticAdapter: DatasetAdapter = {
  format: 'panoptic',
  skeleton: 'panoptic19',
  needs: `calibration_<seq>.json and ${PANOPTIC_POSES}/body3DScene_*.json (a CMU Panoptic sequence folder, or a folder of them), with its ${IMAGES}/<camera>/ frames`,

  listUnits(root) {
    return panopticSequences(root).flatMap((dir) => {
      const calib = calibrationOf(join(root, dir));
      if (!calib) return [];
      const at = (rel: string) => (dir ? `${dir}/${rel}` : rel);
      const scenes = readdirSync(join(root, dir, PANOPTIC_POSES))
        .filter((n) => SCENE_RE.test(n))
        .sort()
        .map((n) => at(`${PANOPTIC_POSES}/${n}`));
      // A folder of sequences keys each by its folder, unique even if two share a calibration name.
      return [{ key: dir || calib.seq, files: [at(calib.file), ...scenes] }];
    });
  },

  readUnit(root, unit, sink, { issues, onBytes }) {
    const seq = CALIBRATION_RE.exec(basename(unit.files[0]!))![1]!;
    // The sequence's own folder, relative to the dataset's: '' for a sequence folder opened alone.
    const dir = dirname(unit.files[0]!) === '.' ? '' : dirname(unit.files[0]!);
    // Frames of several sequences share names (00_16_00000001): their ids carry the unit's key.
    const idOf = (stem: string) => (dir ? `${unit.key}/${stem}` : stem);
    const calibFile = join(root, unit.files[0]!);
    const calib = calibrationSchema.safeParse(readJsonFile(calibFile));
    if (!calib.success) throw new Error(`${calibFile}: ${describeZodError(calib.error)}`);
    onBytes(statSync(calibFile).size);

    const views: View[] = [];
    for (const cam of calib.data.cameras) {
      if (cam.type !== 'hd' || !existsSync(join(root, dir, IMAGES, cam.name))) continue;
      const t = cam.t.map((v) => (Array.isArray(v) ? v[0] : v) * CM) as unknown as Vec3;
      const record = {
        key: `${unit.key}/${cam.name}`,
        f: [cam.K[0]![0]!, cam.K[1]![1]!] as const,
        c: [cam.K[0]![2]!, cam.K[1]![2]!] as const,
        R: cam.R as unknown as Mat3,
        t,
        ...lensOf(cam.distCoef),
        raw: JSON.stringify(cam),
      };
      sink.camera(record);
      views.push({
        name: cam.name,
        record,
        width: cam.resolution?.[0],
        height: cam.resolution?.[1],
      });
    }
    if (views.length === 0)
      issues.report('unknown camera', `${calibFile}: no HD camera has a folder in ${IMAGES}/`);

    const images = new ImageLocator(root, [dir ? `${dir}/${IMAGES}` : IMAGES]);
    for (const rel of unit.files.slice(1)) {
      const file = join(root, rel);
      const frame = Number(SCENE_RE.exec(basename(rel))![1]);
      const scene = sceneSchema.safeParse(readJsonFile(file));
      if (!scene.success) throw new Error(`${file}: ${describeZodError(scene.error)}`);
      onBytes(statSync(file).size);
      const bodies = scene.data.bodies.map((b) => {
        const at = `${file} body ${b.id}`;
        if (b.joints19.length !== J * 4) {
          issues.report(
            'wrong joint count',
            `${at}: joints19 has ${b.joints19.length} values, expected ${J} joints × 4 (x, y, z, confidence)`,
          );
          return { id: b.id, at, parsed: undefined };
        }
        const parsed = parseBody(b.joints19);
        if (parsed.nonFinite) issues.report('non-finite coordinates', at);
        return { id: b.id, at, parsed };
      });
      for (const v of views) {
        const stem = `${v.name}_${pad8(frame)}`;
        const { file: image, missing } = images.locate(`${v.name}/${stem}.jpg`, issues);
        sink.image({
          sourceId: idOf(stem),
          file: image,
          width: v.width,
          height: v.height,
          cameraKey: v.record.key,
          sequence: seq,
          camera: v.name,
          frame,
          missing,
          raw: JSON.stringify({ camera: v.name, frame, univTime: scene.data.univTime }),
        });
        const counter = { people: 0 };
        for (const b of bodies) {
          const p = b.parsed;
          let flags = missing ? FLAG.missingImage : 0;
          if (!p) flags |= FLAG.wrongJointCount | FLAG.no3d;
          else if (p.nonFinite) flags |= FLAG.nonFinite;
          const pixels: Vec2[] = [];
          if (p)
            for (let j = 0; j < J; j++) {
              const w: Vec3 = [p.joints[3 * j]!, p.joints[3 * j + 1]!, p.joints[3 * j + 2]!];
              const c = worldToCamera(w, v.record);
              if (c[2] > 0) pixels.push(cameraToPixel(c, v.record));
            }
          sink.instance(
            cocoPerson(
              {
                id: `${idOf(stem)}/${b.id}`,
                image_id: idOf(stem),
                bbox: paddedJointBox(pixels.flat()),
              },
              counter,
              {
                space: 'world',
                joints3d: p?.joints,
                vis: p?.vis,
                valid: p !== undefined,
                flags,
                raw: JSON.stringify({ id: b.id }),
              },
              issues,
              `${b.at} in ${v.name}`,
            ),
          );
        }
      }
    }
  },
};
