import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotExportOwnLayout } from '../../contract';
import { writeMpi3dhpFixture } from '../../test/fixtures/mpi3dhpFixture';
import { indexFolder, type IndexedFolder } from '../../test/fixtures/indexedFolder';
import type { IndexDb } from '../store/db/openIndex';
import { exportAnnotations } from './exportAnnotations';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-3dhp-export-'));
const dir = join(tmp, 'mpi_inf_3dhp_test_set');
const opened: IndexDb[] = [];
let set: IndexedFolder;
beforeAll(async () => {
  await writeMpi3dhpFixture(dir);
  set = indexFolder(dir, join(tmp, 'i.sqlite'), opened);
});
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('exporting an MPI-INF-3DHP test set', () => {
  it('refuses its own layout (MATLAB v7.3 is not written), naming the exports that work', () => {
    const out = join(tmp, 'own');
    expect(() => exportAnnotations(set.db, set.ds, out, 'own')).toThrow(
      `cannot export ${dir} in its own layout: MPI-INF-3DHP’s annot_data.mat files are MATLAB v7.3 (HDF5), which PoseScope reads but does not write; export the corrections as a patch (posescope export --patch <file>) or the labels as COCO keypoints (--format coco-keypoints)`,
    );
    expect(existsSync(join(out, 'TS1'))).toBe(false);
    expect(cannotExportOwnLayout('mupots')).toBeNull();
  });

  it('writes COCO keypoints: every frame, its 2D joints mapped onto COCO-17', () => {
    const out = join(tmp, 'coco');
    const s = exportAnnotations(set.db, set.ds, out, 'coco-keypoints');
    expect(s).toMatchObject({ format: 'coco', images: 3, people: 3 });
    const file = JSON.parse(readFileSync(join(out, s.files[0]!.path), 'utf8')) as {
      annotations: { keypoints: number[]; num_keypoints: number }[];
    };
    expect(file.annotations.map((a) => a.keypoints.length)).toEqual([51, 51, 51]);
  });
});
