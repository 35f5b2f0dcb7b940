import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import type { DatasetFormat } from '../datasets/records';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex } from '../store/db/openIndex';
import { writeAtomically } from '../platform/atomicFile';
import { exportDataset } from './exportDataset';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const readJson = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

/** Indexes `dir`, exports it, and returns the exported files' paths relative to `out`. */
function roundTrip(dir: string, name: string): { out: string; files: string[] } {
  const dbFile = join(tmp, `${name}.sqlite`);
  const s = indexDataset({ root: dir, dbFile });
  expect(s.failed).toEqual([]);
  const db = openIndex(dbFile);
  try {
    const ds = db.prepare('SELECT id, root, format FROM datasets').get() as {
      id: number;
      root: string;
      format: DatasetFormat;
    };
    const out = join(tmp, `${name}-out`);
    const r = exportDataset(db, ds, out);
    return { out, files: r.files.map((f) => f.path) };
  } finally {
    db.close();
  }
}

const h36m = sharedSample('h36m-sample');
describe.skipIf('skip' in h36m)('export round trip: Human3.6M (real sample)', () => {
  it('writes data, camera and joint files semantically identical to the input', () => {
    if ('skip' in h36m) return;
    const dir = join(tmp, 'h36m');
    cpSync(h36m.dir, dir, { recursive: true });
    // A frame no image shows and an unknown top-level key must survive too.
    const jf = join(dir, 'annotations', 'Human36M_subject1_joint_3d.json');
    const joints = readJson(jf) as Record<string, Record<string, Record<string, unknown>>>;
    joints['2']!['2']!['999'] = joints['2']!['2']!['1'];
    writeFileSync(jf, JSON.stringify(joints));
    const df = join(dir, 'annotations', 'Human36M_subject1_data.json');
    writeFileSync(df, JSON.stringify({ ...(readJson(df) as object), info: { note: 'kept' } }));

    const { out, files } = roundTrip(dir, 'h36m');
    expect(files).toHaveLength(12);
    for (const f of files) expect(readJson(join(out, f)), f).toEqual(readJson(join(dir, f)));
  });
});

const coco = sharedSample('coco-sample');
describe.skipIf('skip' in coco)('export round trip: COCO (real sample)', () => {
  it('writes the keypoint file semantically identical, crowd regions and categories included', () => {
    if ('skip' in coco) return;
    const { out, files } = roundTrip(coco.dir, 'coco');
    expect(files).toEqual(['test_coco.json']);
    expect(readJson(join(out, 'test_coco.json'))).toEqual(
      readJson(join(coco.dir, 'test_coco.json')),
    );
  });
});

describe('export round trip: MuPoTS-3D (fixture)', () => {
  it('carries unknown fields of images, people and the file through untouched', async () => {
    const dir = join(tmp, 'mupots');
    await writeMupotsFixture(dir);
    const f = join(dir, 'MuPoTS-3D.json');
    const orig = readJson(f) as { images: Record<string, unknown>[] };
    orig.images[0]!.capture_day = 'day 3';
    writeFileSync(f, JSON.stringify({ ...orig, info: { version: 'fixture' }, licenses: [] }));
    const { out, files } = roundTrip(dir, 'mupots');
    expect(files).toEqual(['MuPoTS-3D.json']);
    const back = readJson(join(out, 'MuPoTS-3D.json'));
    expect(back).toEqual(readJson(f));
    expect(JSON.stringify(back)).toContain('kept verbatim on export');
  });
});

describe('atomic writes', () => {
  it('leaves the old file and no temporary file behind when writing fails', () => {
    const dir = join(tmp, 'atomic');
    mkdirSync(dir);
    const target = join(dir, 'a.json');
    writeFileSync(target, '{"old": true}');
    expect(() =>
      writeAtomically(target, (o) => {
        o.write('{"new": ');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('{"old": true}');
    expect(readdirSync(dir)).toEqual(['a.json']);
    writeAtomically(target, (o) => o.write('{"new": true}'));
    expect(readFileSync(target, 'utf8')).toBe('{"new": true}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('refuses to write over the dataset it exports', async () => {
    const dir = join(tmp, 'self');
    await writeMupotsFixture(dir);
    const dbFile = join(tmp, 'self.sqlite');
    indexDataset({ root: dir, dbFile });
    const db = openIndex(dbFile);
    const ds = db.prepare('SELECT id, root, format FROM datasets').get() as {
      id: number;
      root: string;
      format: DatasetFormat;
    };
    const before = readFileSync(join(dir, 'MuPoTS-3D.json'), 'utf8');
    expect(() => exportDataset(db, ds, dir)).toThrow(
      /refusing to write over the dataset's own files/,
    );
    expect(readFileSync(join(dir, 'MuPoTS-3D.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.MuPoTS-3D.json.posescope-tmp'))).toBe(false);
    db.close();
  });
});

explainSkip('skip' in h36m ? h36m.skip : 'skip' in coco ? coco.skip : undefined);

describe('export round trip: the bundled sample with its rig file', () => {
  it('writes the rig as it is, so the exported folder keeps its views of one moment', () => {
    const sample = join(__dirname, '..', '..', 'assets', 'sample');
    const { out, files } = roundTrip(sample, 'rigged');
    expect(files).toEqual(['MuPoTS-3D.json', 'posescope-rig.json']);
    expect(readFileSync(join(out, 'posescope-rig.json'), 'utf8')).toBe(
      readFileSync(join(sample, 'posescope-rig.json'), 'utf8'),
    );
    const dbFile = join(tmp, 'rigged-again.sqlite');
    expect(indexDataset({ root: out, dbFile }).failed).toEqual([]);
    const db = openIndex(dbFile);
    try {
      const moments = db
        .prepare(
          `SELECT count(*) FROM (SELECT scene, frame FROM images GROUP BY scene, frame
           HAVING count(*) = 2 AND scene = 'room')`,
        )
        .pluck()
        .get();
      expect(moments).toBe(30);
    } finally {
      db.close();
    }
  });
});
