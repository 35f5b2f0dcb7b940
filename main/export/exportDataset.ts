import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { cannotExportOwnLayout } from '../../contract';
import type { DatasetFormat } from '../datasets/records';
import { RIG_FILE } from '../datasets/adapters/rigFile';
import type { IndexDb } from '../store/db/openIndex';
import {
  exportedFiles,
  fileValues,
  fileValuesByPath,
  unitCameraRecords,
  unitImageRecords,
  unitPeople,
  unitWorldPoses,
} from '../store/labels/exportRows';
import { annotationJson, worldPoseJson } from './annotationJson';
import { pathWithin, writeAtomically, type AtomicFile } from '../platform/atomicFile';

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

const H36M_FILE = /Human36M_subject(\d+)_(data|camera|joint_3d)\.json$/;

/** The other top-level values of a file, as `"key": value` members. */
function fileMembers(db: IndexDb, datasetId: number, file: string): string[] {
  return fileValuesByPath(db, datasetId, file).map(([k, v]) => `${JSON.stringify(k)}: ${v}`);
}

/** Writes `[a, b, …]` from an iterable of JSON texts (null: a JSON null). */
function writeArray(out: AtomicFile, items: Iterable<string | null>): number {
  let n = 0;
  out.write('[');
  for (const t of items) out.write(n++ === 0 ? `${t}` : `, ${t}`);
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
  out.write('{"images": ');
  const nImages = writeArray(out, unitImageRecords(db, ds, unit, o.onlyEdited));
  out.write(', "annotations": ');
  const nPeople = writeArray(
    out,
    (function* () {
      for (const r of unitPeople(db, ds, unit, o.onlyEdited)) yield annotationJson(ds.format, r);
    })(),
  );
  for (const m of fileMembers(db, ds.id, file)) out.write(`, ${m}`);
  out.write('}');
  return { images: nImages, people: nPeople };
}

/** A Human3.6M camera file: each camera's original record under its cam_idx. */
function writeH36mCameras(db: IndexDb, ds: Dataset, subject: string, out: AtomicFile) {
  const rows = unitCameraRecords(db, ds, `S${subject}`);
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
  const rows = unitWorldPoses(db, ds, `S${subject}`, o.onlyEdited);
  for (const [raw, joints, rank] of rows) {
    const im = JSON.parse(raw) as { action_idx: number; subaction_idx: number; frame_idx: number };
    put(
      String(im.action_idx),
      String(im.subaction_idx),
      String(im.frame_idx),
      worldPoseJson(joints),
      rank,
    );
  }
  const unshown = o.onlyEdited ? [] : fileValues(db, ds.id, file);
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
  const why = cannotExportOwnLayout(ds.format);
  if (why) throw new Error(`cannot export ${ds.root} in its own layout: ${why}`);
  const files = exportedFiles(db, ds.id, o.onlyEdited);
  const written: ExportedFile[] = [];
  let images = 0;
  let people = 0;
  for (const [path, unit] of files) {
    const target = pathWithin(out, path);
    const h36m = H36M_FILE.exec(path);
    const bytes = writeAtomically(target, (f) => {
      if (h36m?.[2] === 'camera') return writeH36mCameras(db, ds, h36m[1]!, f);
      if (h36m?.[2] === 'joint_3d') return writeH36mJoints(db, ds, h36m[1]!, path, f, o);
      // The rig holds no labels: the exported folder gets it as it is, so its views stay views.
      if (basename(path) === RIG_FILE)
        return f.write(readFileSync(pathWithin(ds.root, path), 'utf8'));
      if (ds.format === 'mpii') {
        // An MPII list is its records alone, one per person, in index order.
        const n = writeArray(
          f,
          (function* () {
            for (const r of unitPeople(db, ds, unit, o.onlyEdited))
              yield annotationJson(ds.format, r);
          })(),
        );
        images += [...unitImageRecords(db, ds, unit, o.onlyEdited)].length;
        people += n;
        return;
      }
      const n = writeCocoLike(db, ds, unit, path, f, o);
      images += n.images;
      people += n.people;
    });
    written.push({ path, bytes });
  }
  return { dataset: ds.root, format: ds.format, out, files: written, images, people };
}
