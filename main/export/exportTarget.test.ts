import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST, finishExport } from './exportManifest';
import { exportFolderContents } from './exportTarget';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-target-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('what an export folder already holds', () => {
  it('nothing: a missing or empty folder (hidden files aside)', () => {
    expect(exportFolderContents(join(tmp, 'nowhere'))).toBeNull();
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, '.DS_Store'), '');
    expect(exportFolderContents(empty)).toBeNull();
  });

  it('an earlier export, from its manifest: dataset, date, files, people, images', () => {
    const dir = join(tmp, 'done');
    mkdirSync(dir);
    writeFileSync(join(dir, 'MuPoTS-3D.json'), '{}');
    finishExport(dir, {
      dataset: '/data/mupots',
      format: 'mupots',
      files: [{ path: 'MuPoTS-3D.json', bytes: 2 }],
      people: 1,
      images: { linked: 3, copied: 1 },
    });
    expect(exportFolderContents(dir)).toMatch(
      /^an export of \/data\/mupots \(mupots, written \d{4}-\d\d-\d\d \d\d:\d\d\): MuPoTS-3D\.json; 1 person, 4 images$/,
    );
  });

  it('anything else, named: an unfinished export or other files', () => {
    const dir = join(tmp, 'other');
    mkdirSync(dir);
    for (const f of ['a.json', 'b.txt', 'c', 'd', 'e', 'f']) writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, MANIFEST), '{"not": "a manifest"}');
    expect(exportFolderContents(dir)).toBe(
      '7 files or folders that are not a finished PoseScope export (a.json, b.txt, c, d, e, …)',
    );
  });
});
