import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-eval-'));
const dir = join(tmp, 'mupots');
const db = join(tmp, 'm.sqlite');
let people: Vec3[][] = [];
const imageOf = [1, 1, 2, 3];
beforeAll(async () => {
  people = (await writeMupotsFixture(dir)).people;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const preds = (name: string, shiftZ: number) => {
  const file = join(tmp, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      people.map((p, i) => ({
        image_id: imageOf[i],
        score: 0.9,
        joints_cam: p.map(([x, y, z]) => [x, y, z + shiftZ]),
      })),
    ),
  );
  return file;
};

/** `eval` of modelB (80 mm too far) under one protocol. */
const evalProtocol = (protocol: string, json = false) =>
  runCli([
    'eval',
    dir,
    '--pred',
    preds('modelB', 80),
    '--db',
    db,
    '--protocol',
    protocol,
    ...(json ? ['--json'] : []),
  ]);

describe('posescope eval', () => {
  it('prints each set with the exact metric keys at the top level under --json', () => {
    const r = runCli([
      'eval',
      dir,
      '--pred',
      preds('modelA', 0),
      '--pred',
      preds('modelB', 80),
      '--db',
      db,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { sets: Record<string, unknown>[] };
    expect(out.sets.map((s) => s.run)).toEqual(['modelA', 'modelB']);
    for (const key of [
      'MPJPE',
      'PA_MPJPE',
      'MRPE',
      'MRPE_x',
      'MRPE_y',
      'MRPE_z',
      'PCK3D_rel',
      'PCK3D_abs',
      'AUC_rel',
      'MPJVE',
      'accel_error',
      'AP_root_25',
      'AR_root_25',
      'AP_root_20',
      'AR_root_20',
      'AP_root_15',
      'AR_root_15',
      'AP_root_10',
      'AR_root_10',
      'matched',
      'instances',
      'per_joint',
      'per_group',
      'per_take',
    ])
      expect(out.sets[0], key).toHaveProperty(key);
    // TS1's first person is in both of its frames: one velocity, no acceleration (three frames).
    expect(out.sets[1]).toMatchObject({
      MPJVE: 0,
      accel_error: null,
      per_take: [
        { take: 'TS1', frames: 2, MPJVE: 0, accel_error: null },
        { take: 'TS2', frames: 1, MPJVE: null, accel_error: null },
      ],
    });
    // Every root 80 mm off: all 4 hit at 10 cm; calculate_score sums AP from the 2nd on (¾).
    expect(out.sets[1]).toMatchObject({
      MRPE: 80,
      MRPE_z: 80,
      MPJPE: 0,
      AP_root_10: 75,
      AR_root_10: 100,
    });
  });

  it('prints paper-style tables per sequence and per joint without --json', () => {
    const r = runCli(['eval', dir, '--pred', preds('modelB', 80), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MPJPE 0\.0 mm .*MRPE 80\.0 mm/);
    expect(r.stdout).toMatch(/group\s+TS1\s+TS2\s+Avg\nMPJPE\s+0\.0\s+0\.0\s+0\.0/);
    expect(r.stdout).toMatch(/joint\s+Head_top\s+Thorax/);
    expect(r.stdout).toMatch(/MPJVE 0\.0 mm\/frame {3}accel error — mm\/frame² {3}over 2 takes/);
    expect(r.stdout).toMatch(/take\s+frames\s+MPJVE\s+accel\nTS1\s+2\s+0\.0\s+—\nTS2\s+1\s+—\s+—/);
  });

  it('prints one protocol with its source under --protocol, as tables or as JSON', () => {
    const text = evalProtocol('mupots');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/MuPoTS-3D: 3DPCK@150 mm/);
    expect(text.stdout).toMatch(/source: Mehta et al\., 3DV 2018: mpii_mupots_multiperson_eval\.m/);
    expect(text.stdout).toMatch(/sequence\s+PCK all\s+PCK det\./);
    expect(text.stdout).toMatch(/\nTS1\s+100\.0\s+100\.0/);
    const json = evalProtocol('h36m-p1', true);
    expect(json.code).toBe(0);
    const set = (
      JSON.parse(json.stdout) as {
        sets: { protocol: { id: string; figures: { key: string; value: number }[] } }[];
      }
    ).sets[0]!;
    expect(set.protocol.id).toBe('h36m-p1');
    expect(set.protocol.figures.find((f) => f.key === 'MPJPE')?.value).toBe(0);
  });

  it('lists every protocol with its source in eval --help, and refuses one of the other kind', () => {
    const help = runCli(['eval', '--help']);
    for (const id of ['h36m-p1', 'h36m-p2', 'mupots', '3dhp', 'coco', 'pckh'])
      expect(help.stdout).toContain(`  ${id}`);
    expect(help.stdout).toMatch(/cocoeval\.py/);
    expect(help.stdout).toMatch(/mpii_compute_3d_pck\.m/);
    const wrong = evalProtocol('coco');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--protocol coco scores image keypoints; .* is a mupots dataset/);
  });

  it('exits 1 saying why when nothing could be scored', () => {
    const file = join(tmp, 'short.json');
    writeFileSync(file, JSON.stringify([{ image_id: 1, joints_cam: people[0]!.slice(0, 15) }]));
    const r = runCli(['eval', dir, '--pred', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /short\.json: no prediction could be read: 1 × wrong joint count \(.*joints_cam has 15 joints, the dataset's skeleton 17\)/,
    );
  });

  it('names a missing prediction file', () => {
    const r = runCli(['eval', dir, '--pred', join(tmp, 'nope.json'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.json/);
  });
});

describe('posescope export', () => {
  it('exports from the folder and from the index file, both semantically identical', () => {
    const original = JSON.parse(readFileSync(join(dir, 'MuPoTS-3D.json'), 'utf8')) as unknown;
    const a = runCli(['export', dir, '--format', 'mupots', '--out', join(tmp, 'a'), '--db', db]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/mupots: 3 images, 4 people/);
    const b = runCli(['export', db, '--format', 'mupots', '--out', join(tmp, 'b'), '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ images: 3, people: 4 });
    for (const out of ['a', 'b'])
      expect(JSON.parse(readFileSync(join(tmp, out, 'MuPoTS-3D.json'), 'utf8'))).toEqual(original);
  });

  it('writes COCO keypoints from a 3D dataset, images linked beside them', () => {
    const out = join(tmp, 'coco-kp');
    const r = runCli([
      'export',
      db,
      '--format',
      'coco-keypoints',
      '--out',
      out,
      '--images',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      images: 3,
      people: 4,
      files: [{ path: 'person_keypoints_export.json' }],
      linkedImages: { linked: 3, missing: 0 },
    });
    const file = JSON.parse(readFileSync(join(out, 'person_keypoints_export.json'), 'utf8'));
    expect(file.annotations).toHaveLength(4);
    expect(file.annotations[0].keypoints).toHaveLength(17 * 3);
  });

  it("refuses another layout than the dataset's own, saying which", () => {
    const r = runCli(['export', db, '--format', 'coco', '--out', join(tmp, 'c')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a mupots dataset; it exports as --format mupots/);
  });
});
