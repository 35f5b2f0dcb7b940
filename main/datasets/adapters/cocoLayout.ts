import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  COCO_17,
  SKELETONS,
  WHOLEBODY_133,
  cocoBones,
  fileSkeletonProblem,
  registerFileSkeleton,
  skeletonByJointNames,
  type FileSkeletonSpec,
  type Skeleton,
} from '../../../core';
import { forEachJsonValue } from '../json/jsonSplitter';

/** COCO-WholeBody's extra keypoint fields of an annotation, in its evaluation's order. */
export const WHOLEBODY_PARTS = [
  ['foot_kpts', 6],
  ['face_kpts', 68],
  ['lefthand_kpts', 21],
  ['righthand_kpts', 21],
] as const;

/** What a COCO-style file's keypoint category says about its people. */
export interface CocoLayout {
  /** A built-in skeleton, or the one the file's category defines when none has its joints. */
  readonly skeleton: Skeleton;
  /** Body keypoints in `keypoints`, the rest in COCO-WholeBody's part fields. */
  readonly wholeBodyParts: boolean;
  /** The file names no keypoints (a category without `keypoints`): COCO-17 assumed. */
  readonly assumed: boolean;
}

const known = Object.values(SKELETONS);

/** Every layout a COCO-style file may name, for messages. */
export const KNOWN_LAYOUTS = known.map((s) => `${s.label} (${s.id})`).join(', ');

const HEAD = 256 * 1024;
const TAIL = 1024 * 1024;

/**
 * The value after `"key":` at `from` in `text`, when it is a complete array there: found by
 * bracket matching outside strings, then parsed. Undefined when the text is cut short or the
 * value is not an array.
 */
function arrayAfter(text: string, from: number): unknown[] | undefined {
  let i = text.indexOf(':', from);
  if (i < 0) return undefined;
  i++;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== '[') return undefined;
  let depth = 0;
  let inString = false;
  for (let k = i; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === '\\') k++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        try {
          const v: unknown = JSON.parse(text.slice(i, k + 1));
          return Array.isArray(v) ? v : undefined;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

const isCategoryList = (v: unknown[] | undefined): v is unknown[] =>
  v !== undefined &&
  v.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c) && 'id' in c);

/** `categories` found in a piece of the file's text (its start or end), when whole there. */
function categoriesIn(text: string): unknown[] | undefined {
  for (let at = text.indexOf('"categories"'); at >= 0; at = text.indexOf('"categories"', at + 1)) {
    const v = arrayAfter(text, at + '"categories"'.length);
    if (isCategoryList(v)) return v;
  }
  return undefined;
}

const PART_RE = /"(foot|face|lefthand|righthand)_kpts"\s*:/;

/**
 * The file's `categories` and whether its annotations carry COCO-WholeBody's part fields.
 * COCO files keep `categories` at one end and annotations at one end, so the first 256 KiB and
 * last 1 MiB usually tell; otherwise the file is walked once, values skipped, until both are known.
 */
function sniff(file: string): { categories: unknown[] | undefined; parts: boolean } {
  const fd = openSync(file, 'r');
  let head: string;
  let tail: string;
  let whole: boolean;
  try {
    const size = fstatSync(fd).size;
    whole = size <= HEAD + TAIL;
    const read = (start: number, length: number) => {
      const b = Buffer.alloc(length);
      const n = readSync(fd, b, 0, length, start);
      return b.toString('utf8', 0, n);
    };
    head = read(0, whole ? size : HEAD);
    tail = whole ? '' : read(size - TAIL, TAIL);
  } finally {
    closeSync(fd);
  }
  const parts = PART_RE.test(head) || PART_RE.test(tail);
  const categories = categoriesIn(head) ?? categoriesIn(tail);
  if (categories || whole) return { categories, parts };
  // Walk the file: `categories` emitted whole, the first annotation too; stop once both are seen.
  let found: unknown[] | undefined;
  let firstAnnotation: object | undefined;
  const done = new Error('done');
  try {
    forEachJsonValue(
      file,
      (p) =>
        p.length === 0
          ? 'descend'
          : p[0] === 'categories' && p.length === 1
            ? 'emit'
            : p[0] === 'annotations'
              ? p.length === 1
                ? 'descend'
                : p[1] === '0' && p.length === 2
                  ? 'emit'
                  : 'skip'
              : 'skip',
      (p, value) => {
        if (p[0] === 'categories') found = Array.isArray(value) ? value : undefined;
        else firstAnnotation = typeof value === 'object' && value !== null ? value : {};
        if (found !== undefined && firstAnnotation !== undefined) throw done;
      },
    );
  } catch (err) {
    if (err !== done) throw err;
  }
  const first = firstAnnotation as object | undefined;
  const partsInFirst = first !== undefined && WHOLEBODY_PARTS.some(([k]) => k in first);
  return { categories: isCategoryList(found) ? found : undefined, parts: parts || partsInFirst };
}

/**
 * The layout of a COCO-style keypoint file, from `categories[].keypoints` (the first category
 * that lists keypoints): the known skeleton with those joint names in that order, COCO-17 when
 * no category lists any (person_keypoints files written by tools that leave them out), or the
 * names when no skeleton has them. COCO-WholeBody files name COCO's 17 joints and add part
 * fields to each annotation (`foot_kpts`, …): with those present the layout is COCO-WholeBody.
 */
export function readCocoLayout(root: string, relative: string): CocoLayout {
  const { categories, parts } = sniff(join(root, relative));
  const category = (categories ?? []).find((c) => {
    const kp = (c as { keypoints?: unknown }).keypoints;
    return Array.isArray(kp) && kp.length > 0;
  }) as { keypoints: unknown[]; skeleton?: unknown; name?: unknown } | undefined;
  if (!category) {
    return parts
      ? { skeleton: WHOLEBODY_133, wholeBodyParts: true, assumed: false }
      : { skeleton: COCO_17, wholeBodyParts: false, assumed: true };
  }
  const names = category.keypoints.map(String);
  const skeleton = skeletonByJointNames(known, names);
  if (!skeleton) return { skeleton: definedSkeleton(relative, category, names), ...asGiven };
  if (skeleton.id === 'coco17' && parts)
    return { skeleton: WHOLEBODY_133, wholeBodyParts: true, assumed: false };
  return { skeleton, ...asGiven };
}

const asGiven = { wholeBodyParts: false, assumed: false } as const;

/**
 * The skeleton a category defines: its keypoint names, and its `skeleton` pairs as bones
 * (cocoapi's are 1-based). Refused, naming the file, when the pairs are not index pairs or
 * link joints the category does not have.
 */
function definedSkeleton(
  relative: string,
  category: { skeleton?: unknown; name?: unknown },
  names: readonly string[],
): Skeleton {
  const pairs = category.skeleton ?? [];
  const isPairs =
    Array.isArray(pairs) &&
    pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v)));
  if (!isPairs) {
    throw new Error(
      `${relative}: its keypoint category's "skeleton" is not a list of joint index pairs`,
    );
  }
  const spec: FileSkeletonSpec = {
    label: `${typeof category.name === 'string' ? category.name : 'keypoints'} (${names.length} joints, from the file)`,
    joints: names,
    bones: cocoBones(pairs as number[][], names.length),
    source: relative,
  };
  const problem = fileSkeletonProblem(spec);
  if (problem) throw new Error(`${relative}: keypoint category: ${problem}`);
  return registerFileSkeleton(spec);
}
