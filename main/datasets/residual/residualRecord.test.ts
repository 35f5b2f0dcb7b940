import { describe, expect, it } from 'vitest';
import { restoreRecord, sameJson, splitRecord, type RecordLayout } from './residualRecord';

interface Cols {
  readonly id: string;
  readonly box?: readonly number[];
  readonly crowd: boolean;
}

const layout: RecordLayout<Cols> = {
  order: ['id', 'category_id', 'iscrowd', 'bbox'],
  fields: {
    id: (c) => Number(c.id),
    iscrowd: (c) => (c.crowd ? 1 : 0),
    bbox: (c) => c.box && [...c.box],
  },
};
const cols: Cols = { id: '7', box: [1.5, 2, 30, 40.25], crowd: false };

/** What export writes back from a split record. */
function roundTrip(record: unknown, c: Cols = cols) {
  const split = splitRecord(layout, record, c);
  return split && JSON.stringify(restoreRecord(layout, split.residual, c));
}

describe('residual records', () => {
  it('keeps only what the columns cannot give, and puts the record back key for key', () => {
    const record = { id: 7, category_id: 1, iscrowd: 0, bbox: [1.5, 2, 30, 40.25] };
    expect(splitRecord(layout, record, cols)).toEqual({ residual: '{"category_id":1}' });
    expect(roundTrip(record)).toBe(JSON.stringify(record));
    const all = { id: 7, iscrowd: 0 };
    const noBox = { id: '7', crowd: false };
    expect(splitRecord(layout, all, noBox)).toEqual({ residual: null });
    expect(roundTrip(all, noBox)).toBe(JSON.stringify(all));
  });

  it('keeps a value the columns give differently, and unknown keys where they were', () => {
    // A box of more precision than the columns', and a string id, stay as read.
    const record = { note: 'a', id: '7', iscrowd: 0, bbox: [1.5, 2, 30, 40.3], x: [null] };
    expect(splitRecord(layout, record, cols)).toEqual({
      residual: '{"note":"a","id":"7","bbox":[1.5,2,30,40.3],"x":[null]}',
    });
    expect(roundTrip(record)).toBe(JSON.stringify(record));
  });

  it('keeps every key in place, modelled ones as 0, for a record in another order', () => {
    const record = { bbox: [1.5, 2, 30, 40.25], iscrowd: 0, category_id: 1, id: 7 };
    expect(splitRecord(layout, record, cols)).toEqual({
      residual: '{"bbox":0,"iscrowd":0,"category_id":1,"id":0}',
    });
    expect(roundTrip(record)).toBe(JSON.stringify(record));
    // A modelled key read as 0 that the columns give otherwise cannot be told from one to re-create.
    expect(splitRecord(layout, { bbox: 0, id: 7, iscrowd: 0 }, cols)).toBeUndefined();
  });

  it('keeps whole a record the columns would add a key to, or that JSON text cannot carry', () => {
    // iscrowd is absent, but the columns give it.
    expect(splitRecord(layout, { id: 7, bbox: [1.5, 2, 30, 40.25] }, cols)).toBeUndefined();
    // -0 would come back as 0 through the residual's text.
    expect(splitRecord(layout, { id: 7, iscrowd: 0, area: -0 }, cols)).toBeUndefined();
    expect(splitRecord(layout, [7], cols)).toBeUndefined();
    expect(splitRecord(layout, null, cols)).toBeUndefined();
    // A key named like Object's prototype stays a key.
    const proto = JSON.parse('{"id": 7, "iscrowd": 0, "__proto__": {"x": 1}}') as unknown;
    expect(roundTrip(proto, { id: '7', crowd: false })).toBe(JSON.stringify(proto));
  });

  it('checks a shape once, yet never lets one record of a checked shape through unchecked', () => {
    const rec = (area: number) => ({ id: 7, category_id: 1, iscrowd: 0, bbox: [1, 2, 3, 4], area });
    const c = { id: '7', box: [1, 2, 3, 4], crowd: false };
    expect(splitRecord(layout, rec(5), c)).toEqual({ residual: '{"category_id":1,"area":5}' });
    // The same shape with a -0 its residual's text cannot carry: kept whole.
    expect(splitRecord(layout, rec(-0), c)).toBeUndefined();
    // Same keys, but a value the columns give differently or not at all: checked again.
    expect(splitRecord(layout, rec(5), { ...c, box: [1, 2, 3, 5] })).toEqual({
      residual: '{"category_id":1,"bbox":[1,2,3,4],"area":5}',
    });
    expect(splitRecord(layout, { id: 7, category_id: 1, iscrowd: 0 }, c)).toBeUndefined();
    expect(
      splitRecord(layout, { id: 7, category_id: 1, iscrowd: 0 }, { id: '7', crowd: false }),
    ).toEqual({ residual: '{"category_id":1}' });
    // A literal 0 where the columns give a value is told apart from one they give as 0.
    expect(splitRecord(layout, { bbox: 0, id: 7, iscrowd: 0 }, c)).toBeUndefined();
    expect(splitRecord(layout, { bbox: [1, 2, 3, 4], id: 7, iscrowd: 0 }, c)).toEqual({
      residual: '{"bbox":0,"id":0,"iscrowd":0}',
    });
  });

  it('refuses a stored residual that is not a JSON object, naming it', () => {
    expect(() => restoreRecord(layout, '[1]', cols)).toThrow(
      /residual record is not a JSON object: \[1\]/,
    );
  });

  it('compares values as export must keep them', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([0], [-0])).toBe(false);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson(true, 1)).toBe(false);
    expect(sameJson(undefined, null)).toBe(false);
  });
});
