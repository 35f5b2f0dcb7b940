import { readdirSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { readJsonFile } from '../json/jsonSplitter';
import type { PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { H36M_CAMERA_IDS, h36mTake, subjectNumber, takeLabel, type H36mTake } from './h36mTakes';
import type { JointOrder } from './jointOrder';
import { placeKeypoints } from './keypointLayouts';
import { TakeFrames, type ImageRef } from './takeFrames';

/**
 * A file OpenPose's `--write_json` writes: `<image>_keypoints.json` for an image, and for a video
 * `<video>_<frame:012d>_keypoints.json`, frames counted from 0. AlphaPose's `--format open`
 * writes `<image>.json` in the same layout.
 */
const VIDEO_FRAME = /^(.*)_(\d{12})$/;

/** A Human3.6M video's name: `Directions 1.54138969` (action, then camera id). */
const H36M_VIDEO = /^(.+)\.(\d{8})$/;

/** The people of one OpenPose file: `people[]` (OpenPose, AlphaPose `open`) or `bodies[]` (`cmu`). */
function peopleOf(file: string, doc: unknown): unknown[] {
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const d = doc as { people?: unknown; bodies?: unknown };
    const list = d.people ?? d.bodies;
    if (Array.isArray(list)) return list;
  }
  throw new Error(`${file}: not an OpenPose file (an object with a people[] list)`);
}

interface Named {
  readonly file: string;
  /** The image the file is of, by name (file path without `_keypoints.json`). */
  readonly image: string;
}

/** A Human3.6M video frame's take, camera (1–4) and frame number (1-based), or undefined. */
function h36mFrame(rel: string, stem: string) {
  const m = VIDEO_FRAME.exec(stem);
  const video = m ? H36M_VIDEO.exec(m[1]!) : null;
  // The subject is the nearest folder named like Human3.6M's (`S9`), as its release lays out.
  const subject = rel
    .split(/[\\/]/)
    .slice(0, -1)
    .map((p) => (/^S\d+$/i.test(p) ? subjectNumber(p) : undefined))
    .findLast((s) => s !== undefined);
  if (!m || !video || subject === undefined) return undefined;
  const camera = (H36M_CAMERA_IDS as readonly string[]).indexOf(video[2]!) + 1;
  if (camera === 0) return undefined;
  return { subject, action: video[1]!, camera, frame: Number(m[2]) + 1 };
}

/**
 * Reads OpenPose's per-frame JSON (`--write_json`): one file, or a folder of them (searched
 * through subfolders) read as one prediction file. Each person's `pose_keypoints_2d` (flat x, y,
 * c; BODY_25 or COCO-18 by its length) is mapped onto the dataset's skeleton by anatomy, c kept
 * per joint, 0, 0, 0 read as missing, and the person scored by the mean c of the joints found.
 * Files are paired with images by name (`<image>_keypoints.json`); frames of Human3.6M videos
 * (`S9/…/Directions 1.54138969_000000000000_keypoints.json`) by take, camera and frame, as
 * take-keyed arrays are ({@link TakeFrames}). Returns the records kept and what to say once.
 */
export function readOpenPose(
  path: string,
  folder: boolean,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
  images?: readonly ImageRef[],
): { records: number; notes: string[] } {
  const files = folder
    ? (readdirSync(path, { recursive: true, encoding: 'utf8' }) as string[])
        .filter((f) => f.toLowerCase().endsWith('.json'))
        .sort()
    : [basename(path)];
  if (folder && files.length === 0) throw new Error(`${path}: no .json prediction file in it`);
  const full = (rel: string) => (folder ? join(path, rel) : path);
  const named: Named[] = [];
  // Video frames grouped by take and camera: frame number → file.
  const takes = new Map<
    string,
    { take: H36mTake; name: string; camera: number; frames: Map<number, string> }
  >();
  const frames = new TakeFrames(images);
  const refused = new Set<string>();
  for (const rel of files) {
    const stem = rel.replace(/\.json$/i, '').replace(/_keypoints$/, '');
    const h = h36mFrame(rel, basename(stem));
    if (!h) {
      named.push({ file: full(rel), image: stem.split(sep).join('/') });
      continue;
    }
    const take = h36mTake(`S${h.subject}`, h.action);
    if ('error' in take) {
      // Said once per take, not once per frame.
      if (!refused.has(`${h.subject}/${h.action}`))
        issues.report('invalid record', `${full(rel)}: ${take.error}`);
      refused.add(`${h.subject}/${h.action}`);
      continue;
    }
    const key = `${h.subject}/${h.action}/${h.camera}`;
    const entry = takes.get(key) ?? { take, name: h.action, camera: h.camera, frames: new Map() };
    entry.frames.set(h.frame, full(rel));
    takes.set(key, entry);
  }
  let n = 0;
  const read = (file: string, image: { imageSourceId: string; imageName?: string }) => {
    let people: unknown[];
    try {
      people = peopleOf(file, readJsonFile(file));
    } catch (err) {
      // In a folder one bad file is reported, not fatal; a single file fails whole.
      if (!folder) throw err;
      issues.report('not a prediction file', err instanceof Error ? err.message : String(err));
      return;
    }
    people.forEach((person, k) => {
      const r = toRecord(person, `${file} people[${k}]`, order, issues);
      if (r) onRecord({ ...r, ...image, index: n++ });
    });
  };
  for (const f of named) read(f.file, { imageSourceId: f.image, imageName: f.image });
  for (const t of takes.values()) {
    const rows = Math.max(...t.frames.keys());
    const pairs = frames.pair(t.take, [t.camera], rows, takeLabel(t.take, t.name));
    if ('error' in pairs) {
      issues.report('invalid record', `${path}: ${pairs.error}`);
      continue;
    }
    for (const p of pairs) {
      const file = t.frames.get(p.row + 1);
      if (file)
        read(file, {
          imageSourceId: p.imageSourceId,
          ...(p.imageName === undefined ? {} : { imageName: p.imageName }),
        });
    }
  }
  return { records: n, notes: takes.size > 0 ? frames.notes() : [] };
}

/** One person of an OpenPose file as a record (its image set by the caller), or undefined. */
function toRecord(
  person: unknown,
  at: string,
  order: JointOrder,
  issues: IssueLog,
): Omit<PredictionRecord, 'imageSourceId' | 'index'> | undefined {
  const p = person as { pose_keypoints_2d?: unknown; joints?: unknown } | null;
  const values = p?.pose_keypoints_2d ?? p?.joints;
  if (!Array.isArray(values) || values.some((v) => v !== null && typeof v !== 'number')) {
    issues.report('invalid record', `${at}: no pose_keypoints_2d list of numbers`);
    return undefined;
  }
  // OpenPose writes an empty list for a body part it did not run (face or hands only).
  if (values.length === 0) return undefined;
  const placed = placeKeypoints(
    values as (number | null)[],
    order,
    issues,
    at,
    'pose_keypoints_2d',
  );
  if (!placed) return undefined;
  // OpenPose's own person score: the mean confidence of the keypoints it found.
  const found = values.filter((c, i): c is number => i % 3 === 2 && typeof c === 'number' && c > 0);
  return {
    score: found.length > 0 ? found.reduce((a, b) => a + b, 0) / found.length : 0,
    jointsImg: placed.data,
    ...(placed.scores ? { jointScores: placed.scores } : {}),
  };
}
