import type { EditTool } from '../../../core';
import type { IndexDb } from '../db/openIndex';

/** Where an edit of the log stands: in the labels, undone (redoable), or dropped from redo. */
export type EditState = 'applied' | 'undone' | 'discarded';

/** An edit log row as undo and redo read it; `before` and `after` are JSON. */
export interface EditRow {
  id: number;
  instance_id: number;
  joint: number | null;
  tool: EditTool;
  before: string;
  after: string;
}

/** A new edit log row; `before` and `after` are JSON. */
export interface NewEdit {
  readonly datasetId: number;
  readonly imageId: number;
  readonly instanceId: number;
  readonly joint: number | null;
  readonly tool: EditTool;
  readonly before: string;
  readonly after: string;
  readonly annotator: string;
  readonly at: string;
}

/** Drops what could still be redone: a new edit forks the history. */
export function discardUndone(db: IndexDb, datasetId: number): void {
  db.prepare("UPDATE edits SET state = 'discarded' WHERE dataset_id = ? AND state = 'undone'").run(
    datasetId,
  );
}

/** Logs one edit as applied; its id. */
export function insertEdit(db: IndexDb, e: NewEdit): number {
  const id = db
    .prepare(
      `INSERT INTO edits (dataset_id, image_id, instance_id, joint, tool, before, after, annotator, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.datasetId,
      e.imageId,
      e.instanceId,
      e.joint,
      e.tool,
      e.before,
      e.after,
      e.annotator,
      e.at,
    ).lastInsertRowid;
  return Number(id);
}

/** The edit undo steps over (the latest applied) or redo does (the earliest undone). */
export function editToStep(db: IndexDb, datasetId: number, undo: boolean): EditRow | undefined {
  return db
    .prepare(
      `SELECT * FROM edits WHERE dataset_id = ? AND state = ? ORDER BY id ${undo ? 'DESC' : 'ASC'} LIMIT 1`,
    )
    .get(datasetId, undo ? 'applied' : 'undone') as EditRow | undefined;
}

/** Sets one edit's state. */
export function setEditState(db: IndexDb, editId: number, state: EditState): void {
  db.prepare('UPDATE edits SET state = ? WHERE id = ?').run(state, editId);
}

/** A person counts as edited while any edit of theirs is applied (undoing all clears it). */
export const markEdited = (db: IndexDb, instanceId: number) =>
  db
    .prepare(
      `UPDATE instances SET edited = EXISTS (
         SELECT 1 FROM edits WHERE instance_id = @id AND state = 'applied') WHERE id = @id`,
    )
    .run({ id: instanceId });

/** How many of the dataset's edits are in each state but discarded. */
export function editStateCounts(db: IndexDb, datasetId: number): { state: string; n: number }[] {
  return db
    .prepare(
      "SELECT state, count(*) AS n FROM edits WHERE dataset_id = ? AND state != 'discarded' GROUP BY state",
    )
    .all(datasetId) as { state: string; n: number }[];
}

/** How many of the dataset's edits are applied. */
export function appliedEditCount(db: IndexDb, datasetId: number): number {
  return db
    .prepare("SELECT count(*) FROM edits WHERE dataset_id = ? AND state = 'applied'")
    .pluck()
    .get(datasetId) as number;
}
