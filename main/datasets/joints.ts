import { f64Array } from '../../core';
import { FLAG } from './records';

export interface JointParse {
  readonly data?: Float64Array;
  readonly flags: number;
}

/**
 * A J×dims array of numbers (as read from JSON) as a flat float64 array. A wrong joint count
 * drops the joints and flags the instance; null or non-numeric coordinates (Python's NaN written
 * as null) become NaN and flag it, so metrics skip those joints.
 */
export function parseJoints(value: unknown, joints: number, dims: number): JointParse {
  if (!Array.isArray(value) || value.length !== joints) return { flags: FLAG.wrongJointCount };
  const out = f64Array(joints * dims);
  let flags = 0;
  for (let j = 0; j < joints; j++) {
    const p: unknown = value[j];
    if (!Array.isArray(p) || p.length < dims) return { flags: FLAG.wrongJointCount };
    for (let d = 0; d < dims; d++) {
      const v: unknown = p[d];
      if (typeof v === 'number' && Number.isFinite(v)) out[j * dims + d] = v;
      else {
        out[j * dims + d] = NaN;
        flags |= FLAG.nonFinite;
      }
    }
  }
  return { data: out, flags };
}

/** COCO's flat [x1, y1, v1, x2, …] keypoints as 2D joints and visibility. */
export function parseCocoKeypoints(
  value: unknown,
  joints: number,
): { xy?: Float64Array; vis?: Uint8Array; flags: number } {
  if (!Array.isArray(value) || value.length !== joints * 3) return { flags: FLAG.wrongJointCount };
  const xy = new Float64Array(joints * 2);
  const vis = new Uint8Array(joints);
  let flags = 0;
  for (let j = 0; j < joints; j++) {
    const x: unknown = value[3 * j];
    const y: unknown = value[3 * j + 1];
    const v: unknown = value[3 * j + 2];
    const ok =
      typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y);
    if (!ok) flags |= FLAG.nonFinite;
    xy[2 * j] = ok ? x : NaN;
    xy[2 * j + 1] = ok ? y : NaN;
    vis[j] = typeof v === 'number' && v >= 0 && v <= 2 ? v : 0;
  }
  return { xy, vis, flags };
}

/**
 * Per-joint visibility given as booleans or 0/1 (Human3.6M, MuPoTS-3D) as COCO's 0/2 bytes;
 * undefined when the count is not `joints`. A plain loop: `Uint8Array.from(list, fn)` goes
 * through the iterator protocol and cost a sixth of indexing time.
 */
export function parseVisibility(
  value: readonly (boolean | number)[] | undefined,
  joints: number,
): Uint8Array | undefined {
  if (value?.length !== joints) return undefined;
  const out = new Uint8Array(joints);
  for (let j = 0; j < joints; j++) out[j] = value[j] ? 2 : 0;
  return out;
}
