import {
  applyEdit,
  CHANNEL_NAMES,
  editConflicts,
  invertEdit,
  type EditConflict,
  type EditRecord,
} from '../../core';
import type { IndexDb } from '../store/db/openIndex';
import { commitEdit } from './editLog';
import {
  addsPerson,
  patchRecord,
  type CorrectionsPatch,
  type PatchDataset,
  type PatchEdit,
} from './patch';
import { createBlankPerson, nextPersonId } from './personPresence';
import { readPerson } from '../store/labels/personStore';
import { deletePersonRow, personIdTaken, sourceIdLookups } from '../store/labels/personRows';
import { patchLogStatements } from '../store/edits/patchLog';
import { rolledBack } from '../store/db/rolledBack';
import { setReviewBySource } from '../store/edits/review';

/** Where an entry of the patch went, by its position in the patch. */
export interface EntryOutcome {
  readonly entry: number;
  readonly image: string;
  readonly person: string;
}

export interface ApplyReport {
  /**
   * `renamed`: a person the patch adds got another annotation id here, because this dataset
   * already uses the patch's for someone else (later entries for that person follow).
   */
  readonly applied: (EntryOutcome & { readonly editId: number; readonly renamed?: string })[];
  /** Entries that changed nothing: the person already holds the entry's `after`, or it is empty. */
  readonly skipped: (EntryOutcome & { readonly reason: string })[];
  /** Entries written nowhere: the person is not in this dataset, or no longer holds `before`. */
  readonly conflicts: (EntryOutcome & {
    readonly reason: string;
    readonly joints: readonly EditConflict[];
  })[];
  readonly dryRun: boolean;
  /** Frames whose review status the patch set here, and its images this dataset lacks. */
  readonly reviews: { applied: number; unknownImages: string[] };
}

/** A logged edit's values (JSON) and a patch entry's, compared as values, not as text. */
const sameValues = (logged: string, v: PatchEdit['before']) => {
  const l = JSON.parse(logged) as PatchEdit['before'];
  const all = (x: PatchEdit['before']) => JSON.stringify(CHANNEL_NAMES.map((c) => x[c] ?? null));
  return all(l) === all(v);
};

const describe = (c: readonly EditConflict[]) =>
  c.map((x) => `${x.channel}${x.joint === null ? '' : `[${x.joint}]`}`).join(', ');

/**
 * Applies a corrections patch in order, each entry through commitEdit, so it lands in the edit
 * log under the patch's annotator. An entry applies only where the person still holds its
 * `before` (core's editConflicts): otherwise someone changed those joints since and the entry is
 * reported, not written. Entries already applied (the same edit by the same annotator in the
 * log, or the person already holding its `after`) are skipped, so applying a patch twice is
 * harmless. One transaction; with `dryRun` it is rolled back after the same checks.
 */
export function applyPatch(
  db: IndexDb,
  ds: PatchDataset,
  patch: CorrectionsPatch,
  o: { dryRun?: boolean } = {},
): ApplyReport {
  if (patch.format !== ds.format || patch.skeleton !== ds.skeleton)
    throw new Error(
      `the patch is for a ${patch.format} dataset (${patch.skeleton}); ${ds.root} is ${ds.format} (${ds.skeleton})`,
    );
  const report: ApplyReport = {
    applied: [],
    skipped: [],
    conflicts: [],
    dryRun: !!o.dryRun,
    reviews: { applied: 0, unknownImages: [] },
  };
  const lookup = sourceIdLookups(db);
  const log = patchLogStatements(db);
  const inLog = (id: number, e: PatchEdit) =>
    log
      .logged(id, e.tool, e.joint, e.annotator)
      .some((r) => sameValues(r.before, e.before) && sameValues(r.after, e.after));
  /** Whether the person holds what the edit expects to find (its `before`). */
  const fits = (id: number, edit: EditRecord) =>
    editConflicts(readPerson(db, ds.id, id).joints, edit).length === 0;
  /** People the patch adds that have another id here, by the patch's image and person ids. */
  const renamed = new Map<string, string>();
  const key = (e: PatchEdit) => JSON.stringify([e.image, e.person]);
  type Found = { id: number; renamed?: string; created?: boolean };
  const as = (e: PatchEdit, id: number, source: string, created = false): Found => {
    if (source !== e.person) renamed.set(key(e), source);
    return {
      id,
      ...(source === e.person ? {} : { renamed: source }),
      ...(created ? { created } : {}),
    };
  };
  /**
   * The person an entry names here. An add goes to the person of its id while they are still to
   * be added; to a person it already added here under any id (a patch applied before); else to
   * a new person, under the patch's id where that is free in this dataset, or the next free one.
   */
  const personFor = (e: PatchEdit): Found | string => {
    const name = renamed.get(key(e)) ?? e.person;
    const id = lookup.person(ds.id, e.image, name);
    if (!addsPerson(e))
      return id === undefined ? 'no such person in this dataset' : as(e, id, name);
    if (id !== undefined && fits(id, patchRecord(e, id))) return as(e, id, name);
    const earlier = log.addedIn(ds.id, e.image, e.annotator);
    for (const r of earlier)
      if (sameValues(r.before, e.before) && sameValues(r.after, e.after))
        return as(e, r.id, r.source_id);
    const imageId = lookup.image(ds.id, e.image);
    if (imageId === undefined) return `no image ${e.image} in this dataset`;
    const free = id === undefined && !personIdTaken(db, ds.id, e.person);
    const source = free ? e.person : nextPersonId(db, ds.id);
    return as(e, createBlankPerson(db, ds, imageId, source), source, true);
  };
  const run = () => {
    applyEdits();
    // A review is a frame's state, not an edit: the patch's (who and when included) is set.
    for (const r of patch.reviews ?? []) {
      if (lookup.image(ds.id, r.image) === undefined) report.reviews.unknownImages.push(r.image);
      else report.reviews.applied += setReviewBySource(db, ds.id, r);
    }
  };
  const applyEdits = () =>
    patch.edits.forEach((e, entry) => {
      const at = { entry, image: e.image, person: e.person };
      const found = personFor(e);
      if (typeof found === 'string') {
        report.conflicts.push({ ...at, reason: found, joints: [] });
        return;
      }
      const { id } = found;
      const record = patchRecord(e, id);
      const current = readPerson(db, ds.id, id).joints;
      if (inLog(id, e) || editConflicts(current, invertEdit(record)).length === 0) {
        report.skipped.push({ ...at, reason: 'already applied' });
        return;
      }
      if (current.present === false && e.after.present === undefined) {
        report.conflicts.push({ ...at, reason: 'the person was deleted', joints: [] });
        return;
      }
      const conflicts = editConflicts(current, record);
      if (conflicts.length > 0) {
        // A person created for this entry alone goes again: nothing names them.
        if (found.created) {
          deletePersonRow(db, id);
          renamed.delete(key(e));
        }
        report.conflicts.push({
          ...at,
          reason: `changed since the patch was made: ${describe(conflicts)}`,
          joints: conflicts,
        });
        return;
      }
      const after = applyEdit(current, record);
      const r = commitEdit(
        db,
        ds.id,
        { instanceId: id, tool: e.tool, joint: e.joint, ...after },
        e.annotator,
      );
      if (r.editId === null) report.skipped.push({ ...at, reason: 'changes nothing' });
      else
        report.applied.push({
          ...at,
          editId: r.editId,
          ...(found.renamed ? { renamed: found.renamed } : {}),
        });
    });
  if (o.dryRun) rolledBack(db, run);
  else db.transaction(run)();
  return report;
}
