import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexDataset } from '../../indexer/indexDataset';
import { openIndex } from '../../store/db/openIndex';
import { RIG_FILE, readRig } from './rigFile';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-rig-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const I = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
let n = 0;
function folder(rig: unknown): string {
  const dir = join(tmp, String(n++));
  mkdirSync(dir);
  writeFileSync(join(dir, RIG_FILE), typeof rig === 'string' ? rig : JSON.stringify(rig));
  return dir;
}
const rig = (scenes: unknown) => ({ format: 'posescope-rig', version: 1, units: 'mm', scenes });

describe('rig file', () => {
  it('is optional', () => {
    const dir = join(tmp, 'none');
    mkdirSync(dir);
    expect(readRig(dir)).toBeUndefined();
  });

  it('gives each sequence its scene, extrinsics and distortion', () => {
    const cams = readRig(
      folder(
        rig({
          room: {
            A: { R: I, t: [1, 2, 3], k: [0.1, 0, 0], p: [0, 0.01] },
            B: { R: I, t: [0, 0, 0] },
          },
        }),
      ),
    )!;
    expect([...cams.keys()]).toEqual(['A', 'B']);
    expect(cams.get('A')).toEqual({
      scene: 'room',
      R: I,
      t: [1, 2, 3],
      k: [0.1, 0, 0],
      p: [0, 0.01],
    });
    expect(cams.get('B')).toEqual({ scene: 'room', R: I, t: [0, 0, 0] });
  });

  it('names the file and the field of a malformed rig', () => {
    expect(() => readRig(folder(rig({ room: { A: { R: I } } })))).toThrow(
      /^posescope-rig\.json: scenes\.room\.A\.t: /,
    );
    expect(() => readRig(folder({ ...rig({}), units: 'm' }))).toThrow(
      /posescope-rig\.json: units: /,
    );
    expect(() => readRig(folder('{"format": "posescope-rig",'))).toThrow(/posescope-rig\.json/);
  });

  it('refuses a matrix that is not a rotation and a sequence in two scenes', () => {
    const mirror = [
      [-1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(() => readRig(folder(rig({ room: { A: { R: mirror, t: [0, 0, 0] } } })))).toThrow(
      'posescope-rig.json: scenes.room.A.R: determinant -1.000000, not 1 (a reflection or a scaled matrix)',
    );
    const sheared = [
      [1, 0.1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(() => readRig(folder(rig({ room: { A: { R: sheared, t: [0, 0, 0] } } })))).toThrow(
      /scenes\.room\.A\.R: its rows are not orthonormal/,
    );
    const cam = { R: I, t: [0, 0, 0] };
    expect(() => readRig(folder(rig({ a: { S: cam }, b: { S: cam } })))).toThrow(
      'posescope-rig.json: sequence S is a camera of both scene a and scene b',
    );
  });
});

describe('a MuPoTS-3D folder with a rig', () => {
  const sample = join(__dirname, '..', '..', '..', 'assets', 'sample');

  it('re-reads its cameras when the rig changes, and a broken rig keeps the index as it was', () => {
    const dir = join(tmp, 'mupots');
    mkdirSync(dir);
    cpSync(join(sample, 'MuPoTS-3D.json'), join(dir, 'MuPoTS-3D.json'));
    const dbFile = join(tmp, 'mupots.sqlite');
    const rotations = () => {
      const db = openIndex(dbFile);
      try {
        return db
          .prepare('SELECT count(*) FROM cameras WHERE rotation IS NOT NULL')
          .pluck()
          .get() as number;
      } finally {
        db.close();
      }
    };
    expect(indexDataset({ root: dir, dbFile }).failed).toEqual([]);
    expect(rotations()).toBe(0);
    cpSync(join(sample, RIG_FILE), join(dir, RIG_FILE));
    expect(indexDataset({ root: dir, dbFile }).failed).toEqual([]);
    expect(rotations()).toBe(2);
    writeFileSync(join(dir, RIG_FILE), JSON.stringify(rig({ room: { TS1: { R: I } } })));
    expect(indexDataset({ root: dir, dbFile }).failed).toEqual([
      {
        unit: 'MuPoTS-3D.json',
        error: expect.stringMatching(/posescope-rig\.json: scenes\.room\.TS1\.t/),
      },
    ]);
    expect(rotations()).toBe(2);
  });
});
