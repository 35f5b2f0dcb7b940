import {
  applyEdit,
  cameraToPixel,
  editConflicts,
  invertEdit,
  isNoOpEdit,
  recordEdit,
  type EditRecord,
  type EditTool,
  type PersonJoints,
} from '../../core';
import type { IndexDb } from '../store/db/openIndex';
import {
  discardUndone,
  editStateCounts,
  editsToStep,
  insertEdit,
  markEdited,
  setEditBatch,
  setEditState,
  type EditRow,
} from '../store/edits/editLog';
import {
  readPerson,
  saveOriginal,
  syncViews,
  writePerson,
  type StoredPerson,
} from '../store/labels/personStore';

export interface EditRequest {
  readonly instanceId: number;
  readonly tool: EditTool;
  readonly joint: number | null;
  /** The person's new joints (camera space mm, pixels; NaN missing); a channel left out stays. */
  readonly joints3d?: PersonJoints['joints3d'];
  readonly joints2d?: PersonJoints['joints2d'];
  /** Visibility per joint (0 absent, 1 occluded, 2 visible); left out, unchanged. */
  readonly vis?: PersonJoints['vis'];
  /** The box [x, y, w, h] in pixels, or null for none; left out, unchanged. */
  readonly bbox?: PersonJoints['bbox'];
  /** Adds (true) or deletes (false) the person; left out, unchanged (personPresence.ts). */
  readonly present?: boolean;
  /**
   * The person's version the edit was made from: when the person has changed since (another
   * window, another annotator), the edit is refused rather than written over that change.
   */
  readonly version?: number;
}

/** An edit made from a stale view of its person: refused, nothing written. */
export class EditConflictError extends Error {
  override readonly name = 'EditConflictError';
}

export interface EditResult {
  /** The edit log row, or null when the request changed nothing. */
  readonly editId: number | null;
  readonly imageId: number;
  readonly instanceId: number;
  /** The images whose labels the edit changed (the person's, and a Human3.6M frame's other views). */
  readonly images: readonly number[];
}

/**
 * Where the index stores 2D beside 3D (MuPoTS-3D's keypoints_img), the 2D of every joint whose
 * 3D moved follows its projection, so the two stay one consistent label.
 */
function keepConsistent(person: StoredPerson, after: PersonJoints): PersonJoints {
  const before = person.joints.joints3d;
  const intr = person.intrinsics;
  if (!person.stores2d || !before || !after.joints3d || !after.joints2d || !intr) return after;
  const joints2d = after.joints2d.map((uv, j) => {
    const a = after.joints3d![j]!;
    const b = before[j]!;
    const moved = a.some((v, k) => v !== b[k] && !(Number.isNaN(v) && Number.isNaN(b[k]!)));
    return moved && a.every(Number.isFinite) && a[2] > 0 ? cameraToPixel(a, intr) : uv;
  });
  return { ...after, joints2d };
}

/**
 * A 2D set's unlabelled joint (visibility 0) reaches the UI as absent, not as the file's
 * placeholder coordinates (COCO's 0, 0); sent back untouched and still unlabelled, it keeps the
 * placeholder, so an edit of one joint never records the others as changed.
 */
function keepPlaceholders(person: StoredPerson, after: PersonJoints): PersonJoints {
  const b2 = person.joints.joints2d;
  const bv = person.joints.vis;
  const av = after.vis ?? bv;
  if (!b2 || !bv || !after.joints2d) return after;
  const joints2d = after.joints2d.map((uv, j) =>
    bv[j] === 0 && (av?.[j] ?? 0) === 0 && !uv.every(Number.isFinite) ? b2[j]! : uv,
  );
  return { ...after, joints2d };
}

/** Writes one correction and logs it, inside the caller's transaction. */
function applyEdit1(
  db: IndexDb,
  datasetId: number,
  req: EditRequest,
  annotator: string,
  batch: number | null,
): { id: number | null; imageId: number; images: number[] } {
  const person = readPerson(db, datasetId, req.instanceId);
  if (req.version !== undefined && req.version !== person.version)
    throw new EditConflictError(
      `person ${req.instanceId} was changed by someone else since this view was loaded: reload the frame and make the correction again (nothing was saved)`,
    );
  if (person.joints.present === false && req.present === undefined)
    throw new Error(
      `person ${req.instanceId} was deleted: undo the deletion before correcting them`,
    );
  const after = keepPlaceholders(
    person,
    keepConsistent(person, {
      joints3d: req.joints3d === undefined ? person.joints.joints3d : req.joints3d,
      joints2d: req.joints2d === undefined ? person.joints.joints2d : req.joints2d,
      ...(req.vis === undefined ? {} : { vis: req.vis }),
      ...(req.bbox === undefined ? {} : { bbox: req.bbox }),
      ...(req.present === undefined ? {} : { present: req.present }),
    }),
  );
  const record = recordEdit(req.instanceId, req.tool, req.joint, person.joints, after);
  if (isNoOpEdit(record)) return { id: null, imageId: person.imageId, images: [] };
  saveOriginal(db, req.instanceId);
  writePerson(db, person, after);
  const views = syncViews(db, req.instanceId);
  discardUndone(db, datasetId);
  const id = insertEdit(db, {
    datasetId,
    imageId: person.imageId,
    instanceId: req.instanceId,
    joint: req.joint,
    tool: req.tool,
    before: JSON.stringify(record.before),
    after: JSON.stringify(record.after),
    annotator,
    at: new Date().toISOString(),
    batch,
  });
  return { id, imageId: person.imageId, images: [person.imageId, ...views] };
}

/**
 * Applies one correction: writes the person, saves their original labels at the first edit, and
 * logs the edit (annotator, time, tool, joint, before, after) in the same transaction, so a
 * crash loses at most the edit being made. A new edit discards what could still be redone.
 */
export function commitEdit(
  db: IndexDb,
  datasetId: number,
  req: EditRequest,
  annotator: string,
): EditResult {
  return db.transaction((): EditResult => {
    const r = applyEdit1(db, datasetId, req, annotator, null);
    return { editId: r.id, imageId: r.imageId, instanceId: req.instanceId, images: r.images };
  })();
}

/**
 * Applies several people's corrections as one step (all or none; undone and redone together):
 * one world joint written into each view that stores its own labels. The result names the first
 * request's person; its images are every image written.
 */
export function commitEditBatch(
  db: IndexDb,
  datasetId: number,
  reqs: readonly EditRequest[],
  annotator: string,
): EditResult {
  const [first] = reqs;
  if (!first) throw new Error('an edit batch needs at least one correction');
  return db.transaction((): EditResult => {
    let batch: number | null = null;
    let editId: number | null = null;
    let imageId: number | null = null;
    const images = new Set<number>();
    for (const req of reqs) {
      const r = applyEdit1(db, datasetId, req, annotator, batch);
      imageId ??= r.imageId;
      if (r.id !== null && batch === null) {
        // The batch is named by its first edit, which is given its own id once written.
        batch = editId = r.id;
        setEditBatch(db, r.id, batch);
      }
      for (const i of r.images) images.add(i);
    }
    return { editId, imageId: imageId!, instanceId: first.instanceId, images: [...images] };
  })();
}

const toRecord = (r: EditRow): EditRecord => ({
  instanceId: r.instance_id,
  joint: r.joint,
  tool: r.tool,
  before: JSON.parse(r.before) as EditRecord['before'],
  after: JSON.parse(r.after) as EditRecord['after'],
});

/**
 * How far (mm, px) a label read back may be from what an edit wrote and still be that edit's:
 * world labels come back through the camera with rounding in the last bits.
 */
const STORED_TOLERANCE = 1e-6;

/** Writes `edit`'s after-values over the person, refusing if they no longer hold its before. */
function replay(db: IndexDb, datasetId: number, edit: EditRecord, what: string): StoredPerson {
  const person = readPerson(db, datasetId, edit.instanceId);
  const conflicts = editConflicts(person.joints, edit, STORED_TOLERANCE);
  if (conflicts.length > 0)
    throw new Error(
      `cannot ${what} edit of person ${edit.instanceId}: ${conflicts.length} joint(s) changed since (${conflicts
        .map((c) => `${c.channel}${c.joint === null ? '' : `[${c.joint}]`}`)
        .join(', ')})`,
    );
  writePerson(db, person, applyEdit(person.joints, edit));
  return person;
}

/**
 * Steps over one edit of the dataset's log, backwards (undo: the latest applied edit, inverted)
 * or forwards (redo: the earliest undone one, the one undone last). Null when there is none.
 */
function step(db: IndexDb, datasetId: number, undo: boolean): EditResult | null {
  return db.transaction((): EditResult | null => {
    const rows = editsToStep(db, datasetId, undo);
    if (rows.length === 0) return null;
    const images = new Set<number>();
    let first: { id: number; imageId: number; instanceId: number } | null = null;
    for (const row of rows) {
      const record = toRecord(row);
      const person = undo
        ? replay(db, datasetId, invertEdit(record), 'undo the')
        : replay(db, datasetId, record, 'redo the');
      setEditState(db, row.id, undo ? 'undone' : 'applied');
      markEdited(db, row.instance_id);
      images.add(person.imageId);
      for (const v of syncViews(db, row.instance_id)) images.add(v);
      // A batch is named by its earliest edit, whichever way it is stepped over.
      if (!first || row.id < first.id)
        first = { id: row.id, imageId: person.imageId, instanceId: row.instance_id };
    }
    return {
      editId: first!.id,
      imageId: first!.imageId,
      instanceId: first!.instanceId,
      images: [first!.imageId, ...[...images].filter((i) => i !== first!.imageId)],
    };
  })();
}

/**
 * Undoes the latest applied edit of the dataset (any person, any panel): unlimited, since every
 * edit stays in the log. Null when there is nothing to undo.
 */
export const undoEdit = (db: IndexDb, datasetId: number): EditResult | null =>
  step(db, datasetId, true);

/** Redoes the earliest undone edit (the one undone last). Null when there is nothing to redo. */
export const redoEdit = (db: IndexDb, datasetId: number): EditResult | null =>
  step(db, datasetId, false);

/** How many edits can be undone and redone now. */
export function editCounts(db: IndexDb, datasetId: number): { undo: number; redo: number } {
  const rows = editStateCounts(db, datasetId);
  return {
    undo: rows.find((r) => r.state === 'applied')?.n ?? 0,
    redo: rows.find((r) => r.state === 'undone')?.n ?? 0,
  };
}
