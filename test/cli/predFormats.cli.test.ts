import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H36M_17, MUPOTS_17, cameraToPixel, type Vec3 } from '../../core';
import { MUPOTS_FIXTURE_INTRINSICS, writeMupotsFixture } from '../fixtures/mupotsFixture';
import { npyNumbers } from '../fixtures/npyFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-formats-'));
const dir = join(tmp, 'mupots');
const db = join(tmp, 'm.sqlite');
let people: Vec3[][] = [];
beforeAll(async () => {
  people = (await writeMupotsFixture(dir)).people;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The fixture's poses in H36M-17 order as an .npy, image ids in a sibling .npy. */
const h36mArrays = () => {
  const out = join(tmp, 'h36m');
  mkdirSync(out, { recursive: true });
  const poses = people.flatMap((p) =>
    H36M_17.joints.flatMap((j) => {
      const k = MUPOTS_17.joints.findIndex((m) => m.key === j.key);
      return k < 0 ? [0, 0, 0] : [...p[k]!];
    }),
  );
  writeFileSync(join(out, 'videopose.npy'), npyNumbers(poses, [4, 17, 3]));
  writeFileSync(join(out, 'videopose_image_ids.npy'), npyNumbers([1, 1, 2, 3], [4], '<i8'));
  return join(out, 'videopose.npy');
};

describe('posescope eval with prediction files of other formats', () => {
  it('maps joints by --pred-skeleton and says what it read', () => {
    const r = runCli([
      'eval',
      dir,
      '--pred',
      h36mArrays(),
      '--pred-skeleton',
      'h36m17',
      '--db',
      db,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '  read: 3D pose arrays (.npy/.npz, N×J×3 with image ids): 4 records; 4 paired with a person, 0 unpaired; 0 for unknown images',
    );
    expect(r.stdout).toMatch(
      / {2}joints: h36m17 → mupots17 by anatomy: 16 joints direct, 1 missing \(Head\)/,
    );
    expect(r.stdout).toContain('  unit check: predicted bone lengths agree with the labels (mm)');
    expect(r.stdout).toMatch(/MPJPE 0\.0 mm/);
  });

  it('puts what it read under --json', () => {
    const r = runCli([
      'eval',
      dir,
      '--pred',
      h36mArrays(),
      '--pred-skeleton',
      'h36m17',
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { sets: { read: Record<string, unknown> }[] };
    expect(out.sets[0]!.read).toMatchObject({
      format: 'arrays',
      records: 4,
      paired: 4,
      unpaired: 0,
      unknownImages: { count: 0, first: [] },
    });
  });

  it('exits 1 naming unknown images and the format read when nothing can be scored', () => {
    const K = MUPOTS_FIXTURE_INTRINSICS;
    const file = join(tmp, 'results.json');
    writeFileSync(
      file,
      JSON.stringify(
        [41, 42].map((id) => ({
          image_id: id,
          category_id: 1,
          keypoints: people[0]!.flatMap((p) => [...cameraToPixel(p, K), 1]),
          score: 0.9,
        })),
      ),
    );
    const r = runCli(['eval', dir, '--pred', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /results\.json: none of its 2 predictions names an image of the dataset \(2 × prediction for unknown image .*image_id 41.*\) \[read as COCO keypoint results .*: 2 records\]/,
    );
  });

  it('refuses a skeleton it does not know', () => {
    const r = runCli([
      'eval',
      dir,
      '--pred',
      h36mArrays(),
      '--pred-skeleton',
      'h36m32',
      '--db',
      db,
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--pred-skeleton <id>' argument 'h36m32' is invalid.*h36m17/);
  });
});
