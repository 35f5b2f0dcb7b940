import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  THREEDPW_ACTORS,
  THREEDPW_FRAMES,
  THREEDPW_SEQ,
  threeDpwCamera,
  threeDpwJoint,
  writeThreeDpwFixture,
} from '../fixtures/threeDpwFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-3dpw-'));
const dir = join(tmp, '3DPW');
const db = join(tmp, 'p.sqlite');
beforeAll(() => writeThreeDpwFixture(dir));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every actor of every frame as its frame's camera sees it (X_cam = R·X_world + t, mm). */
function perfectPredictions(): string {
  const file = join(tmp, 'pred.json');
  const records = [];
  for (let i = 0; i < THREEDPW_FRAMES; i++) {
    const { R, t } = threeDpwCamera(i);
    for (let p = THREEDPW_ACTORS - 1; p >= 0; p--)
      records.push({
        image_id: `${THREEDPW_SEQ}/image_${String(i).padStart(5, '0')}`,
        score: 0.9,
        joints_cam: Array.from({ length: 24 }, (_, k) => {
          const X = threeDpwJoint(p, i, k);
          return R.map((row, r) => row[0]! * X[0] + row[1]! * X[1] + row[2]! * X[2] + t[r]!);
        }),
      });
  }
  writeFileSync(file, JSON.stringify(records));
  return file;
}

describe('posescope on a 3DPW folder', () => {
  it('indexes the sequence files, detected from sequenceFiles/', () => {
    const r = runCli(['index', dir, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: '3dpw',
      skeleton: 'smpl24',
      images: THREEDPW_FRAMES,
      people: THREEDPW_FRAMES * THREEDPW_ACTORS,
      cameras: THREEDPW_FRAMES,
      failed: [],
    });
  });

  it('scores a perfect prediction at 0 mm MPJPE', () => {
    const r = runCli(['eval', dir, '--pred', perfectPredictions(), '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const set = (JSON.parse(r.stdout) as { sets: Record<string, unknown>[] }).sets[0]!;
    // Actor 0 in frame 2 (campose_valid 0) and actor 1 in frame 0 (no 2D pose) are not scored.
    expect(set).toMatchObject({ matched: 4, instances: 4 });
    expect(set.MPJPE).toBeCloseTo(0, 9);
    expect(set.PA_MPJPE).toBeCloseTo(0, 9);
  });

  it('refuses to write sequence files back, pointing at the patch and COCO-keypoints exports', () => {
    const out = join(tmp, 'own');
    const r = runCli(['export', dir, '--format', '3dpw', '--out', out, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `posescope: cannot export ${dir} in its own layout: PoseScope reads 3DPW’s sequence .pkl files (Python pickles) but does not write them; export the corrections as a patch (posescope export --patch <file>) or the labels as COCO keypoints (--format coco-keypoints)\n`,
    );
    expect(existsSync(join(out, 'sequenceFiles'))).toBe(false);
  });

  it('names a .pkl that is not a pickle', () => {
    const bad = join(tmp, 'bad');
    mkdirSync(join(bad, 'sequenceFiles', 'train'), { recursive: true });
    const file = join(bad, 'sequenceFiles', 'train', 'broken.pkl');
    writeFileSync(file, 'not a pickle at all');
    const r = runCli(['index', bad, '--db', join(tmp, 'bad.sqlite'), '--json']);
    expect(r.stdout + r.stderr).toContain(
      `${file}: not a readable Python pickle of a 3DPW sequence`,
    );
  });
});
