import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathWithin } from '../platform/atomicFile';
import { linkImages } from '../export/linkImages';
import { openIndex } from '../store/db/openIndex';
import { indexDataset } from './indexDataset';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-robust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const keypoints = (x: number) =>
  Array.from({ length: 17 }, (_, j) => [x + j, 100 + 5 * j, 2]).flat();
const image = (id: number) => ({ id, file_name: `${id}.jpg`, width: 640, height: 480 });
const person = (id: number, imageId: number, extra: Record<string, unknown> = {}) => ({
  id,
  image_id: imageId,
  category_id: 1,
  iscrowd: 0,
  num_keypoints: 17,
  area: 5000,
  bbox: [10, 20, 100, 200],
  keypoints: keypoints(10 * id),
  ...extra,
});

/** A COCO folder holding one keypoint file written exactly as given (key order included). */
function cocoFolder(name: string, text: string): { dir: string; db: string; file: string } {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'person_keypoints_val.json');
  writeFileSync(file, text);
  return { dir, db: join(tmp, `${name}.sqlite`), file };
}

const categories = '[{"id": 1, "name": "person"}]';

describe('indexing files as they are found in the wild', () => {
  it('reads a file whose annotations come before its images, as one in the usual order', () => {
    const images = JSON.stringify([image(1), image(2)]);
    const anns = JSON.stringify([person(1, 1), person(2, 2), person(3, 2)]);
    const usual = cocoFolder(
      'usual',
      `{"images": ${images}, "annotations": ${anns}, "categories": ${categories}}`,
    );
    const reversed = cocoFolder(
      'reversed',
      `{"annotations": ${anns}, "categories": ${categories}, "images": ${images}}`,
    );
    const a = indexDataset({ root: usual.dir, dbFile: usual.db });
    const b = indexDataset({ root: reversed.dir, dbFile: reversed.db });
    expect(b).toMatchObject({ images: 2, people: 3 });
    expect(b.people).toBe(a.people);
    expect(b.issues.filter((i) => i.kind === 'annotation for unknown image')).toEqual([]);
  });

  it('keeps the first of a repeated image or annotation id and reports the rest with where', () => {
    const { dir, db, file } = cocoFolder(
      'duplicates',
      JSON.stringify({
        images: [image(1), image(2), { ...image(2), file_name: 'other.jpg' }],
        annotations: [person(1, 1), person(2, 2), person(2, 1), person(3, 2)],
        categories: [{ id: 1, name: 'person' }],
      }),
    );
    const check = (s: ReturnType<typeof indexDataset>) => {
      expect(s.failed).toEqual([]);
      expect(s).toMatchObject({ images: 2, people: 3 });
      const dup = s.issues.find((i) => i.kind === 'duplicate id');
      expect(dup?.count).toBe(2);
      expect(dup?.examples[0]).toMatch(/person_keypoints_val\.json images\[2\]: image id 2/);
      expect(dup?.examples[1]).toMatch(/annotations\[2\]: annotation id 2/);
      const raw = new Database(db, { readonly: true });
      expect(raw.prepare("SELECT file FROM images WHERE source_id = '2'").pluck().get()).toMatch(
        /(^|\/)2\.jpg$/,
      );
      raw.close();
    };
    check(indexDataset({ root: dir, dbFile: db }));
    // Re-indexing the changed file (same duplicates) reports them again and keeps the first.
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    check(indexDataset({ root: dir, dbFile: db }));
  });

  it('counts an image whose last person went away on re-index as empty', () => {
    const { dir, db, file } = cocoFolder(
      'people',
      JSON.stringify({ images: [image(1), image(2)], annotations: [person(1, 1), person(2, 2)] }),
    );
    indexDataset({ root: dir, dbFile: db });
    writeFileSync(
      file,
      JSON.stringify({ images: [image(1), image(2)], annotations: [person(1, 1)] }),
    );
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s.people).toBe(1);
    const raw = new Database(db, { readonly: true });
    const people = raw.prepare('SELECT source_id, people FROM images ORDER BY source_id').all();
    raw.close();
    expect(people).toEqual([
      { source_id: '1', people: 1 },
      { source_id: '2', people: 0 },
    ]);
  });

  it('flags boxes of negative size and coordinates no image holds, counted per kind', () => {
    const huge = keypoints(0).map((v, i) => (i === 3 ? 1e308 : v));
    const { dir, db } = cocoFolder(
      'implausible',
      JSON.stringify({
        images: [image(1)],
        annotations: [
          person(1, 1, { bbox: [10, 20, -100, 200] }),
          person(2, 1, { bbox: [1e30, 0, 10, 10] }),
          person(3, 1, { keypoints: huge }),
          person(4, 1),
        ],
      }),
    );
    const s = indexDataset({ root: dir, dbFile: db });
    const kinds = Object.fromEntries(s.issues.map((i) => [i.kind, i.count]));
    expect(kinds).toMatchObject({ 'implausible box': 2, 'implausible coordinates': 1 });
    expect(s.issues.find((i) => i.kind === 'implausible box')?.examples[0]).toMatch(
      /annotations\[0\]: bbox \[10, 20, -100, 200\]/,
    );
    const raw = new Database(db, { readonly: true });
    const flagged = raw
      .prepare('SELECT source_id FROM instances WHERE flags & 16 ORDER BY source_id')
      .pluck()
      .all();
    raw.close();
    expect(flagged).toEqual(['1', '2', '3']);
  });

  it('skips an image whose name is not UTF-8, reporting it, and indexes the rest', () => {
    const dir = join(tmp, 'odd-names');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'good.jpg'), 'jpeg');
    const bad = Buffer.concat([
      Buffer.from(`${dir}/bad`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('name.jpg'),
    ]);
    writeFileSync(bad, 'jpeg');
    const s = indexDataset({ root: dir, dbFile: join(tmp, 'odd-names.sqlite') });
    expect(s).toMatchObject({ format: 'images', images: 1, failed: [] });
    const issue = s.issues.find((i) => i.kind === 'image not readable');
    expect(issue?.count).toBe(1);
    expect(issue?.examples[0]).toMatch(/^bad.*name\.jpg: the name is not UTF-8$/);
  });

  it('never reads or links an image whose name leads out of the dataset (../)', () => {
    const dir = join(tmp, 'escape', 'dataset');
    mkdirSync(join(tmp, 'escape', 'src'), { recursive: true });
    writeFileSync(join(tmp, 'escape', 'src', 'payload.jpg'), 'not yours');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'inside.jpg'), 'jpeg');
    writeFileSync(
      join(dir, 'person_keypoints_val.json'),
      JSON.stringify({
        images: [
          { ...image(1), file_name: '../src/payload.jpg' },
          { ...image(2), file_name: 'inside.jpg' },
        ],
        annotations: [person(1, 1), person(2, 2)],
      }),
    );
    const dbFile = join(tmp, 'escape.sqlite');
    const s = indexDataset({ root: dir, dbFile });
    expect(s.issues.find((i) => i.kind === 'image outside the dataset')).toMatchObject({
      count: 1,
      examples: ['../src/payload.jpg'],
    });
    expect(s.missingImages).toBe(1);
    const db = openIndex(dbFile);
    const out = join(tmp, 'escape', 'exports', 'out');
    const linked = linkImages(db, { id: 1, root: dir }, out);
    db.close();
    expect(linked).toMatchObject({ outside: 1, linked: 1 });
    expect(existsSync(join(tmp, 'escape', 'src', 'payload.jpg'))).toBe(true);
    // Nothing beside the output folder: out/../src/payload.jpg was where a link would land.
    expect(readdirSync(join(tmp, 'escape', 'exports'))).toEqual(['out']);
    expect(readdirSync(out)).toEqual(['inside.jpg']);
  });

  it('refuses to write or read any path that leaves its folder', () => {
    expect(pathWithin('/data/out', 'a/b.jpg')).toBe('/data/out/a/b.jpg');
    for (const rel of ['../b.jpg', 'a/../../b.jpg', '/etc/passwd', '', 'a\0b'])
      expect(() => pathWithin('/data/out', rel), rel).toThrow(/resolves outside \/data\/out/);
  });

  it('sees an image file deleted (or restored) since the last index, its annotation unchanged', () => {
    const dir = join(tmp, 'deleted-image');
    mkdirSync(join(dir, 'images'), { recursive: true });
    writeFileSync(join(dir, 'images', '1.jpg'), 'jpeg');
    writeFileSync(join(dir, 'images', '2.jpg'), 'jpeg');
    writeFileSync(
      join(dir, 'person_keypoints_val.json'),
      JSON.stringify({ images: [image(1), image(2)], annotations: [person(1, 1), person(2, 2)] }),
    );
    const dbFile = join(tmp, 'deleted-image.sqlite');
    expect(indexDataset({ root: dir, dbFile }).missingImages).toBe(0);
    rmSync(join(dir, 'images', '2.jpg'));
    const after = indexDataset({ root: dir, dbFile });
    expect(after.missingImages).toBe(1);
    expect(after.units.indexed).toBe(1);
    writeFileSync(join(dir, 'images', '2.jpg'), 'jpeg');
    expect(indexDataset({ root: dir, dbFile }).missingImages).toBe(0);
    // Nothing changed since: nothing is read again.
    expect(indexDataset({ root: dir, dbFile }).units).toMatchObject({ indexed: 0, unchanged: 1 });
  });
});
