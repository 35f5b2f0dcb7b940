import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeH36mRecords } from '../../../test/fixtures/recordFixtures';
import { explainSkip } from '../../../test/helpers/skip';
import { indexDataset } from '../../indexer/indexDataset';
import { blobF64 } from '../db/blobs';
import { openIndex, type IndexDb } from '../db/openIndex';
import { readPerson, saveOriginal, writePerson } from './personStore';
import { posesWorldToCamera } from '../../../core';
import { extrinsicsOf, groundTruthImages, toPose3, type CameraColumns } from './groundTruth';
import { joints3dSql, SharedPoses } from './sharedPose';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-shared-pose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dataset = join(tmp, 'h36m');
writeH36mRecords(dataset);

// Each frame's world pose, per view: [instance id, image source id, pose_of, own blob?, pose].
const views = (db: IndexDb) =>
  (
    db
      .prepare(
        `SELECT i.id, im.source_id, i.pose_of, i.joints_3d IS NOT NULL AS own,
           ${joints3dSql('i')} AS pose, im.frame, im.sequence
         FROM instances i JOIN images im ON im.id = i.image_id ORDER BY im.source_id`,
      )
      .all() as {
      id: number;
      source_id: string;
      pose_of: number | null;
      own: number;
      pose: Buffer;
      frame: number;
      sequence: string;
    }[]
  ).map((r) => ({ ...r, pose: Array.from(blobF64(r.pose)!) }));

function indexed(name: string, parseWorker?: string) {
  const dbFile = join(tmp, `${name}.sqlite`);
  indexDataset({ root: dataset, dbFile, ...(parseWorker ? { parseWorker } : {}) });
  return dbFile;
}

/** The fixture: subject 1, three frames, each seen by two cameras. */
function expectShared(db: IndexDb) {
  const rows = views(db);
  expect(rows).toHaveLength(6);
  const frames = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.sequence.replace(/_ca_0\d/, '')}/${r.frame}`;
    frames.set(key, [...(frames.get(key) ?? []), r]);
  }
  expect(frames.size).toBe(3);
  for (const [, [a, b, ...rest]] of frames) {
    expect(rest).toEqual([]);
    // One view holds the pose, the other names it; both read the same numbers.
    expect([a!.own, b!.own].sort()).toEqual([0, 1]);
    const [holder, other] = a!.own ? [a!, b!] : [b!, a!];
    expect(holder.pose_of).toBeNull();
    expect(other.pose_of).toBe(holder.id);
    expect(other.pose).toEqual(holder.pose);
  }
}

describe('world poses shared by the views of a frame', () => {
  it('are stored once when the worker-less indexer writes them', () => {
    const db = openIndex(indexed('inline'));
    try {
      expectShared(db);
    } finally {
      db.close();
    }
  });

  const parseWorker = resolve('dist/parseWorker.mjs');
  it.skipIf(!existsSync(parseWorker))(
    'are stored once when they cross from the parse worker',
    () => {
      const db = openIndex(indexed('worker', parseWorker));
      try {
        expectShared(db);
      } finally {
        db.close();
      }
    },
  );
  explainSkip(
    existsSync(parseWorker)
      ? undefined
      : 'the parse worker path needs dist/parseWorker.mjs (npm run build:main)',
  );

  it('are unshared by a correction: it changes only the view it is written to', () => {
    const dbFile = indexed('edit');
    const db = openIndex(dbFile);
    try {
      const before = views(db);
      const holder = before.find((r) => r.own && before.some((o) => o.pose_of === r.id))!;
      const other = before.find((r) => r.pose_of === holder.id)!;
      const person = readPerson(db, 1, holder.id);
      const moved = person.joints.joints3d!.map((p, k) =>
        k === 0 ? ([p[0] + 10, p[1], p[2]] as const) : p,
      );
      db.transaction(() => {
        saveOriginal(db, holder.id);
        writePerson(db, person, { ...person.joints, joints3d: moved.map((p) => [...p]) });
      })();
      const after = new Map(views(db).map((r) => [r.id, r]));
      expect(after.get(holder.id)!.pose).not.toEqual(holder.pose);
      // The other view now has its own copy of the file's pose, untouched.
      expect(after.get(other.id)).toMatchObject({ pose_of: null, own: 1, pose: other.pose });
      expect(readPerson(db, 1, holder.id).joints.joints3d![0]![0]).toBeCloseTo(
        person.joints.joints3d![0]![0] + 10,
        6,
      );
      // The original kept for the holder is the file's pose.
      const original = db
        .prepare('SELECT joints_3d FROM instance_originals WHERE instance_id = ?')
        .pluck()
        .get(holder.id) as Buffer;
      expect(Array.from(blobF64(original)!)).toEqual(holder.pose);

      // A dependent corrected: its holder and the frame's other views keep the file's pose.
      const dependent = before.find((r) => r.pose_of !== null && r.id !== other.id)!;
      const itsHolder = before.find((r) => r.id === dependent.pose_of)!;
      const p2 = readPerson(db, 1, dependent.id);
      db.transaction(() =>
        writePerson(db, p2, {
          ...p2.joints,
          joints3d: p2.joints.joints3d!.map((p) => [p[0], p[1] + 5, p[2]]),
        }),
      )();
      const later = new Map(views(db).map((r) => [r.id, r]));
      expect(later.get(itsHolder.id)!.pose).toEqual(itsHolder.pose);
      expect(later.get(dependent.id)!.pose_of).toBeNull();
      expect(later.get(dependent.id)!.pose).not.toEqual(dependent.pose);
    } finally {
      db.close();
    }
    // Re-reading the files keeps both corrections and shares no pose with a corrected row.
    const later = new Date(Date.now() + 5000);
    for (const f of readdirSync(join(dataset, 'annotations')))
      utimesSync(join(dataset, 'annotations', f), later, later);
    expect(indexDataset({ root: dataset, dbFile }).units.unchanged).toBe(0);
    const again = openIndex(dbFile);
    try {
      const rows = views(again);
      const edited = new Set(
        again.prepare('SELECT id FROM instances WHERE edited != 0').pluck().all() as number[],
      );
      expect(edited.size).toBe(2);
      for (const r of rows) if (r.pose_of !== null) expect(edited.has(r.pose_of)).toBe(false);
    } finally {
      again.close();
    }
  });

  it('reach every view through the labels walk, from a cache of any size', () => {
    const db = openIndex(indexed('walk'));
    try {
      const stored = new Map(views(db).map((r) => [r.id, r.pose]));
      const walked = [...groundTruthImages(db, 1, 'h36m')].flatMap((im) => im.people);
      expect(walked).toHaveLength(6);
      // Each view's camera-space pose is its world pose through its own camera, so compare the
      // world poses the walk read: a cache of one still finds every holder, read again by id.
      const decoded: number[] = [];
      const poses = new SharedPoses(
        db,
        (b) => {
          decoded.push(b?.length ?? 0);
          return blobF64(b);
        },
        1,
      );
      const rows = db
        .prepare('SELECT id, joints_3d, pose_of FROM instances ORDER BY id DESC')
        .raw()
        .all() as [number, Buffer | null, number | null][];
      for (const [id, blob, poseOf] of rows)
        expect(Array.from(poses.of(id, blob, poseOf)!)).toEqual(stored.get(id));
      expect(decoded).toHaveLength(6);
      // The walk turned each view's world pose — its own or its holder's — through its camera.
      const cameraOf = db.prepare(
        `SELECT c.rotation, c.translation FROM instances i JOIN images im ON im.id = i.image_id
         JOIN cameras c ON c.id = im.camera_id WHERE i.id = ?`,
      );
      for (const p of walked) {
        const ext = extrinsicsOf(cameraOf.get(p.instanceId) as CameraColumns)!;
        const world = toPose3(Float64Array.from(stored.get(p.instanceId)!));
        expect(p.cam).toEqual(posesWorldToCamera(world, ext));
      }
    } finally {
      db.close();
    }
  });
});
