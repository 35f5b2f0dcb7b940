import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRig, bvhForwardKinematics, h36mJointsOf, parseBvh } from '../../core';

/** One BVH clip as Human3.6M-17 world joints in mm (Y up), every `stride`-th frame. */
export interface MocapClip {
  readonly subject: string;
  readonly file: string;
  readonly frames: number;
  /** frames × 17 × 3, row-major. */
  readonly joints: Float32Array;
}

/** The CC rig's centimetres. */
export const CC_UNITS_TO_MM = 10;

/** Reads `<data>/<subject>/*.bvh` for each subject, sorted by name. */
export function readMocap(data: string, subjects: readonly string[], stride: number): MocapClip[] {
  const clips: MocapClip[] = [];
  for (const subject of subjects) {
    const dir = join(data, subject);
    for (const name of readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.bvh'))
      .sort()) {
      const file = join(dir, name);
      const bvh = parseBvh(readFileSync(file, 'utf8'));
      const rig = compileRig(bvh);
      const n = Math.ceil(bvh.frameCount / stride);
      const joints = new Float32Array(n * 51);
      for (let k = 0; k < n; k++)
        joints.set(
          h36mJointsOf(bvh, k * stride, rig, CC_UNITS_TO_MM, bvhForwardKinematics(bvh, k * stride)),
          k * 51,
        );
      clips.push({ subject, file: `${subject}/${name}`, frames: n, joints });
    }
  }
  return clips;
}
