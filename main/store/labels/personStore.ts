import {
  cameraToPixel,
  posesCameraToWorld,
  posesWorldToCamera,
  worldToCamera,
  type Extrinsics,
  type Intrinsics,
  type PersonJoints,
  type Pose2D,
  type Pose3D,
} from '../../../core';
import {
  bboxOf,
  extrinsicsOf,
  intrinsicsOf,
  toPose2,
  toPose3,
  type CameraColumns,
  type LabelColumns,
} from './groundTruth';
import { blobF64, blobU8, poseBlob, u8Blob } from '../db/blobs';
import type { IndexDb } from '../db/openIndex';
import { joints3dSql, unsharePose } from './sharedPose';

/** A labelled person as editing sees them: camera space, with what converting back needs. */
export interface StoredPerson {
  readonly instanceId: number;
  readonly imageId: number;
  readonly datasetId: number;
  readonly joints: PersonJoints;
  /** The space joints_3d is stored in: world labels go back through the camera's inverse. */
  readonly space: 'world' | 'camera' | null;
  readonly extrinsics: Extrinsics | null;
  readonly intrinsics: Intrinsics | null;
  /** joints_3d exactly as stored (world or camera space), for writing unmoved joints back. */
  readonly stored3d: Pose3D | null;
  /** Whether the index stores 2D joints for this person (not only derives them from 3D). */
  readonly stores2d: boolean;
  /** Created in PoseScope (the dataset's files do not hold this person). */
  readonly added: boolean;
  /** Raised by every write of the person's labels. */
  readonly version: number;
}

interface Row extends CameraColumns, LabelColumns {
  image_id: number;
  dataset_id: number;
  removed: number;
  added: number;
  version: number;
}

/** Reads one labelled person into camera space; throws naming the person when it is not there. */
export function readPerson(db: IndexDb, datasetId: number, instanceId: number): StoredPerson {
  const r = db
    .prepare(
      `SELECT i.image_id, im.dataset_id, i.space, ${joints3dSql('i')} AS joints_3d, i.joints_2d, i.vis,
         i.bbox_x, i.bbox_y, i.bbox_w, i.bbox_h, i.removed, i.added, i.version,
         c.fx, c.fy, c.cx, c.cy, c.rotation, c.translation, c.distortion
       FROM instances i JOIN images im ON im.id = i.image_id
       LEFT JOIN cameras c ON c.id = im.camera_id
       WHERE i.id = ?`,
    )
    .get(instanceId) as Row | undefined;
  if (!r || r.dataset_id !== datasetId) throw new Error(`no person ${instanceId} in this dataset`);
  const intrinsics = intrinsicsOf(r) ?? null;
  const extrinsics = extrinsicsOf(r) ?? null;
  const j3 = blobF64(r.joints_3d);
  const stored3d: Pose3D | null = j3 ? toPose3(j3) : null;
  let joints3d = stored3d;
  if (joints3d && r.space === 'world') {
    if (!extrinsics)
      throw new Error(`person ${instanceId} has world-space joints but its image has no camera`);
    joints3d = posesWorldToCamera(joints3d, extrinsics);
  }
  const j2 = blobF64(r.joints_2d);
  const joints2d: Pose2D | null = j2
    ? toPose2(j2)
    : joints3d && intrinsics
      ? joints3d.map((p) => cameraToPixel(p, intrinsics))
      : null;
  const vis = blobU8(r.vis);
  const bbox = bboxOf(r) ?? null;
  return {
    instanceId,
    imageId: r.image_id,
    datasetId: r.dataset_id,
    joints: { joints3d, joints2d, vis: vis ? Array.from(vis) : null, bbox, present: !r.removed },
    space: r.space,
    extrinsics,
    intrinsics,
    stored3d,
    // A person added here has no 2D yet before their first edit; only formats that store 2D
    // take new people.
    stores2d: j2 !== undefined || r.added === 1,
    added: r.added === 1,
    version: r.version,
  };
}

const flat = (pose: readonly (readonly number[])[]): Float64Array =>
  Float64Array.from(pose.flatMap((p) => [...p]));

/**
 * Writes a person's joints back in the space the index keeps them in. 2D joints that the index
 * derives from 3D (Human3.6M) are not stored; where both are stored (MuPoTS-3D's keypoints_img
 * beside keypoints_cam) the caller keeps them consistent.
 */
export function writePerson(db: IndexDb, person: StoredPerson, joints: PersonJoints): void {
  let j3 = joints.joints3d;
  if (j3 && person.space === 'world') {
    // Only changed joints go through the inverse transform: the others keep the stored world
    // values exactly, and a joint put back where the file had it (an undo) gets the file's own
    // numbers back instead of a camera round trip's rounding.
    const original = blobF64(
      (
        db
          .prepare('SELECT joints_3d AS b FROM instance_originals WHERE instance_id = ?')
          .get(person.instanceId) as { b: Buffer | null } | undefined
      )?.b,
    );
    const world = person.stored3d;
    const file = original ? toPose3(original) : null;
    const before = person.joints.joints3d;
    const cam = person.extrinsics!;
    const moved = posesCameraToWorld(j3, cam);
    j3 = moved.map((p, k) => {
      const now = j3![k];
      if (world?.[k] && before && sameJoint(before[k], now)) return world[k];
      const f = file?.[k];
      if (f && now && closeJoint(worldToCamera(f, cam), now)) return f;
      return p;
    });
  }
  unsharePose(db, person.instanceId);
  db.prepare(
    'UPDATE instances SET joints_3d = ?, joints_2d = ?, edited = 1, version = version + 1 WHERE id = ?',
  ).run(
    j3 ? poseBlob(flat(j3), 3) : null,
    person.stores2d && joints.joints2d ? poseBlob(flat(joints.joints2d), 2) : null,
    person.instanceId,
  );
  if (joints.vis !== undefined)
    db.prepare('UPDATE instances SET vis = ? WHERE id = ?').run(
      joints.vis ? u8Blob(Uint8Array.from(joints.vis)) : null,
      person.instanceId,
    );
  if (joints.bbox !== undefined) {
    const [x, y, w, h] = joints.bbox ?? [null, null, null, null];
    db.prepare(
      'UPDATE instances SET bbox_x = ?, bbox_y = ?, bbox_w = ?, bbox_h = ? WHERE id = ?',
    ).run(x, y, w, h, person.instanceId);
  }
  if (joints.present !== undefined && joints.present !== person.joints.present) {
    db.prepare('UPDATE instances SET removed = ? WHERE id = ?').run(
      joints.present ? 0 : 1,
      person.instanceId,
    );
    // images.people is what the grid counts and filters on: it follows at once.
    db.prepare(
      'UPDATE images SET people = (SELECT count(*) FROM instances WHERE image_id = @id AND removed = 0) WHERE id = @id',
    ).run({ id: person.imageId });
  }
}

/** Within a micrometre: what a camera round trip of the same point gives. */
const closeJoint = (a: readonly number[], b: readonly number[]): boolean =>
  a.every((v, i) => Math.abs(v - b[i]!) <= 1e-6);

const sameJoint = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean =>
  !!a && !!b && a.every((v, i) => v === b[i] || (Number.isNaN(v) && Number.isNaN(b[i]!)));

/** Keeps a person's labels as the files gave them, once: at their first correction. */
export const saveOriginal = (db: IndexDb, instanceId: number) =>
  db
    .prepare(
      `INSERT OR IGNORE INTO instance_originals (instance_id, joints_3d, joints_2d, vis)
       SELECT i.id, ${joints3dSql('i')}, i.joints_2d, i.vis FROM instances i WHERE i.id = ?`,
    )
    .run(instanceId);

/**
 * Human3.6M keeps one world pose per frame in every camera's image of it: after a correction in
 * one view, the same person in the frame's other views takes the same world joints (their
 * originals kept first), so every view shows the corrected label, not only the one edited.
 * Returns the other views' images it wrote, whose scores change with them.
 */
export function syncViews(db: IndexDb, instanceId: number): number[] {
  const siblings = db
    .prepare(
      `SELECT s.id, s.image_id FROM instances me
       JOIN images mi ON mi.id = me.image_id
       JOIN images si ON si.dataset_id = mi.dataset_id AND si.sequence = mi.sequence
         AND si.frame = mi.frame AND si.id != mi.id
       JOIN instances s ON s.image_id = si.id AND s.person = me.person AND s.space = 'world'
       WHERE me.id = ? AND me.space = 'world'`,
    )
    .all(instanceId) as { id: number; image_id: number }[];
  const copy = db.prepare(
    `UPDATE instances SET joints_3d = (SELECT ${joints3dSql('f')} FROM instances f WHERE f.id = @from),
       edited = (SELECT edited FROM instances WHERE id = @from), version = version + 1
     WHERE id = @to`,
  );
  for (const s of siblings) {
    saveOriginal(db, s.id);
    unsharePose(db, s.id);
    copy.run({ from: instanceId, to: s.id });
  }
  return siblings.map((s) => s.image_id);
}
