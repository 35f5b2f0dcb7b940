import { cannotAddPeople } from '../../contract';
import { getSkeleton, projectPose, type PersonJoints } from '../../core';
import type { DatasetFormat } from '../datasets/records';
import type { IndexDb } from '../store/db/openIndex';
import { commitEdit, type EditResult } from './editLog';
import { readPerson } from '../store/labels/personStore';
import {
  datasetImage,
  insertBlankPerson,
  largestPersonId,
  nextPersonIndex,
  personIdTaken,
  type ImageRawRow,
} from '../store/labels/personRows';

/** What adding a person needs to know of the dataset. */
export interface PresenceDataset {
  readonly id: number;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

export interface AddPersonRequest {
  readonly imageId: number;
  /** Camera space mm (required where the dataset labels 3D), NaN for a missing joint. */
  readonly joints3d?: PersonJoints['joints3d'];
  /** Pixels; projected from 3D when left out. */
  readonly joints2d?: PersonJoints['joints2d'];
  /** Per joint 0 absent, 1 occluded, 2 visible; 2 for every placed joint when left out. */
  readonly vis?: PersonJoints['vis'];
  /** [x, y, w, h]; the placed joints' extent when left out. */
  readonly bbox?: PersonJoints['bbox'];
}

/**
 * The next annotation id: one past the largest numeric id of the dataset (COCO and MuPoTS-3D
 * number annotations; ids must stay unique across the file, not only within an image).
 */
export function nextPersonId(db: IndexDb, datasetId: number): string {
  return String(largestPersonId(db, datasetId) + 1);
}

/** The annotation record a new person is exported from: the format's own fields, ids typed as the image's. */
function newAnnotation(
  format: DatasetFormat,
  sourceId: string,
  image: ImageRawRow,
  joints: number,
) {
  const imageId = (JSON.parse(image.raw) as { id: unknown }).id;
  const id = /^\d+$/.test(sourceId) ? Number(sourceId) : sourceId;
  const common = { id, image_id: imageId, category_id: 1, iscrowd: 0 };
  return format === 'mupots'
    ? { ...common, keypoints_vis: new Array<boolean>(joints).fill(true), is_valid: 1 }
    : // No `area`: scoring then uses the box's, and export writes that (a 0 would make OKS 0).
      { ...common, num_keypoints: 0 };
}

/**
 * A person row with no labels, deleted from the start (removed = 1) and marked added: what an
 * add-person edit turns present. Also where a patch's add lands in another index.
 */
export function createBlankPerson(
  db: IndexDb,
  ds: PresenceDataset,
  imageId: number,
  sourceId: string,
): number {
  const why = cannotAddPeople(ds.format);
  if (why) throw new Error(`cannot add a person: ${why}`);
  const image = datasetImage(db, ds, imageId);
  if (!image) throw new Error(`cannot add a person: frame ${imageId} is not in this dataset`);
  if (personIdTaken(db, ds.id, sourceId))
    throw new Error(`cannot add a person: annotation id ${sourceId} is already taken`);
  const joints = getSkeleton(ds.skeleton).joints.length;
  return insertBlankPerson(db, {
    imageId,
    sourceId,
    person: nextPersonIndex(db, imageId),
    space: ds.format === 'mupots' ? 'camera' : null,
    raw: JSON.stringify(newAnnotation(ds.format, sourceId, image, joints)),
  });
}

const finite = (v: readonly number[]) => v.every(Number.isFinite);

/** The placed joints' extent, padded by a tenth of its size on every side. */
function extentOf(joints2d: PersonJoints['joints2d']): [number, number, number, number] | null {
  const pts = (joints2d ?? []).filter(finite);
  if (pts.length === 0) return null;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [px, py] = [(x1 - x0) * 0.1, (y1 - y0) * 0.1];
  return [x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py];
}

/**
 * Adds a person to a frame as one logged edit (undo deletes them again, the row and its log
 * kept). Checks the joints against the skeleton: a wrong count is refused with what was given.
 */
export function addPerson(
  db: IndexDb,
  ds: PresenceDataset,
  req: AddPersonRequest,
  annotator: string,
): EditResult {
  const skeleton = getSkeleton(ds.skeleton);
  const n = skeleton.joints.length;
  const check = (what: string, v: readonly unknown[] | null | undefined) => {
    if (v && v.length !== n)
      throw new Error(
        `cannot add a person: ${what} has ${v.length} joints, ${skeleton.id} has ${n}`,
      );
  };
  check('joints3d', req.joints3d);
  check('joints2d', req.joints2d);
  check('visibility', req.vis);
  if (ds.format === 'mupots' && !req.joints3d)
    throw new Error('cannot add a person: a MuPoTS-3D person needs 3D joints (camera space mm)');
  return db.transaction((): EditResult => {
    const instanceId = createBlankPerson(db, ds, req.imageId, nextPersonId(db, ds.id));
    let joints2d = req.joints2d ?? null;
    if (!joints2d && req.joints3d) {
      const intr = readPerson(db, ds.id, instanceId).intrinsics;
      if (!intr) throw new Error(`cannot add a person: frame ${req.imageId} has no camera`);
      joints2d = projectPose(req.joints3d, intr);
    }
    if (!joints2d) throw new Error('cannot add a person without 2D or 3D joints');
    const vis = req.vis ?? joints2d.map((p) => (finite(p) ? 2 : 0));
    return commitEdit(
      db,
      ds.id,
      {
        instanceId,
        tool: 'add-person',
        joint: null,
        joints3d: req.joints3d ?? null,
        joints2d,
        vis,
        bbox: req.bbox ?? extentOf(joints2d),
        present: true,
      },
      annotator,
    );
  })();
}

/** Deletes a person from the labels as one logged edit; undo brings them back as they were. */
export const deletePerson = (
  db: IndexDb,
  datasetId: number,
  instanceId: number,
  annotator: string,
): EditResult =>
  commitEdit(
    db,
    datasetId,
    { instanceId, tool: 'delete-person', joint: null, present: false },
    annotator,
  );
