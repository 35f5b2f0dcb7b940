import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMpiiFixture } from '../../test/fixtures/mpiiFixture';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { indexFolder } from '../../test/fixtures/indexedFolder';
import { writeCocoRecords, writeH36mRecords } from '../../test/fixtures/recordFixtures';
import type { IndexDb } from '../store/db/openIndex';
import { exportDataset } from './exportDataset';
import { joints3dSql } from '../store/labels/sharedPose';
import { blobF64 } from '../store/db/blobs';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-residual-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/**
 * Whether an exported file holds what the input does: every top-level value the same down to
 * its records' key order and every number (JSON texts of parsed values are equal exactly then).
 * Export writes `images` and `annotations` first, whatever the file's top-level order.
 */
function expectSameFile(exported: string, input: string) {
  const [a, b] = [read(exported), read(input)];
  expect(Object.keys(a).sort(), input).toEqual(Object.keys(b).sort());
  for (const k of Object.keys(b))
    expect(JSON.stringify(a[k]), `${input} ${k}`).toBe(JSON.stringify(b[k]));
}

/** Indexes `dir` and exports it; what the index keeps of each record, and the files written. */
function indexAndExport(dir: string, name: string) {
  const opened: IndexDb[] = [];
  const { db, ds } = indexFolder(dir, join(tmp, `${name}.sqlite`), opened);
  try {
    const kept = (table: string, id = 'source_id') =>
      Object.fromEntries(
        db
          .prepare(`SELECT ${id}, raw_residual, raw FROM ${table}`)
          .raw()
          .all()
          .map((r) => {
            const [key, residual, raw] = r as [string, number, string | null];
            return [key, { residual, raw }];
          }),
      ) as Record<string, { residual: number; raw: string | null }>;
    const blobs = db
      .prepare(
        `SELECT i.source_id, length(${joints3dSql('i')}), length(i.joints_2d) FROM instances i`,
      )
      .raw()
      .all() as [string, number | null, number | null][];
    const out = join(tmp, `${name}-out`);
    const files = exportDataset(db, ds, out).files.map((f) => f.path);
    return {
      images: kept('images'),
      people: kept('instances'),
      cameras: kept('cameras', 'key'),
      blobs,
      out,
      files,
    };
  } finally {
    for (const d of opened) d.close();
  }
}

describe('records kept as residuals come back through export key for key and bit for bit', () => {
  it('Human3.6M: data, camera and joint files', () => {
    const dir = join(tmp, 'h36m');
    writeH36mRecords(dir);
    const x = indexAndExport(dir, 'h36m');
    expect(x.files).toHaveLength(3);
    for (const f of x.files) expectSameFile(join(x.out, f), join(dir, f));
    // An image the columns give back whole keeps nothing; one in its own order keeps its keys
    // in place; a field PoseScope does not read stays.
    expect(x.images['10']).toEqual({ residual: 1, raw: null });
    // Cameras too, lens distortion included.
    expect(Object.values(x.cameras)).toEqual([
      { residual: 1, raw: null },
      { residual: 1, raw: null },
    ]);
    expect(x.images['12']!.raw).toMatch(/^\{"frame_idx":0,"id":0,/);
    expect(x.images['13']!.raw).toBe('{"fps":50}');
    expect(x.people['110']).toEqual({ residual: 1, raw: '{"category_id":1}' });
    expect(x.people['115']!.residual).toBe(0);
    // Visibility as numbers, not the booleans the columns would give, stays as read.
    expect(JSON.parse(x.people['111']!.raw!)).toHaveProperty('keypoints_vis');
    // World joints with full double digits stay float64; quarter millimetres near their first
    // joint are whole hundredths of a millimetre: int32 for that joint, int16 offsets for the rest.
    const lengths = new Set(x.blobs.map(([, j3]) => j3));
    expect(lengths).toEqual(new Set([17 * 3 * 8, 3 * 4 + 16 * 3 * 2 + 3]));
  });

  it('COCO: its own order, another writer’s, fractional pixels and records kept whole', () => {
    const dir = join(tmp, 'coco');
    writeCocoRecords(dir);
    const x = indexAndExport(dir, 'coco');
    const f = 'annotations/person_keypoints_val2017.json';
    expect(x.files).toEqual([f]);
    expectSameFile(join(x.out, f), join(dir, f));
    expect(x.people['100']!.raw).toBe(
      '{"segmentation":[[353.37,67.65,358.15,52.37,362.92,47.59]],"num_keypoints":11,"area":17376.91885,"category_id":1}',
    );
    expect(x.people['102']!.raw).toMatch(/"keypoints":0/);
    expect(x.people['103']!.raw).toMatch(/"id":"103"/);
    // No iscrowd, which the columns would give: kept whole.
    expect(x.people['104']!.residual).toBe(0);
    const j2 = new Map(x.blobs.map(([id, , b]) => [id, b]));
    // Whole pixels: int32 for the first keypoint, int16 offsets for the others.
    expect(j2.get('100')).toBe(2 * 4 + 16 * 2 * 2 + 3);
    // 0.1 and 12.3 are no float32s, but decimals of under 7 digits (beside a null, which no
    // whole number holds): float32 read back at 6 significant digits, and the file above still
    // comes back byte for byte.
    expect(j2.get('101')).toBe(17 * 2 * 4 + 1);
  });

  it('MuPoTS-3D: camera and pixel joints, with a field PoseScope does not read', async () => {
    const dir = join(tmp, 'mupots');
    await writeMupotsFixture(dir);
    const x = indexAndExport(dir, 'mupots');
    expectSameFile(join(x.out, 'MuPoTS-3D.json'), join(dir, 'MuPoTS-3D.json'));
    for (const p of Object.values(x.people))
      expect(p).toEqual({
        residual: 1,
        raw: '{"category_id":1,"is_valid":1,"annotator_note":"kept verbatim on export"}',
      });
  });

  it('MPII: 1-based joints, unlabelled ones, records in another order than MMPose’s', async () => {
    const dir = join(tmp, 'mpii');
    await writeMpiiFixture(dir);
    const x = indexAndExport(dir, 'mpii');
    const f = 'annotations/mpii_val.json';
    expectSameFile(join(x.out, f), join(dir, f));
    expect(x.people['1']!.raw).toBe(
      '{"image":0,"joints":0,"joints_vis":0,"center":[140,80],"scale":0.45}',
    );
  });
});

/**
 * Rewrites an index as schema version 16 left it: each record whole in `raw` (from the input
 * files, as that version's indexer stored them), float64 joints, no raw_residual columns.
 */
function asVersion16(
  dbFile: string,
  records: Record<'images' | 'instances' | 'cameras', Map<string, unknown>>,
) {
  const db = new Database(dbFile);
  // Schema 16 had no shared world poses: every view its own copy.
  db.exec(`UPDATE instances SET joints_3d = ${joints3dSql('instances')}, pose_of = NULL;
    DROP INDEX instances_pose_of; ALTER TABLE instances DROP COLUMN pose_of;`);
  const key = { images: 'source_id', instances: 'source_id', cameras: 'key' };
  for (const table of ['images', 'instances', 'cameras'] as const) {
    const put = db.prepare(`UPDATE ${table} SET raw = ? WHERE ${key[table]} = ?`);
    for (const [id, rec] of records[table]) put.run(JSON.stringify(rec), id);
    db.exec(`ALTER TABLE ${table} DROP COLUMN raw_residual`);
  }
  const f64 = (b: Buffer | null) => (b ? Buffer.from(blobF64(b)!.buffer) : null);
  const rows = db.prepare('SELECT id, joints_3d, joints_2d FROM instances').all() as {
    id: number;
    joints_3d: Buffer | null;
    joints_2d: Buffer | null;
  }[];
  const put = db.prepare('UPDATE instances SET joints_3d = ?, joints_2d = ? WHERE id = ?');
  for (const r of rows) put.run(f64(r.joints_3d), f64(r.joints_2d), r.id);
  db.exec('UPDATE schema_version SET version = 16');
  db.close();
}

describe('an index written by schema version 16 (whole records, float64 joints)', () => {
  it('upgrades, exports as before, and mixes old rows with residual ones on re-index', () => {
    const dir = join(tmp, 'h36m-v16');
    writeH36mRecords(dir);
    const name = 'h36m-v16';
    indexAndExport(dir, name);
    const input = (kind: string) =>
      JSON.parse(readFileSync(join(dir, 'annotations', `Human36M_subject1_${kind}.json`), 'utf8'));
    const data = input('data') as Record<'images' | 'annotations', { id: number }[]>;
    const byId = (l: { id: number }[]) => new Map(l.map((r) => [String(r.id), r]));
    const cams = Object.entries(input('camera') as object).map(([k, v]): [string, unknown] => [
      `S1/${k}`,
      v,
    ]);
    const dbFile = join(tmp, `${name}.sqlite`);
    asVersion16(dbFile, {
      images: byId(data.images),
      instances: byId(data.annotations),
      cameras: new Map(cams),
    });

    const again = indexAndExport(dir, name);
    expect(Object.values(again.people).every((p) => p.residual === 0 && p.raw)).toBe(true);
    expect(again.blobs.every(([, j3]) => j3! % 8 === 0)).toBe(true);
    for (const f of again.files) expectSameFile(join(again.out, f), join(dir, f));

    // A corrected person keeps their row through a re-read; the others become residuals.
    const db = new Database(dbFile);
    db.exec("UPDATE instances SET edited = 1 WHERE source_id = '110'");
    db.exec('DELETE FROM source_files');
    db.close();
    const mixed = indexAndExport(dir, name);
    expect(mixed.people['110']!.residual).toBe(0);
    expect(mixed.people['111']!.residual).toBe(1);
    for (const f of mixed.files) expectSameFile(join(mixed.out, f), join(dir, f));
  });
});
