import { applyEdit, CHANNEL_NAMES, editConflicts, invertEdit, type EditConflict } from '../../core';
import type { IndexDb } from '../store/openIndex';
import { commitEdit } from './editLog';
import { patchRecord, type CorrectionsPatch, type PatchDataset, type PatchEdit } from './patch';
import { createBlankPerson, nextPersonId, personIdTaken } from './personPresence';
import { readPerson } from './personStore';
import { rolledBack } from './rolledBack';

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
}

/** A logged edit's values (JSON) and a patch entry's, compared as values, not as text. */
const sameValues = (logged: string, v: PatchEdit['before']) => {
  const l = JSON.parse(logged) as PatchEdit['before'];
  const all = (x: PatchEdit['before']) => JSON.stringify(CHANNEL_NAMES.map((c) => x[c] ?? null));
  return all(l) === all(v);
};

const addsPerson = (e: PatchEdit) => e.after.present?.[0]?.[1]?.[0] === 1;

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
  const report: ApplyReport = { applied: [], skipped: [], conflicts: [], dryRun: !!o.dryRun };
  const find = db.prepare(
    `SELECT i.id FROM instances i JOIN images im ON im.id = i.image_id
     WHERE im.dataset_id = ? AND im.source_id = ? AND i.source_id = ?`,
  );
  const imageOf = db.prepare('SELECT id FROM images WHERE dataset_id = ? AND source_id = ?');
  const logged = db.prepare(
    `SELECT before, after FROM edits WHERE instance_id = ? AND state = 'applied' AND tool = ?
       AND joint IS ? AND annotator = ?`,
  );
  const inLog = (id: number, e: PatchEdit) =>
    (logged.all(id, e.tool, e.joint, e.annotator) as { before: string; after: string }[]).some(
      (r) => sameValues(r.before, e.before) && sameValues(r.after, e.after),
    );
  /** People the patch adds that got another id here, by the patch's image and person ids. */
  const renamed = new Map<string, string>();
  const key = (e: PatchEdit) => JSON.stringify([e.image, e.person]);
  /** The person an entry names here; a person the patch adds is created (deleted) first. */
  const personFor = (e: PatchEdit): { id: number; renamed?: string } | string => {
    const name = renamed.get(key(e)) ?? e.person;
    const id = find.pluck().get(ds.id, e.image, name) as number | undefined;
    if (id !== undefined) return { id, ...(name === e.person ? {} : { renamed: name }) };
    if (!addsPerson(e)) return 'no such person in this dataset';
    const imageId = imageOf.pluck().get(ds.id, e.image) as number | undefined;
    if (imageId === undefined) return `no image ${e.image} in this dataset`;
    const fresh = personIdTaken(db, ds.id, e.person) ? nextPersonId(db, ds.id) : e.person;
    if (fresh !== e.person) renamed.set(key(e), fresh);
    const created = createBlankPerson(db, ds, imageId, fresh);
    return { id: created, ...(fresh === e.person ? {} : { renamed: fresh }) };
  };
  const run = () =>
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
