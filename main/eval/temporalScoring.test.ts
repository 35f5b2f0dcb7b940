import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraToPixel, type Vec3 } from '../../core';
import { indexFolder, type IndexedFolder } from '../../test/fixtures/indexedFolder';
import {
  MUPOTS_FIXTURE_INTRINSICS as K,
  fixturePerson,
  mupotsAnnotation,
} from '../../test/fixtures/mupotsFixture';
import type { IndexDb } from '../store/db/openIndex';
import { evaluateRun } from './evaluateRun';
import { summariseRun } from './scoreRun';

/**
 * A run's temporal figures on a small MuPoTS-3D-layout set, worked out by hand:
 * - TS1, frames 0–5, two people: A (every frame; frame 2's head top 5 mm off) and B (no
 *   prediction in frame 3; frame 1's head top 10 mm off; the whole pose drifting 20 mm a frame
 *   in depth, which root-relative figures do not see).
 * - TS2, frames 0, 1, 2 and 4 (frame 3 not in the index), one person C predicted exactly but for
 *   a 5 mm head top in frame 4: the gap ends the chain, so that frame adds nothing.
 */

const tmp = mkdtempSync(join(tmpdir(), 'posescope-temporal-'));
const opened: IndexDb[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Frame {
  readonly id: number;
  readonly seq: string;
  readonly frame: number;
  readonly people: readonly Vec3[];
}
const FRAMES: Frame[] = [
  ...[0, 1, 2, 3, 4, 5].map((t) => ({
    id: 1 + t,
    seq: 'TS1',
    frame: t,
    people: [
      [-400 + 10 * t, 200, 4000],
      [500, 150, 5200 - 5 * t],
    ] as const,
  })),
  ...[0, 1, 2, 4].map((t) => ({
    id: 11 + t,
    seq: 'TS2',
    frame: t,
    people: [[0, 250, 3500]] as const,
  })),
];

function writeSet(dir: string): void {
  const images = FRAMES.map((f) => ({
    id: f.id,
    file_name: `${f.seq}/img_${String(f.frame).padStart(6, '0')}.jpg`,
    width: 640,
    height: 480,
    intrinsic: [K.f[0], K.f[1], K.c[0], K.c[1]],
    frame_idx: f.frame,
  }));
  let ann = 100;
  const annotations = FRAMES.flatMap((f) =>
    f.people.map((at) => mupotsAnnotation(ann++, f.id, fixturePerson(at), K)),
  );
  for (const im of images) {
    mkdirSync(join(dir, 'MultiPersonTestSet', im.file_name, '..'), { recursive: true });
    writeFileSync(join(dir, 'MultiPersonTestSet', im.file_name), '');
  }
  writeFileSync(join(dir, 'MuPoTS-3D.json'), JSON.stringify({ images, annotations }));
}

/** `pose` with its head top (joint 0) moved by `d` and everything moved by `all`. */
const moved = (pose: Vec3[], d: Vec3, all: Vec3 = [0, 0, 0]) =>
  pose.map(
    (p, j) => [0, 1, 2].map((k) => p[k]! + all[k]! + (j === 0 ? d[k]! : 0)) as unknown as Vec3,
  );

function predictions(): unknown[] {
  const out: unknown[] = [];
  for (const f of FRAMES) {
    const [a, b] = f.people.map((at) => fixturePerson(at));
    if (f.seq === 'TS1') {
      out.push({ image_id: f.id, joints_cam: moved(a!, f.frame === 2 ? [3, 4, 0] : [0, 0, 0]) });
      if (f.frame !== 3)
        out.push({
          image_id: f.id,
          joints_cam: moved(b!, f.frame === 1 ? [6, 8, 0] : [0, 0, 0], [0, 0, 20 * f.frame]),
        });
    } else
      out.push({ image_id: f.id, joints_cam: moved(a!, f.frame === 4 ? [3, 4, 0] : [0, 0, 0]) });
  }
  return out;
}

describe('temporal figures of a scored run', () => {
  let x: IndexedFolder;
  beforeAll(() => {
    const dir = join(tmp, 'set');
    writeSet(dir);
    x = indexFolder(dir, join(tmp, 'set.sqlite'), opened);
  });

  const file = (name: string, records: unknown[]) => {
    const path = join(tmp, `${name}.json`);
    writeFileSync(path, JSON.stringify(records));
    return path;
  };

  it('follows each person along consecutive frames of each take', () => {
    const r = evaluateRun(x.db, x.ds, file('jitter', predictions()));
    const m = r.metrics;
    if (!('MPJVE' in m)) throw new Error('expected 3D figures');
    expect(m.matched).toBe(15);
    // TS1: A one chain of 6 frames, MPJVE 10 mm over 5·17 steps = 2/17; B chains of 3 frames
    // (20 mm over 2·17 = 10/17) and 2 frames (0). Frame-weighted: (6·2/17 + 3·10/17) / 11.
    // Acceleration: A's frames 5/17, 10/17, 5/17, 0 and B's 20/17 → mean 8/17.
    // TS2: chain 0–2 exact (MPJVE 0, one acceleration 0); frame 4 stands alone.
    expect(m.per_take).toHaveLength(2);
    const [ts1, ts2] = m.per_take;
    expect(ts1).toMatchObject({ take: 'TS1', frames: 6 });
    expect(ts1!.MPJVE).toBeCloseTo(42 / 187, 12);
    expect(ts1!.accel_error).toBeCloseTo(8 / 17, 12);
    expect(ts2).toEqual({ take: 'TS2', frames: 4, MPJVE: 0, accel_error: 0 });
    // Overall (one group: no actions): (6·2/17 + 3·10/17) / (6 + 3 + 2 + 3) and 40/17 over 6 frames.
    expect(m.MPJVE).toBeCloseTo(3 / 17, 12);
    expect(m.accel_error).toBeCloseTo(20 / 51, 12);
  });

  it('stores them in the run summary, and scores them again from the stored predictions', () => {
    const stored = JSON.parse(
      x.db.prepare("SELECT summary FROM runs WHERE name = 'jitter'").pluck().get() as string,
    ) as { scoring: number; MPJVE: number; per_take: unknown[] };
    expect(stored.scoring).toBe(4);
    expect(stored.MPJVE).toBeCloseTo(3 / 17, 12);
    expect(stored.per_take).toHaveLength(2);
    const runId = x.db.prepare("SELECT id FROM runs WHERE name = 'jitter'").pluck().get() as number;
    const again = summariseRun(x.db, x.ds, runId);
    if (!('MPJVE' in again)) throw new Error('expected 3D figures');
    expect(again.MPJVE).toBeCloseTo(3 / 17, 12);
    expect(again.per_take).toEqual(stored.per_take);
  });

  it('has no temporal figures for 2D-only predictions', () => {
    const flat = predictions().map((p) => {
      const { image_id, joints_cam } = p as { image_id: number; joints_cam: Vec3[] };
      return { image_id, joints_img: joints_cam.map((q) => cameraToPixel(q, K)) };
    });
    const m = evaluateRun(x.db, x.ds, file('flat', flat)).metrics;
    expect(m).toMatchObject({ MPJVE: null, accel_error: null, per_take: [] });
  });
});
