import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSample } from '../../test/helpers/sharedData';
import { explainSkip } from '../../test/helpers/skip';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { blobF64 } from '../store/db/blobs';
import { indexDataset } from './indexDataset';

const h36m = sharedSample('h36m-sample');
const coco = sharedSample('coco-sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ann = (dir: string, s: number, kind: string) =>
  join(dir, 'annotations', `Human36M_subject${s}_${kind}.json`);
const bump = (file: string) => utimesSync(file, new Date(), new Date(Date.now() + 5000));

describe.skipIf('skip' in h36m)('indexing Human3.6M (real sample frames)', () => {
  const dir = join(tmp, 'h36m');
  const db = join(tmp, 'h36m.sqlite');
  beforeAll(() => {
    if (!('skip' in h36m)) cpSync(h36m.dir, dir, { recursive: true });
  });

  it('indexes every frame, person and camera, nothing flagged', () => {
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s).toMatchObject({
      format: 'h36m',
      skeleton: 'h36m17',
      images: 4,
      people: 4,
      flagged: 0,
      missingImages: 0,
      failed: [],
      issues: [],
    });
    expect(s.units).toEqual({ indexed: 4, unchanged: 0, removed: 0 });
    const raw = new Database(db, { readonly: true });
    const row = raw
      .prepare(
        "SELECT i.joints_3d, im.action, im.subject, im.frame FROM instances i JOIN images im ON im.id = i.image_id WHERE im.subject = 'S1'",
      )
      .get() as { joints_3d: Buffer; action: string; subject: string; frame: number };
    // Exactly the file's values: the first S1 joint is the pelvis in world mm.
    const world = JSON.parse(readFileSync(ann(dir, 1, 'joint_3d'), 'utf8'))['2']['2']['1'][0];
    expect(Array.from(blobF64(row.joints_3d)!.slice(0, 3))).toEqual(world);
    expect(row).toMatchObject({ action: 'Directions', subject: 'S1', frame: 1 });
    raw.close();
  });

  it('does no work for an unchanged folder and re-reads only the unit whose file changed', () => {
    expect(indexDataset({ root: dir, dbFile: db }).units).toEqual({
      indexed: 0,
      unchanged: 4,
      removed: 0,
    });
    bump(ann(dir, 7, 'joint_3d'));
    expect(indexDataset({ root: dir, dbFile: db }).units).toEqual({
      indexed: 1,
      unchanged: 3,
      removed: 0,
    });
  });

  it('keeps row ids of unchanged people when their unit is re-indexed', () => {
    const ids = () => {
      const raw = new Database(db, { readonly: true });
      const out = raw.prepare('SELECT id FROM instances ORDER BY id').pluck().all();
      raw.close();
      return out;
    };
    const before = ids();
    bump(ann(dir, 5, 'data'));
    indexDataset({ root: dir, dbFile: db });
    expect(ids()).toEqual(before);
  });

  it('reports a malformed file by name and position, fails only that unit, and keeps what was indexed', () => {
    const file = ann(dir, 8, 'data');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('"bbox": [', '"bbox": [,'));
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]!.unit).toBe('S8');
    expect(s.failed[0]!.error).toMatch(
      /Human36M_subject8_data\.json:1:\d+: malformed JSON at byte \d+/,
    );
    // S8's earlier rows are still there, untouched.
    expect(s.people).toBe(4);
    writeFileSync(file, good);
    bump(file);
    expect(indexDataset({ root: dir, dbFile: db }).failed).toEqual([]);
  });

  it('indexes and flags a person whose image file is missing, and counts it', () => {
    const img = join(
      dir,
      'images/s_05_act_10_subact_01_ca_01/s_05_act_10_subact_01_ca_01_002061.jpg',
    );
    rmSync(img);
    bump(ann(dir, 5, 'data'));
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s).toMatchObject({ people: 4, missingImages: 1, flagged: 1 });
    expect(s.issues).toEqual([
      { kind: 'missing image file', count: 1, examples: [expect.stringContaining('002061.jpg')] },
    ]);
  });

  it('reports a wrong joint count with where it is, and keeps indexing', () => {
    const file = ann(dir, 7, 'joint_3d');
    const joints = JSON.parse(readFileSync(file, 'utf8'));
    const [a] = Object.keys(joints);
    const [sa] = Object.keys(joints[a!]);
    const [f] = Object.keys(joints[a!][sa!]);
    joints[a!][sa!][f!].pop();
    writeFileSync(file, JSON.stringify(joints));
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s.issues.find((i) => i.kind === 'wrong joint count')).toMatchObject({
      count: 1,
      examples: [expect.stringMatching(/subject7_joint_3d\.json .*expected 17 joints/)],
    });
    expect(s.people).toBe(4);
  });
});

describe.skipIf('skip' in coco)('indexing COCO keypoints (real sample)', () => {
  it('indexes the 2D people with visibility and finds the images beside the file', () => {
    if ('skip' in coco) return;
    const s = indexDataset({ root: coco.dir, dbFile: join(tmp, 'coco.sqlite') });
    expect(s).toMatchObject({
      format: 'coco',
      skeleton: 'coco17',
      images: 4,
      missingImages: 0,
      failed: [],
    });
    expect(s.people).toBeGreaterThan(0);
  });
});

describe('indexing MuPoTS-3D (fixture)', () => {
  const dir = join(tmp, 'mupots');
  beforeAll(() => writeMupotsFixture(dir));

  it('indexes several people per image with camera-space joints and per-sequence cameras', () => {
    const s = indexDataset({ root: dir, dbFile: join(tmp, 'mupots.sqlite') });
    expect(s).toMatchObject({
      format: 'mupots',
      images: 3,
      people: 4,
      cameras: 2,
      flagged: 0,
      failed: [],
    });
    const raw = new Database(join(tmp, 'mupots.sqlite'), { readonly: true });
    expect(
      raw
        .prepare(
          "SELECT count(*) FROM instances i JOIN images im ON im.id = i.image_id WHERE im.sequence = 'TS1'",
        )
        .pluck()
        .get(),
    ).toBe(3);
    expect(raw.prepare('SELECT max(person) FROM instances').pluck().get()).toBe(1);
    raw.close();
  });

  it('keeps images nobody is labelled in, also after the last labelled one', () => {
    const bare = join(tmp, 'mupots-bare');
    cpSync(dir, bare, { recursive: true });
    const file = join(bare, 'MuPoTS-3D.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { annotations: { image_id: number }[] };
    // Image 3, the file's last, loses its one person; a file with no people at all keeps all.
    writeFileSync(file, JSON.stringify({ ...data, annotations: data.annotations.slice(0, 3) }));
    expect(indexDataset({ root: bare, dbFile: join(tmp, 'bare1.sqlite') })).toMatchObject({
      images: 3,
      people: 3,
    });
    const raw = new Database(join(tmp, 'bare1.sqlite'), { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM images').pluck().get()).toBe(3);
    raw.close();
    writeFileSync(file, JSON.stringify({ ...data, annotations: [] }));
    expect(indexDataset({ root: bare, dbFile: join(tmp, 'bare2.sqlite') })).toMatchObject({
      images: 3,
      people: 0,
    });
    const none = new Database(join(tmp, 'bare2.sqlite'), { readonly: true });
    expect(none.prepare('SELECT count(*), sum(people) FROM images').raw().get()).toEqual([3, 0]);
    none.close();
  });

  it('refuses to re-read an indexed folder in another layout, keeping what it holds', () => {
    const db = join(tmp, 'mupots.sqlite');
    expect(() => indexDataset({ root: dir, dbFile: db, format: 'images' })).toThrow(
      /already indexes .*mupots as mupots; index it as images into another file with --db/,
    );
    expect(indexDataset({ root: dir, dbFile: db }).people).toBe(4);
  });

  it('commits a new unit in chunks, each readable while the rest is read', () => {
    const db = join(tmp, 'mupots-chunks.sqlite');
    const seen: number[] = [];
    // Images whose people count differs from the people rows committed for them.
    const miscounted = (conn: Database.Database) =>
      conn
        .prepare(
          `SELECT count(*) FROM images im
           WHERE people != (SELECT count(*) FROM instances i WHERE i.image_id = im.id)`,
        )
        .pluck()
        .get();
    const s = indexDataset({
      root: dir,
      dbFile: db,
      chunks: { first: 1, next: 1 },
      onCommitted: () => {
        // Another connection, as the app's reader: it sees exactly the chunks committed, each
        // image counting the people committed with it.
        const reader = new Database(db, { readonly: true });
        seen.push(reader.prepare('SELECT count(*) FROM images').pluck().get() as number);
        expect(miscounted(reader)).toBe(0);
        reader.close();
      },
    });
    expect(seen).toEqual([1, 2]);
    expect(s).toMatchObject({ images: 3, people: 4, failed: [] });
    const raw = new Database(db, { readonly: true });
    // People per image are right once the unit is in, whatever chunk each image was in.
    expect(raw.prepare('SELECT sum(people) FROM images').pluck().get()).toBe(4);
    expect(miscounted(raw)).toBe(0);
    raw.close();
  });

  it('drops the committed chunks of a new unit that fails midway, leaving nothing half-indexed', () => {
    const broken = join(tmp, 'mupots-broken');
    cpSync(dir, broken, { recursive: true });
    const file = join(broken, 'MuPoTS-3D.json');
    const text = readFileSync(file, 'utf8');
    // Cut inside the annotations: the images are read (and chunks committed) before it fails.
    writeFileSync(file, text.slice(0, text.indexOf('"annotations"') + 40));
    const db = join(tmp, 'mupots-broken.sqlite');
    let commits = 0;
    const s = indexDataset({
      root: broken,
      dbFile: db,
      chunks: { first: 1, next: 1 },
      onCommitted: () => commits++,
    });
    expect(commits).toBeGreaterThan(0);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]!.error).toMatch(/MuPoTS-3D\.json/);
    expect(s.images).toBe(0);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM images').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT count(*) FROM source_files').pluck().get()).toBe(0);
    raw.close();
  });

  it('names a record that fails validation and indexes the rest', () => {
    const file = join(dir, 'MuPoTS-3D.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    delete data.images[2].intrinsic;
    writeFileSync(file, JSON.stringify(data));
    const s = indexDataset({ root: dir, dbFile: join(tmp, 'mupots-bad.sqlite') });
    expect(s.images).toBe(2);
    expect(s.issues.map((i) => i.kind).sort()).toEqual([
      'annotation for unknown image',
      'invalid record',
    ]);
    expect(s.issues.find((i) => i.kind === 'invalid record')!.examples[0]).toMatch(
      /MuPoTS-3D\.json images\[2\]: intrinsic/,
    );
  });
});

explainSkip('skip' in h36m ? h36m.skip : 'skip' in coco ? coco.skip : undefined);
