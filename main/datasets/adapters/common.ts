import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Mat3, Vec2, Vec3 } from '../../../core';
import type { CameraRecord } from '../records';

export const bboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

const vec = (n: number) => z.array(z.number()).length(n);

/** Camera parameters as Human3.6M/RootNet files write them (mm, px; X_cam = R·X_world + t). */
export const cameraParamsSchema = z.object({
  R: z.array(vec(3)).length(3),
  t: vec(3),
  f: vec(2),
  c: vec(2),
  k: vec(3).optional(),
  p: vec(2).optional(),
});

export function cameraRecord(key: string, c: z.infer<typeof cameraParamsSchema>): CameraRecord {
  return {
    key,
    R: c.R as unknown as Mat3,
    t: c.t as unknown as Vec3,
    f: c.f as unknown as Vec2,
    c: c.c as unknown as Vec2,
    ...(c.k ? { k: c.k as unknown as Vec3 } : {}),
    ...(c.p ? { p: c.p as unknown as Vec2 } : {}),
  };
}

/** First problem of a zod error as "field.path: message". */
export function describeZodError(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid value';
  const path = first.path.length > 0 ? first.path.join('.') : '(record)';
  return `${path}: ${first.message}${err.issues.length > 1 ? ` (+${err.issues.length - 1} more)` : ''}`;
}

/**
 * The JSON files in a dataset folder or its annotations/ subfolder (where COCO, MMPose and
 * RootNet keep them) that `accept` takes, by name (relative to the root) and absolute path.
 */
export function annotationJsonFiles(
  root: string,
  accept: (name: string, file: string) => boolean,
): string[] {
  const found: string[] = [];
  for (const dir of ['', 'annotations']) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (!name.endsWith('.json')) continue;
      const rel = dir ? join(dir, name) : name;
      if (accept(name, join(root, rel))) found.push(rel);
    }
  }
  return found;
}
