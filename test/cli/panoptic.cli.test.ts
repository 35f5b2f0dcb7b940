import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PANOPTIC_CAMERAS,
  PANOPTIC_FRAMES,
  PANOPTIC_SEQ,
  panopticBodies,
  writePanopticFixture,
} from '../fixtures/panopticFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-panoptic-'));
const dir = join(tmp, PANOPTIC_SEQ);
const db = join(tmp, 'p.sqlite');
beforeAll(async () => {
  await writePanopticFixture(dir);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Per view every body as the camera sees it (X_cam = R·X_world + t, mm), in reverse order so the
 * pairing, not the order, decides who is who; `offset` mm added to every depth.
 */
function predictions(offset: number): string {
  const file = join(tmp, `pred-${offset}.json`);
  const records = PANOPTIC_FRAMES.flatMap((frame) =>
    PANOPTIC_CAMERAS.flatMap((cam) =>
      panopticBodies(frame)
        .reverse()
        .map((b) => ({
          image_id: `${cam.name}_${String(frame).padStart(8, '0')}`,
          score: 0.9,
          joints_cam: b.joints.map((X) =>
            cam.R.map(
              (row, i) =>
                (row[0] * X[0] + row[1] * X[1] + row[2] * X[2] + cam.t[i]!) * 10 +
                (i === 2 ? offset : 0),
            ),
          ),
        })),
    ),
  );
  writeFileSync(file, JSON.stringify(records));
  return file;
}

describe('posescope on a CMU Panoptic sequence', () => {
  it('indexes the sequence folder, detected from its files', () => {
    const r = runCli(['index', dir, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'panoptic',
      skeleton: 'panoptic19',
      images: 4,
      people: 8,
      cameras: 2,
      failed: [],
    });
  });

  it('scores a perfect prediction at 0 mm MPJPE, every person paired', () => {
    const r = runCli(['eval', dir, '--pred', predictions(0), '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const set = (JSON.parse(r.stdout) as { sets: Record<string, unknown>[] }).sets[0]!;
    expect(set).toMatchObject({ MPJPE: 0, matched: 8, instances: 8 });
    expect(set.PA_MPJPE).toBeCloseTo(0, 9);
    const off = runCli(['eval', dir, '--pred', predictions(50), '--db', db, '--json']);
    expect(off.code).toBe(0);
    const moved = (JSON.parse(off.stdout) as { sets: Record<string, unknown>[] }).sets[0]!;
    // Root-relative MPJPE ignores a shift of the whole person; the root error does not.
    expect(moved).toMatchObject({ MPJPE: 0, matched: 8 });
    expect(moved.MRPE).toBeCloseTo(50, 9);
  });

  it('refuses to write body3DScene files back, pointing at the patch and COCO-keypoints exports', () => {
    const out = join(tmp, 'own');
    const r = runCli(['export', dir, '--format', 'panoptic', '--out', out, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `posescope: cannot export ${dir} in its own layout: PoseScope reads CMU Panoptic’s body3DScene files but does not write them; export the corrections as a patch (posescope export --patch <file>) or the labels as COCO keypoints (--format coco-keypoints)\n`,
    );
    expect(existsSync(join(out, 'hdPose3d_stage1_coco19'))).toBe(false);
  });
});
