import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { runCli } from './runCli';

describe('posescope index', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-'));
  const dir = join(tmp, 'mupots');
  beforeAll(() => writeMupotsFixture(dir));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints a machine-readable summary with --json and exits 0', () => {
    const r = runCli(['index', dir, '--db', join(tmp, 'a.sqlite'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'mupots',
      images: 3,
      people: 4,
      cameras: 2,
      flagged: 0,
    });
  });

  it('prints a readable summary without --json', () => {
    const r = runCli(['index', dir, '--db', join(tmp, 'a.sqlite'), '--format', 'mupots']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/images\s+3\n\s+people\s+4/);
    expect(r.stdout).toMatch(/0 indexed, 1 unchanged/);
  });

  it('exits 1 naming the file and position of malformed JSON', async () => {
    const bad = join(tmp, 'bad');
    await writeMupotsFixture(bad);
    const file = join(bad, 'MuPoTS-3D.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 500));
    const r = runCli(['index', bad, '--db', join(tmp, 'b.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAILED MuPoTS-3D\.json: .*MuPoTS-3D\.json:1:\d+: malformed JSON at byte \d+/,
    );
  });

  it('refuses an unknown format and a folder with no dataset, saying what it expected', () => {
    expect(runCli(['index', dir, '--format', 'kitti']).stderr).toMatch(
      /unknown --format "kitti"; use one of h36m, mupots, mpi3dhp, panoptic, 3dpw, coco, mpii, images/,
    );
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const r = runCli(['index', empty, '--db', join(tmp, 'c.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no dataset recognised in .*empty-.*Human36M_subject\*_data\.json/);
  });
});

describe('posescope index: layouts and loud detection', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-layouts-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const crowdNames = [
    'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
    'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'head', 'neck',
  ]; // prettier-ignore
  const folder = (name: string, files: Record<string, string>) => {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    return dir;
  };
  const crowdpose = (keypoints: number) =>
    JSON.stringify({
      images: [{ id: 1, file_name: '1.jpg', width: 64, height: 48 }],
      annotations: [
        {
          id: 7,
          image_id: 1,
          category_id: 1,
          iscrowd: 0,
          bbox: [1, 2, 30, 40],
          num_keypoints: 14,
          keypoints: Array.from({ length: keypoints }, (_, i) => (i % 3 === 2 ? 2 : i)),
        },
      ],
      categories: [{ id: 1, name: 'person', keypoints: crowdNames, skeleton: [[13, 14]] }],
    });

  it('indexes a CrowdPose file with its 14-joint skeleton', () => {
    const dir = folder('crowdpose', { 'crowdpose_val.json': crowdpose(42) });
    const r = runCli(['index', dir, '--db', join(tmp, 'crowd.sqlite')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${dir} (coco, crowdpose14)`);
    expect(r.stdout).toMatch(/people\s+1\b/);
  });

  it('exits 1 on a file none of whose annotations gives a person, saying why', () => {
    const dir = folder('crowdpose-17', { 'crowdpose_val.json': crowdpose(51) });
    const r = runCli(['index', dir, '--db', join(tmp, 'crowd17.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAILED crowdpose_val.json: crowdpose_val.json: none of its 1 annotations gave a person with keypoints (1 problem, first: wrong joint count: ${join(dir, 'crowdpose_val.json')} annotations[0]: 51 keypoint values, expected 14×3 (CrowdPose-14))`,
    );
  });

  it('keypoint names no layout has: indexed with the skeleton the file defines, said so', () => {
    const text = crowdpose(42).replace('"neck"', '"chin"');
    const dir = folder('unknown', { 'crowdpose_val.json': text });
    const r = runCli(['index', dir, '--db', join(tmp, 'unknown.sqlite')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(coco, file-[0-9a-f]{8}\)/);
    expect(r.stdout).toMatch(
      /no built-in layout has these 14 joints: using the skeleton the file defines \(file-[0-9a-f]{8}, \d+ bones\); 13 joints map onto known anatomy, 1 is its own/,
    );
  });

  it('exits 1 on annotation files no reader knows, listing them; a bare image folder says so', () => {
    // MPII's official annolist converted to JSON, not the list layout PoseScope reads.
    const mpii = JSON.stringify({ annolist: [{ image: { name: 'a.jpg' }, annorect: [] }] });
    const dir = folder('mpii', { 'a.jpg': 'x', 'mpii_annotations.json': mpii });
    const r = runCli(['index', dir, '--db', join(tmp, 'mpii.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /no reader for the annotation files in .*mpii: saw mpii_annotations\.json; expected .* To index only its images, open it as an image folder \(posescope index --format images\)/,
    );
    const images = folder('images', { 'a.jpg': 'x' });
    const ok = runCli(['index', images, '--db', join(tmp, 'images.sqlite')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /\(images, coco17\)[\s\S]*note {5}no annotation file \(\.json, \.mat, \.npz, \.pkl, \.h5\) in the folder or annotations\/: indexed as a bare image folder, with no people/,
    );
  });

  it('exits 1 on --format coco or --format mupots without their files, naming what they need', () => {
    const dir = folder('no-coco', { 'a.jpg': 'x' });
    const coco = runCli(['index', dir, '--db', join(tmp, 'nc.sqlite'), '--format', 'coco']);
    expect(coco.code).toBe(1);
    expect(coco.stderr).toContain(
      `${dir} holds nothing to index as coco: coco needs a COCO-style keypoint JSON`,
    );
    const mupots = runCli(['index', dir, '--db', join(tmp, 'nm.sqlite'), '--format', 'mupots']);
    expect(mupots.code).toBe(1);
    expect(mupots.stderr).toContain(
      `${dir} holds nothing to index as mupots: mupots needs MuPoTS-3D.json (RootNet's MuPoTS-3D annotation file) at the top of the folder`,
    );
  });
});
