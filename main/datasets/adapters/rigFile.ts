import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { det3, mulMat3, transpose3, type Mat3, type Vec2, type Vec3 } from '../../../core';
import { readJsonFile } from '../json/jsonSplitter';
import { describeZodError } from './common';

/**
 * PoseScope's rig file: which of a dataset's sequences are cameras of one room, and where each
 * camera stands. Layouts that store camera-space labels per sequence (MuPoTS-3D's, the bundled
 * sample's) say nothing about how their sequences relate; a rig file beside the annotation file
 * names sequences filmed together as one scene, so that frames with the same index are views of
 * one moment, and gives each camera's extrinsics in the Human3.6M/RootNet convention
 * (X_cam = R·X_world + t, mm) and optionally its lens distortion (OpenCV's k1, k2, k3; p1, p2).
 *
 *   { "format": "posescope-rig", "version": 1, "units": "mm",
 *     "scenes": { "room": { "TS1": { "R": [[…], […], […]], "t": [x, y, z] }, "TS2": { … } } } }
 */
export const RIG_FILE = 'posescope-rig.json';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const vec3 = z.tuple([finite, finite, finite]);

const rigCamera = z
  .object({
    R: z.tuple([vec3, vec3, vec3]),
    t: vec3,
    k: vec3.optional(),
    p: z.tuple([finite, finite]).optional(),
  })
  .strict();

const rigSchema = z
  .object({
    format: z.literal('posescope-rig'),
    version: z.literal(1),
    units: z.literal('mm'),
    scenes: z.record(z.string().min(1), z.record(z.string().min(1), rigCamera)),
  })
  .strict();

export interface RigCamera {
  readonly scene: string;
  readonly R: Mat3;
  readonly t: Vec3;
  readonly k?: Vec3;
  readonly p?: Vec2;
}

/** Far enough from a rotation (RᵀR ≠ I, det ≠ 1) that it is a mistake, not rounding. */
const ROTATION_TOLERANCE = 1e-6;

function rotationProblem(R: Mat3): string | null {
  const d = det3(R);
  if (Math.abs(d - 1) > ROTATION_TOLERANCE * 10)
    return `determinant ${d.toFixed(6)}, not 1 (a reflection or a scaled matrix)`;
  const rtr = mulMat3(transpose3(R), R);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      if (Math.abs(rtr[i]![j]! - (i === j ? 1 : 0)) > ROTATION_TOLERANCE * 10)
        return 'its rows are not orthonormal (RᵀR ≠ I)';
  return null;
}

/**
 * The rig file of a dataset folder, by sequence name; undefined when the folder has none.
 * Throws naming the file and the field for a malformed rig, a matrix that is not a rotation, or a
 * sequence placed in two scenes.
 */
export function readRig(root: string): ReadonlyMap<string, RigCamera> | undefined {
  const file = join(root, RIG_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = rigSchema.safeParse(readJsonFile(file));
  if (!parsed.success) throw new Error(`${RIG_FILE}: ${describeZodError(parsed.error)}`);
  const out = new Map<string, RigCamera>();
  for (const [scene, cameras] of Object.entries(parsed.data.scenes)) {
    for (const [sequence, c] of Object.entries(cameras)) {
      const other = out.get(sequence);
      if (other)
        throw new Error(
          `${RIG_FILE}: sequence ${sequence} is a camera of both scene ${other.scene} and scene ${scene}`,
        );
      const problem = rotationProblem(c.R);
      if (problem) throw new Error(`${RIG_FILE}: scenes.${scene}.${sequence}.R: ${problem}`);
      out.set(sequence, {
        scene,
        R: c.R,
        t: c.t,
        ...(c.k ? { k: c.k } : {}),
        ...(c.p ? { p: c.p } : {}),
      });
    }
  }
  return out;
}
