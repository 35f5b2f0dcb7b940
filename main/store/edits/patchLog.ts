import type { EditTool } from '../../../core';
import type { IndexDb } from '../db/openIndex';

/** An applied edit keyed by the dataset's own ids, as a patch carries it; `before`, `after` JSON. */
export interface AppliedEditRow {
  image: string;
  person: string;
  tool: EditTool;
  joint: number | null;
  before: string;
  after: string;
  annotator: string;
  at: string;
}

/** Every applied edit of the dataset's log, in the order made. */
export function appliedEdits(db: IndexDb, datasetId: number): AppliedEditRow[] {
  return db
    .prepare(
      `SELECT im.source_id AS image, i.source_id AS person, e.tool, e.joint, e.before, e.after,
         e.annotator, e.at
       FROM edits e JOIN instances i ON i.id = e.instance_id JOIN images im ON im.id = e.image_id
       WHERE e.dataset_id = ? AND e.state = 'applied' ORDER BY e.id`,
    )
    .all(datasetId) as AppliedEditRow[];
}

/** A person an add-person edit created, with that edit's values (JSON). */
export interface AddedPersonRow {
  id: number;
  source_id: string;
  before: string;
  after: string;
}

/** The log look-ups applying a patch makes per entry, prepared once. */
export function patchLogStatements(db: IndexDb) {
  const logged = db.prepare(
    `SELECT before, after FROM edits WHERE instance_id = ? AND state = 'applied' AND tool = ?
       AND joint IS ? AND annotator = ?`,
  );
  const addedIn = db.prepare(
    `SELECT i.id, i.source_id, e.before, e.after FROM edits e
     JOIN instances i ON i.id = e.instance_id JOIN images im ON im.id = e.image_id
     WHERE e.dataset_id = ? AND im.source_id = ? AND e.tool = 'add-person' AND e.state = 'applied'
       AND e.annotator = ? ORDER BY e.id`,
  );
  return {
    /** The values (JSON) of the person's applied edits with this tool, joint and annotator. */
    logged: (instanceId: number, tool: EditTool, joint: number | null, annotator: string) =>
      logged.all(instanceId, tool, joint, annotator) as { before: string; after: string }[],
    /** People an add applied in this image before, by this annotator (the log keeps it applied). */
    addedIn: (datasetId: number, image: string, annotator: string) =>
      addedIn.all(datasetId, image, annotator) as AddedPersonRow[],
  };
}
