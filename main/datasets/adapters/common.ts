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

/**
 * The 2D extent of a pose's finite joints (packed x, y pairs) padded by a tenth of its size on
 * every side: the person box of layouts that give none. Undefined when no joint is finite.
 */
export function paddedJointBox(
  xy: ArrayLike<number>,
): [number, number, number, number] | undefined {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let j = 0; j + 1 < xy.length; j += 2) {
    const [x, y] = [xy[j]!, xy[j + 1]!];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  if (x0 > x1) return undefined;
  const [px, py] = [(x1 - x0) * 0.1, (y1 - y0) * 0.1];
  return [x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py];
}
