import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexDataset } from './indexDataset';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-adapter-prop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Coco {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: Record<string, unknown>[];
}

/** A valid COCO keypoint file: a few images, people on some of them, unique ids. */
const cocoArb: fc.Arbitrary<Coco> = fc
  .record({
    images: fc.integer({ min: 1, max: 5 }),
    people: fc.array(
      fc.record({
        image: fc.nat(),
        keypoints: fc.array(fc.double({ min: 0, max: 640, noNaN: true }), {
          minLength: 51,
          maxLength: 51,
        }),
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ images, people }) => ({
    images: Array.from({ length: images }, (_, i) => ({
      id: i + 1,
      file_name: `${i + 1}.jpg`,
      width: 640,
      height: 480,
    })),
    annotations: people.map((p, k) => ({
      id: 100 + k,
      image_id: (p.image % images) + 1,
      category_id: 1,
      iscrowd: 0,
      num_keypoints: 17,
      area: 1000,
      bbox: [1, 2, 30, 40],
      keypoints: p.keypoints.map((v, i) => (i % 3 === 2 ? 2 : v)),
    })),
  }));

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'reorder' }
  | { kind: 'duplicate' }
  | { kind: 'wrong-type' }
  | { kind: 'nan' }
  | { kind: 'huge' };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0.05, max: 0.95, noNaN: true }).map((at) => ({ kind: 'truncate', at }) as const),
  fc.constant({ kind: 'reorder' } as const),
  fc.constant({ kind: 'duplicate' } as const),
  fc.constant({ kind: 'wrong-type' } as const),
  fc.constant({ kind: 'nan' } as const),
  fc.constant({ kind: 'huge' } as const),
);

/** The file's text after the mutation (JSON.stringify writes NaN as null, as Python does). */
function mutate(c: Coco, m: Mutation): string {
  const text = JSON.stringify(c);
  const first = c.annotations[0];
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, Math.max(1, Math.floor(text.length * m.at)));
    case 'reorder':
      return JSON.stringify({ annotations: c.annotations, images: c.images });
    case 'duplicate':
      return JSON.stringify({
        images: [...c.images, c.images[0]],
        annotations: first ? [...c.annotations, first] : c.annotations,
      });
    case 'wrong-type':
      return JSON.stringify({
        images: [{ ...c.images[0], id: 'not a number', width: 'wide' }, ...c.images.slice(1)],
        annotations: c.annotations.map((a, k) => (k === 0 ? { ...a, bbox: 'box' } : a)),
      });
    case 'nan':
      return JSON.stringify({
        ...c,
        annotations: c.annotations.map((a) => ({
          ...a,
          keypoints: (a.keypoints as number[]).map((v, i) => (i === 0 ? NaN : v)),
        })),
      });
    case 'huge':
      return JSON.stringify({
        ...c,
        annotations: c.annotations.map((a) => ({ ...a, bbox: [1e308, -1e308, 1e30, 5] })),
      });
  }
}

const rows = (db: string) => {
  const raw = new Database(db, { readonly: true });
  try {
    return {
      images: raw.prepare('SELECT count(*) FROM images').pluck().get() as number,
      people: raw.prepare('SELECT count(*) FROM instances').pluck().get() as number,
    };
  } finally {
    raw.close();
  }
};

let n = 0;

describe('indexing files mutated at random', () => {
  it('says what and where, keeps what was indexed before, and never hangs or throws', () => {
    fc.assert(
      fc.property(cocoArb, mutationArb, (coco, m) => {
        const dir = join(tmp, `case${n++}`);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, 'person_keypoints_val.json');
        const db = join(dir, 'index.sqlite');
        writeFileSync(file, JSON.stringify(coco));
        const first = indexDataset({ root: dir, dbFile: db });
        expect(first.failed).toEqual([]);
        const before = rows(db);
        writeFileSync(file, mutate(coco, m));
        utimesSync(file, new Date(), new Date(Date.now() + 10_000));
        const second = indexDataset({ root: dir, dbFile: db });
        if (m.kind === 'truncate') {
          // The unit fails whole, naming the file and where the JSON broke; what was indexed
          // from the good file stays.
          expect(second.failed).toHaveLength(1);
          expect(second.failed[0]!.error).toMatch(/person_keypoints_val\.json:\d+:\d+/);
          expect(rows(db)).toEqual(before);
          return;
        }
        // The wrong-type mutation spoils image 1 and annotation 0: a file none of whose
        // annotations still gives a person fails whole, saying why, as a broken one does.
        const survivors = coco.annotations.filter((a, k) => k > 0 && a.image_id !== 1);
        if (m.kind === 'wrong-type' && coco.annotations.length > 0 && survivors.length === 0) {
          expect(second.failed).toHaveLength(1);
          expect(second.failed[0]!.error).toMatch(
            new RegExp(
              `^person_keypoints_val\\.json: none of its ${coco.annotations.length} annotations gave a person with keypoints \\(\\d+ problems?, first: invalid record: .*person_keypoints_val\\.json images\\[0\\]: width`,
            ),
          );
          expect(rows(db)).toEqual(before);
          return;
        }
        expect(second.failed).toEqual([]);
        const kinds = new Set(second.issues.map((i) => i.kind));
        if (m.kind === 'reorder') expect(rows(db)).toEqual(before);
        if (m.kind === 'duplicate') {
          expect(kinds.has('duplicate id')).toBe(true);
          expect(rows(db)).toEqual(before);
        }
        if (m.kind === 'wrong-type') expect(kinds.has('invalid record')).toBe(true);
        if (m.kind === 'nan' && coco.annotations.length > 0)
          expect(kinds.has('non-finite coordinates')).toBe(true);
        if (m.kind === 'huge' && coco.annotations.length > 0)
          expect(kinds.has('implausible box')).toBe(true);
        // Every issue names its place.
        for (const i of second.issues)
          for (const e of i.examples) expect(e.length).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });
});
