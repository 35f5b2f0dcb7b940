import type { IndexDb } from '../db/openIndex';
import { UnitWriter } from './unitWriter';

/**
 * Images in the first committed chunk of a new unit (a screenful of thumbnails and more), then
 * per later chunk: few enough commits that they cost little.
 */
export const CHUNKS = { first: 1000, next: 25_000 };

/**
 * Writes a unit that was never indexed, committing every chunk of images so the app can list
 * them while the rest is read. Nothing of the unit was in the index before, so a failure
 * midway loses nothing by dropping the chunks already committed.
 */
export function indexNewUnit(
  db: IndexDb,
  read: (writer: UnitWriter) => void,
  finishUnit: (writer: UnitWriter) => void,
  o: {
    datasetId: number;
    unit: string;
    chunks: { readonly first: number; readonly next: number };
    onCommitted?: () => void;
    dropUnit: (unit: string) => void;
  },
): void {
  let next = o.chunks.first;
  const writer = new UnitWriter(db, o.datasetId, o.unit, (written) => {
    if (written < next) return;
    next = written + o.chunks.next;
    writer.countPeople();
    db.exec('COMMIT');
    o.onCommitted?.();
    db.exec('BEGIN');
  });
  db.exec('BEGIN');
  try {
    read(writer);
    finishUnit(writer);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    o.dropUnit(o.unit);
    throw err;
  }
}
