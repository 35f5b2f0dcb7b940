import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core';
import { writeMpi3dhpFixture } from '../fixtures/mpi3dhpFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-3dhp-'));
const dir = join(tmp, 'mpi_inf_3dhp_test_set');
const db = join(tmp, 'h.sqlite');
let subjects: Record<'TS1' | 'TS5', Vec3[][]>;
beforeAll(async () => {
  subjects = await writeMpi3dhpFixture(dir);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One prediction per frame: the label, with frame 2 of TS1 (valid_frame 0) 1 m off. */
function predictions(): string {
  const file = join(tmp, 'perfect.json');
  const shift = (p: Vec3[], dz: number) => p.map(([x, y, z]) => [x, y, z + dz]);
  writeFileSync(
    file,
    JSON.stringify([
      { image_id: 'TS1/img_000001', score: 0.9, joints_cam: shift(subjects.TS1[0]!, 0) },
      { image_id: 'TS1/img_000002', score: 0.9, joints_cam: shift(subjects.TS1[1]!, 1000) },
      { image_id: 'TS5/img_000001', score: 0.9, joints_cam: shift(subjects.TS5[0]!, 0) },
    ]),
  );
  return file;
}

interface ProtocolJson {
  sets: {
    protocol: {
      id: string;
      figures: { key: string; value: number }[];
      tables: { title: string; rows: { label: string; values: (number | null)[] }[] }[];
    };
  }[];
}

describe('posescope on the MPI-INF-3DHP test set', () => {
  it('indexes the TS folders from the bundled CLI (HDF5 read on the parse worker)', () => {
    const r = runCli(['index', dir, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'mpi3dhp',
      skeleton: 'mupots17',
      images: 3,
      people: 3,
      cameras: 2,
      failed: [],
    });
  });

  it('scores a perfect prediction at 100 % 3DPCK under --protocol 3dhp, invalid frames left out', () => {
    const r = runCli(['eval', dir, '--pred', predictions(), '--db', db, '--protocol', '3dhp']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MPI-INF-3DHP: 3DPCK@150 mm/);
    expect(r.stdout).toMatch(/source: Mehta et al\., 3DV 2017: mpii_test_predictions\.m/);
    const json = runCli([
      'eval',
      dir,
      '--pred',
      predictions(),
      '--db',
      db,
      '--protocol',
      '3dhp',
      '--json',
    ]);
    expect(json.code).toBe(0);
    const p = (JSON.parse(json.stdout) as ProtocolJson).sets[0]!.protocol;
    expect(p.id).toBe('3dhp');
    const figure = (key: string) => p.figures.find((f) => f.key === key)?.value;
    expect(figure('PCK3D_14')).toBe(100);
    expect(figure('PCK3D_17')).toBe(100);
    expect(figure('AUC_17')).toBeGreaterThan(96);
    // Per sequence: the TS folders are the groups.
    const perSequence = p.tables.find((t) => t.title.startsWith('Per sequence'))!;
    expect(perSequence.rows.map((row) => [row.label, row.values[0]])).toEqual([
      ['TS1', 100],
      ['TS5', 100],
    ]);
  });

  it('refuses to write annot_data.mat back, pointing at the patch and COCO-keypoints exports', () => {
    const out = join(tmp, 'own');
    const r = runCli(['export', dir, '--format', 'mpi3dhp', '--out', out, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `posescope: cannot export ${dir} in its own layout: MPI-INF-3DHP’s annot_data.mat files are MATLAB v7.3 (HDF5), which PoseScope reads but does not write; export the corrections as a patch (posescope export --patch <file>) or the labels as COCO keypoints (--format coco-keypoints)\n`,
    );
    expect(existsSync(join(out, 'TS1'))).toBe(false);
  });

  it('still exports the corrections patch and COCO keypoints', () => {
    const patch = join(tmp, 'fixes.patch.json');
    const p = runCli(['export', dir, '--format', 'mpi3dhp', '--patch', patch, '--db', db]);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    expect(JSON.parse(readFileSync(patch, 'utf8'))).toMatchObject({
      format: 'mpi3dhp',
      skeleton: 'mupots17',
      edits: [],
    });
    const out = join(tmp, 'coco');
    const c = runCli(['export', dir, '--format', 'coco-keypoints', '--out', out, '--db', db]);
    expect(c.code).toBe(0);
    const coco = JSON.parse(readFileSync(join(out, 'person_keypoints_export.json'), 'utf8')) as {
      images: { file_name: string }[];
      annotations: { keypoints: number[] }[];
    };
    expect(coco.images.map((im) => im.file_name)).toEqual([
      'TS1/imageSequence/img_000001.jpg',
      'TS1/imageSequence/img_000002.jpg',
      'TS5/imageSequence/img_000001.jpg',
    ]);
    expect(coco.annotations[0]!.keypoints).toHaveLength(17 * 3);
  });
});
