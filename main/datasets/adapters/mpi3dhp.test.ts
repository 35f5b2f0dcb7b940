import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraToPixel } from '../../../core';
import {
  MPI3DHP_OUTDOOR,
  MPI3DHP_STUDIO,
  writeAnnotDataMat,
  writeMpi3dhpFixture,
} from '../../../test/fixtures/mpi3dhpFixture';
import { fixturePerson } from '../../../test/fixtures/mupotsFixture';
import { indexDataset } from '../../indexer/indexDataset';
import { blobF64 } from '../../store/db/blobs';
import { openIndex } from '../../store/db/openIndex';
import { groundTruthImages } from '../../store/labels/groundTruth';
import { ADAPTERS, detectFormat } from '../detect';
import { readHdf5Datasets } from '../hdf5File';
import { mpi3dhpAdapter } from './mpi3dhp';
import { readUnits } from './adapterTestKit';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-3dhp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dir = join(tmp, 'mpi_inf_3dhp_test_set');
let subjects: Awaited<ReturnType<typeof writeMpi3dhpFixture>>;
beforeAll(async () => {
  subjects = await writeMpi3dhpFixture(dir);
});

/** Everything one unit sends, and the issues reported while reading it. */
const readUnit = (root: string, key: string) =>
  readUnits(mpi3dhpAdapter, root, (u) => u.key === key);

describe('MPI-INF-3DHP test set (TS*/annot_data.mat, MATLAB v7.3)', () => {
  it('stores univ_annot3 as MATLAB v7.3 does: HDF5 [frames, 1, 17, 3] behind a 512-byte header', () => {
    const file = join(dir, 'TS1', 'annot_data.mat');
    expect(readFileSync(file).subarray(0, 19).toString('latin1')).toBe('MATLAB 7.3 MAT-file');
    const d = readHdf5Datasets(file, ['univ_annot3', 'valid_frame', 'no_such']);
    expect(d.get('univ_annot3')?.shape).toEqual([2, 1, 17, 3]);
    expect(d.get('valid_frame')?.shape).toEqual([2, 1]);
    expect(d.get('no_such')).toBeNull();
  });

  it('is detected by TS*/annot_data.mat, one unit per sequence, with the shared 17-joint skeleton', () => {
    expect(detectFormat(dir)).toBe('mpi3dhp');
    expect(ADAPTERS.mpi3dhp).toBe(mpi3dhpAdapter);
    expect(mpi3dhpAdapter.skeleton).toBe('mupots17');
    expect(mpi3dhpAdapter.listUnits(dir)).toEqual([
      { key: 'TS1', files: ['TS1/annot_data.mat'] },
      { key: 'TS5', files: ['TS5/annot_data.mat'] },
    ]);
  });

  it('reads each frame’s subject: univ_annot3 in camera mm, annot2 in pixels, the published camera', () => {
    const ts1 = readUnit(dir, 'TS1');
    expect(ts1.issues).toEqual([]);
    expect(ts1.cameras).toEqual([{ key: 'TS1', f: MPI3DHP_STUDIO.f, c: MPI3DHP_STUDIO.c }]);
    for (const [k, c] of ts1.cameras.entries()) {
      expect(c.f[0]).toBeCloseTo(1500.172288, 6);
      expect(c.c[0]).toBeCloseTo(1017.387, 3);
      expect(c.c[1], String(k)).toBeCloseTo(1043.032, 3);
    }
    expect(ts1.images.map((im) => [im.sourceId, im.file, im.frame, im.action])).toEqual([
      ['TS1/img_000001', join('TS1', 'imageSequence', 'img_000001.jpg'), 1, 'Standing/Walking'],
      ['TS1/img_000002', join('TS1', 'imageSequence', 'img_000002.jpg'), 2, 'Sitting'],
    ]);
    expect(ts1.images[0]).toMatchObject({
      width: 2048,
      height: 2048,
      cameraKey: 'TS1',
      sequence: 'TS1',
      missing: false,
    });
    const [first, second] = ts1.people;
    expect(Array.from(first!.joints3d!)).toEqual(subjects.TS1[0]!.flat());
    expect(first!.joints3d![14 * 3 + 2]).toBe(4000); // the pelvis, 4 m in front of the camera
    expect(Array.from(first!.joints2d!.slice(0, 2))).toEqual([
      ...cameraToPixel(subjects.TS1[0]![0]!, MPI3DHP_STUDIO),
    ]);
    expect(first).toMatchObject({ space: 'camera', valid: true, flags: 0, iscrowd: false });
    // valid_frame 0: kept, never scored, not flagged.
    expect(second).toMatchObject({ valid: false, flags: 0 });
    const ts5 = readUnit(dir, 'TS5');
    expect(ts5.cameras[0]!.f[1]).toBeCloseTo(1683.98345952, 6);
    expect(ts5.cameras[0]!.c).toEqual([expect.closeTo(939.8575, 3), expect.closeTo(560.1407, 3)]);
    expect(ts5.images[0]).toMatchObject({ width: 1920, height: 1080, action: 'Sports' });
    expect(MPI3DHP_OUTDOOR.c[0]).toBeCloseTo(ts5.cameras[0]!.c[0], 6);
  });

  it('indexes the set: frames grouped by sequence, invalid frames kept but not valid', () => {
    const dbFile = join(tmp, 'ok.sqlite');
    const s = indexDataset({ root: dir, dbFile });
    expect(s).toMatchObject({
      format: 'mpi3dhp',
      skeleton: 'mupots17',
      images: 3,
      people: 3,
      cameras: 2,
      flagged: 0,
      missingImages: 0,
      failed: [],
      issues: [],
    });
    const raw = new Database(dbFile, { readonly: true });
    const rows = raw
      .prepare(
        'SELECT im.source_id, im.sequence, im.raw, i.valid, i.flags, i.joints_3d FROM instances i JOIN images im ON im.id = i.image_id ORDER BY im.source_id',
      )
      .all() as {
      source_id: string;
      sequence: string;
      raw: string;
      valid: number;
      flags: number;
      joints_3d: Buffer;
    }[];
    expect(rows.map((r) => [r.source_id, r.sequence, r.valid, r.flags])).toEqual([
      ['TS1/img_000001', 'TS1', 1, 0],
      ['TS1/img_000002', 'TS1', 0, 0],
      ['TS5/img_000001', 'TS5', 1, 0],
    ]);
    expect(JSON.parse(rows[1]!.raw)).toEqual({ valid_frame: 0, activity_annotation: 3 });
    expect(Array.from(blobF64(rows[2]!.joints_3d)!)).toEqual(subjects.TS5[0]!.flat());
    raw.close();
    const db = openIndex(dbFile);
    try {
      const id = (db.prepare('SELECT id FROM datasets').pluck().get() as number) ?? 0;
      const images = [...groundTruthImages(db, id, 'mpi3dhp')];
      expect(images.map((im) => im.group)).toEqual(['TS1', 'TS1', 'TS5']);
      expect(images[2]!.intrinsics).toMatchObject({
        f: MPI3DHP_OUTDOOR.f.map((v) => expect.closeTo(v, 6)),
      });
    } finally {
      db.close();
    }
  });

  describe('bad input fails its unit, naming the file or the dataset', () => {
    const broken = join(tmp, 'broken');
    const dbFile = join(tmp, 'broken.sqlite');
    const ts = (n: string) => join(broken, n, 'annot_data.mat');
    beforeAll(async () => {
      await writeMpi3dhpFixture(broken);
      const good = readFileSync(ts('TS1'));
      // Cut off inside the HDF5 data: the signature is there, the rest is not.
      writeFileSync(ts('TS1'), good.subarray(0, 700));
      writeFileSync(ts('TS5'), 'MATLAB 5.0 MAT-file, Platform: GLNXA64 — a v5 file, not HDF5');
      for (const [n, omit] of [
        ['TS2', 'univ_annot3'],
        ['TS3', 'valid_frame'],
      ] as const) {
        mkdirSync(join(broken, n), { recursive: true });
        await writeAnnotDataMat(
          ts(n),
          [fixturePerson([0, 0, 4000])],
          MPI3DHP_STUDIO,
          [{ at: [0, 0, 4000], valid: 1, activity: 1 }],
          { omit: [omit] },
        );
      }
      mkdirSync(join(broken, 'TS4'), { recursive: true });
      writeFileSync(ts('TS4'), 'plain text, no HDF5 signature anywhere');
    });

    it('reports each unit’s failure with the file and why, and indexes nothing from them', () => {
      const s = indexDataset({ root: broken, dbFile, format: 'mpi3dhp' });
      const failed = Object.fromEntries(s.failed.map((f) => [f.unit, f.error]));
      expect(Object.keys(failed).sort()).toEqual(['TS1', 'TS2', 'TS3', 'TS4', 'TS5']);
      expect(failed.TS1).toMatch(
        /annot_data\.mat: not a readable HDF5 file \(truncated file: eof = \d+, .*stored_eof = \d+\)$/,
      );
      expect(failed.TS1!.startsWith(ts('TS1'))).toBe(true);
      expect(failed.TS2).toBe(
        `${ts('TS2')}: no "univ_annot3" dataset (the test set's annot_data.mat has it)`,
      );
      expect(failed.TS3).toBe(
        `${ts('TS3')}: no "valid_frame" dataset (the test set's annot_data.mat has it)`,
      );
      expect(failed.TS4).toBe(
        `${ts('TS4')}: not an HDF5 file (no HDF5 signature; MATLAB v7.3 files are HDF5)`,
      );
      expect(failed.TS5).toBe(
        `${ts('TS5')}: a MATLAB v5 MAT-file, not v7.3 (HDF5); save it again with -v7.3`,
      );
      expect(s.images).toBe(0);
    });

    it('refuses joints of another shape, naming the dataset and the layout it expects', async () => {
      const seq = join(tmp, 'shape', 'TS1');
      mkdirSync(seq, { recursive: true });
      const file = join(seq, 'annot_data.mat');
      // Saved from a frames×17×3 MATLAB array: HDF5's [3, 17, frames].
      await writeAnnotDataMat(
        file,
        [fixturePerson([0, 0, 4000])],
        MPI3DHP_STUDIO,
        [{ at: [0, 0, 4000], valid: 1, activity: 1 }],
        { shapes: { univ_annot3: [3, 17, 1] } },
      );
      expect(() => readUnit(join(tmp, 'shape'), 'TS1')).toThrow(
        `${file}: "univ_annot3" has shape [3, 17, 1] (HDF5 order); expected [frames, 1, 17, 3], MATLAB's 3×17×1×frames`,
      );
    });
  });
});
