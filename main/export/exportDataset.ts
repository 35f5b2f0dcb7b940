import { resolve } from 'node:path';
import type { DatasetFormat } from '../datasets/records';
import type { IndexDb } from '../store/openIndex';
import { annotationJson, worldPoseJson, type InstanceRow } from './annotationJson';
import { pathWithin, writeAtomically, type AtomicFile } from './atomicFile';

export interface ExportedFile {
  readonly path: string;
  readonly bytes: number;
}

export interface ExportSummary {
  readonly dataset: string;
  readonly format: DatasetFormat;
  readonly out: string;
  readonly files: readonly ExportedFile[];
  readonly images: number;
  readonly people: number;
}

interface Dataset {
  readonly id: number;
  readonly root: string;
  readonly format: DatasetFormat;
}

export interface ExportOptions {
  /**
   * Only the images with a corrected person, each with all its people: a subset of the dataset
   * in the same layout (files with no such image are left out).
   */
  readonly onlyEdited?: boolean;
}

/** Images the export keeps: every image, or with `onlyEdited` those holding an edited person. */
const imageFilter = (onlyEdited: boolean | undefined, image: string) =>
  onlyEdited
    ? `AND EXISTS (SELECT 1 FROM instances e WHERE e.image_id = ${image}.id AND e.edited != 0)`
    : '';

const H36M_FILE = /Human36M_subject(\d+)_(data|camera|joint_3d)\.json$/;

/** The other top-level values of a file, as `"key": value` members. */
function fileMembers(db: IndexDb, datasetId: number, file: string): string[] {
  return (
    db
      .prepare(
        'SELECT path, value FROM file_values WHERE dataset_id = ? AND file = ? ORDER BY path',
      )
      .raw()
      .all(datasetId, file) as [string, string][]
  ).map(([k, v]) => `${JSON.stringify(k)}: ${v}`);
}

/** Writes `[a, b, …]` from an iterable of JSON texts. */
function writeArray(out: AtomicFile, items: Iterable<string>): number {
  let n = 0;
  out.write('[');
  for (const t of items) out.write(n++ === 0 ? t : `, ${t}`);
  out.write(']');
  return n;
}

/**
 * A COCO-like file (COCO, MuPoTS-3D, a Human3.6M data file) from the images and people of a
 * unit: `images` and `annotations` in index order, then the file's other top-level values.
 */
function writeCocoLike(
  db: IndexDb,
  ds: Dataset,
  unit: string,
  file: string,
  out: AtomicFile,
  o: ExportOptions,
) {
  const images = db
    .prepare(
      `SELECT raw FROM images im WHERE dataset_id = ? AND unit = ? ${imageFilter(o.onlyEdited, 'im')}
       ORDER BY id`,
    )
    .pluck();
  const people = db.prepare(
    `SELECT i.raw, i.bbox_x, i.bbox_y, i.bbox_w, i.bbox_h, i.joints_3d, i.joints_2d, i.vis,
       i.added, o.joints_2d AS original_2d
     FROM instances i JOIN images im ON im.id = i.image_id
     LEFT JOIN instance_originals o ON o.instance_id = i.id
     WHERE im.dataset_id = ? AND im.unit = ? AND i.removed = 0 ${imageFilter(o.onlyEdited, 'im')}
     ORDER BY i.id`,
  );
  out.write('{"images": ');
  const nImages = writeArray(out, images.iterate(ds.id, unit) as IterableIterator<string>);
  out.write(', "annotations": ');
  const nPeople = writeArray(
    out,
    (function* () {
      for (const r of people.iterate(ds.id, unit) as IterableIterator<InstanceRow>)
        yield annotationJson(ds.format, r);
    })(),
  );
  for (const m of fileMembers(db, ds.id, file)) out.write(`, ${m}`);
  out.write('}');
  return { images: nImages, people: nPeople };
}

/** A Human3.6M camera file: each camera's original record under its cam_idx. */
function writeH36mCameras(db: IndexDb, ds: Dataset, subject: string, out: AtomicFile) {
  const rows = db
    .prepare('SELECT key, raw FROM cameras WHERE dataset_id = ? AND unit = ? ORDER BY id')
    .raw()
    .all(ds.id, `S${subject}`) as [string, string | null][];
  out.write('{');
  rows.forEach(([key, raw], i) => {
    const idx = key.slice(key.indexOf('/') + 1);
    out.write(`${i === 0 ? '' : ', '}${JSON.stringify(idx)}: ${raw ?? 'null'}`);
  });
  out.write('}');
}

/**
 * A Human3.6M joint file (action → subaction → frame → 17×3 world mm), plus the frames no image
 * shows, kept as read (not in an `onlyEdited` subset). Every camera's image of a frame holds
 * the same world pose, so a frame is written from its most recently corrected person, or its
 * first person when none was corrected: a fix made in one view is the frame's label.
 */
function writeH36mJoints(
  db: IndexDb,
  ds: Dataset,
  subject: string,
  file: string,
  out: AtomicFile,
  o: ExportOptions,
) {
  const frames = new Map<string, Map<string, Map<string, { text: string; rank: number }>>>();
  const put = (a: string, s: string, f: string, text: string, rank: number) => {
    let byS = frames.get(a);
    if (!byS) frames.set(a, (byS = new Map()));
    let byF = byS.get(s);
    if (!byF) byS.set(s, (byF = new Map()));
    const current = byF.get(f);
    if (!current || current.rank < rank) byF.set(f, { text, rank });
  };
  const rows = db
    .prepare(
      `SELECT im.raw, i.joints_3d, CASE WHEN i.edited != 0 THEN (SELECT max(e.id) FROM edits e
         WHERE e.instance_id = i.id AND e.state = 'applied') ELSE 0 END
       FROM instances i JOIN images im ON im.id = i.image_id
       WHERE im.dataset_id = ? AND im.unit = ? AND i.joints_3d IS NOT NULL
         ${imageFilter(o.onlyEdited, 'im')}
       ORDER BY i.id`,
    )
    .raw()
    .iterate(ds.id, `S${subject}`) as IterableIterator<[string, Buffer, number | null]>;
  for (const [raw, joints, rank] of rows) {
    const im = JSON.parse(raw) as { action_idx: number; subaction_idx: number; frame_idx: number };
    put(
      String(im.action_idx),
      String(im.subaction_idx),
      String(im.frame_idx),
      worldPoseJson(joints),
      rank ?? 0,
    );
  }
  const unshown = o.onlyEdited
    ? []
    : (db
        .prepare('SELECT path, value FROM file_values WHERE dataset_id = ? AND file = ?')
        .raw()
        .all(ds.id, file) as [string, string][]);
  for (const [path, value] of unshown) {
    const [a, s, f] = path.split('/');
    if (a !== undefined && s !== undefined && f !== undefined) put(a, s, f, value, -1);
  }
  const obj = (m: Map<string, { text: string }>) =>
    `{${[...m].map(([k, v]) => `${JSON.stringify(k)}: ${v.text}`).join(', ')}}`;
  out.write('{');
  let first = true;
  for (const [a, byS] of frames) {
    out.write(`${first ? '' : ', '}${JSON.stringify(a)}: {`);
    first = false;
    let firstS = true;
    for (const [s, byF] of byS) {
      out.write(`${firstS ? '' : ', '}${JSON.stringify(s)}: ${obj(byF)}`);
      firstS = false;
    }
    out.write('}');
  }
  out.write('}');
}

/**
 * Writes a dataset's annotations in its own layout under `outDir`, one atomic write per file,
 * with the same relative paths it was read from. Refuses to write over the dataset itself.
 */
export function exportDataset(
  db: IndexDb,
  ds: Dataset,
  outDir: string,
  o: ExportOptions = {},
): ExportSummary {
  const out = resolve(outDir);
  if (out === resolve(ds.root))
    throw new Error(
      `refusing to write over the dataset's own files in ${out}; choose another --out`,
    );
  if (ds.format === 'images')
    throw new Error(`${ds.root} is an image folder: it has no annotations to export`);
  const files = db
    .prepare(
      `SELECT path, unit FROM source_files f WHERE dataset_id = ? ${
        o.onlyEdited
          ? `AND EXISTS (SELECT 1 FROM images im WHERE im.dataset_id = f.dataset_id
               AND im.unit = f.unit ${imageFilter(true, 'im')})`
          : ''
      } ORDER BY unit, path`,
    )
    .raw()
    .all(ds.id) as [string, string][];
  const written: ExportedFile[] = [];
  let images = 0;
  let people = 0;
  for (const [path, unit] of files) {
    const target = pathWithin(out, path);
    const h36m = H36M_FILE.exec(path);
    const bytes = writeAtomically(target, (f) => {
      if (h36m?.[2] === 'camera') return writeH36mCameras(db, ds, h36m[1]!, f);
      if (h36m?.[2] === 'joint_3d') return writeH36mJoints(db, ds, h36m[1]!, path, f, o);
      const n = writeCocoLike(db, ds, unit, path, f, o);
      images += n.images;
      people += n.people;
    });
    written.push({ path, bytes });
  }
  return { dataset: ds.root, format: ds.format, out, files: written, images, people };
}
