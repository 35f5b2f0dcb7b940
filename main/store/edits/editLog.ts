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
  batch: number | null;
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
  /** The batch the edit was written in with others (undone and redone together); null alone. */
  readonly batch?: number | null;
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
      `INSERT INTO edits (dataset_id, image_id, instance_id, joint, tool, before, after, annotator, at, batch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      e.batch ?? null,
    ).lastInsertRowid;
  return Number(id);
}

/**
 * The edits undo steps over (the latest applied, with the rest of its batch, newest first) or
 * redo does (the earliest undone, with its batch, oldest first). Empty when there is none.
 */
export function editsToStep(db: IndexDb, datasetId: number, undo: boolean): EditRow[] {
  const state = undo ? 'applied' : 'undone';
  const order = undo ? 'DESC' : 'ASC';
  const first = db
    .prepare(`SELECT * FROM edits WHERE dataset_id = ? AND state = ? ORDER BY id ${order} LIMIT 1`)
    .get(datasetId, state) as EditRow | undefined;
  if (!first) return [];
  if (first.batch === null) return [first];
  return db
    .prepare(
      `SELECT * FROM edits WHERE dataset_id = ? AND batch = ? AND state = ? ORDER BY id ${order}`,
    )
    .all(datasetId, first.batch, state) as EditRow[];
}

/** Puts a logged edit in a batch (a batch is named by its first edit). */
export function setEditBatch(db: IndexDb, editId: number, batch: number): void {
  db.prepare('UPDATE edits SET batch = ? WHERE id = ?').run(batch, editId);
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

/** How many undo steps of the dataset's edits are in each state but discarded. */
export function editStateCounts(db: IndexDb, datasetId: number): { state: string; n: number }[] {
  return db
    .prepare(
      // A batch is one step of undo: counted once.
      `SELECT state, count(DISTINCT coalesce(batch, -id)) AS n FROM edits
       WHERE dataset_id = ? AND state != 'discarded' GROUP BY state`,
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
