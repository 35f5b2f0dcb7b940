import { WHOLEBODY_PARTS } from '../datasets/adapters/cocoLayout';
import type { DatasetFormat } from '../datasets/records';
import { bboxOf } from '../store/labels/groundTruth';
import { blobF64, blobU8 } from '../store/db/blobs';
import type { InstanceRow } from '../store/labels/exportRows';

type Json = Record<string, unknown>;

const rows = (a: Float64Array, dims: number): number[][] =>
  Array.from({ length: a.length / dims }, (_, j) =>
    Array.from(a.subarray(j * dims, (j + 1) * dims)),
  );

/** Visibility back in the file's own type per joint: booleans stay booleans, numbers numbers. */
function visibilityLike(original: unknown, vis: Uint8Array): unknown[] {
  const orig = Array.isArray(original) && original.length === vis.length ? original : undefined;
  return Array.from(vis, (v, j) => {
    const o: unknown = orig?.[j];
    if (typeof o === 'boolean') return v > 0;
    if (typeof o === 'number' && (o !== 0) === v > 0) return o;
    return v > 0 ? 1 : 0;
  });
}

const sameCoord = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * COCO's flat [x, y, v, …]. Joints as the file gave them go back as read; a corrected joint
 * follows COCO's conventions, since edits carry positions, not visibility: deleted (missing)
 * becomes the unlabelled 0, 0, 0, and one placed where the file had v = 0 becomes visible (2),
 * or COCO tools would ignore the fix.
 */
function cocoKeypoints(
  j2: Float64Array,
  vis: Uint8Array,
  original: Float64Array | undefined,
  added: boolean,
) {
  const kp: number[] = [];
  for (let j = 0; j < vis.length; j++) {
    const [x, y, v] = [j2[2 * j]!, j2[2 * j + 1]!, vis[j]!];
    const moved =
      added ||
      (original !== undefined &&
        !(sameCoord(x, original[2 * j]!) && sameCoord(y, original[2 * j + 1]!)));
    if (!moved) kp.push(x, y, v);
    else if (!Number.isFinite(x) || !Number.isFinite(y)) kp.push(0, 0, 0);
    else if (added) kp.push(...(v === 0 ? [0, 0, 0] : [x, y, v]));
    else kp.push(x, y, v === 0 ? 2 : v);
  }
  return kp;
}

/**
 * Writes a person's keypoints into the annotation: COCO-WholeBody's 133 joints back into
 * `keypoints` (body) and its part fields, when the annotation has them (or, added here, has no
 * keypoints yet); any other layout whole into `keypoints`. Returns the body keypoints.
 */
function splitWholeBody(a: Json, kp: number[]): number[] {
  const parts =
    kp.length === 133 * 3 &&
    (WHOLEBODY_PARTS.some(([field]) => field in a) || !Array.isArray(a.keypoints));
  if (!parts) {
    a.keypoints = kp;
    return kp;
  }
  let at = 17 * 3;
  a.keypoints = kp.slice(0, at);
  for (const [field, joints] of WHOLEBODY_PARTS) {
    a[field] = kp.slice(at, at + joints * 3);
    at += joints * 3;
  }
  return kp.slice(0, 17 * 3);
}

/**
 * An MPII list record with its joints from the store: a joint as read goes back as read; a
 * corrected one is written in the list's 1-based pixels (the adapter stored 0-based) with
 * `joints_vis` 1, and a deleted one as MPII's unlabelled [-1, -1] with 0. `center`, `scale` and
 * every other field pass through as read.
 */
function mpiiRecord(a: Json, row: InstanceRow): string {
  const j2 = blobF64(row.joints_2d);
  const original = blobF64(row.original_2d);
  if (!j2 || !original || !Array.isArray(a.joints) || !Array.isArray(a.joints_vis))
    return JSON.stringify(a);
  const joints = [...(a.joints as unknown[])];
  const vis = [...(a.joints_vis as unknown[])];
  for (let j = 0; j < joints.length; j++) {
    const [x, y] = [j2[2 * j]!, j2[2 * j + 1]!];
    if (sameCoord(x, original[2 * j]!) && sameCoord(y, original[2 * j + 1]!)) continue;
    const placed = Number.isFinite(x) && Number.isFinite(y);
    joints[j] = placed ? [x + 1, y + 1] : [-1, -1];
    vis[j] = placed ? 1 : 0;
  }
  return JSON.stringify({ ...a, joints, joints_vis: vis });
}

/**
 * An annotation as the dataset's own JSON: the original record with the fields PoseScope holds
 * (box, joints, visibility) written from the store, so corrections land and every other field
 * passes through untouched. Fields PoseScope could not read (a wrong joint count) stay as they were.
 */
export function annotationJson(format: DatasetFormat, row: InstanceRow): string {
  const a = (row.raw ? JSON.parse(row.raw) : {}) as Json;
  if (format === 'mpii') return mpiiRecord(a, row);
  const box = bboxOf(row);
  if (box) a.bbox = [...box];
  const j3 = blobF64(row.joints_3d);
  const j2 = blobF64(row.joints_2d);
  const vis = blobU8(row.vis);
  switch (format) {
    case 'h36m':
      // World joints live in the joint file, written per frame.
      if (vis) a.keypoints_vis = visibilityLike(a.keypoints_vis, vis);
      break;
    case 'mupots':
      if (j3) a.keypoints_cam = rows(j3, 3);
      if (j2) a.keypoints_img = rows(j2, 2);
      if (vis) a.keypoints_vis = visibilityLike(a.keypoints_vis, vis);
      break;
    case 'coco':
      if (j2 && vis) {
        const added = row.added === 1;
        const kp = cocoKeypoints(j2, vis, blobF64(row.original_2d), added);
        const body = splitWholeBody(a, kp);
        // A corrected person's labelled-joint count follows their (body) keypoints.
        if ((row.original_2d || added) && typeof a.num_keypoints === 'number')
          a.num_keypoints = body.filter((v, i) => i % 3 === 2 && v > 0).length;
      }
      // COCO scales keypoint similarity by area; a person added here has no segmentation, so
      // their box's area stands in (as keypoint-only datasets do).
      if (row.added === 1 && box) a.area = box[2] * box[3];
      break;
    case 'images':
      break;
  }
  // NaN (a coordinate the file gave as null) goes back as null, as JSON.stringify writes it.
  return JSON.stringify(a);
}

export const worldPoseJson = (blob: Buffer): string => JSON.stringify(rows(blobF64(blob)!, 3));
