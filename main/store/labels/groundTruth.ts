import type { Extrinsics, Intrinsics, Mat3, Pose2D, Pose3D, Vec3 } from '../../../core';
import { flatPoseWorldToCamera, headSizeOfBox, projectPose } from '../../../core';
import type { DatasetFormat } from '../../datasets/records';
import { blobF64, blobU8 } from '../db/blobs';
import type { IndexDb } from '../db/openIndex';
import { ownedIds, pagedRows } from '../db/pagedRows';
import { SharedPoses } from './sharedPose';

export interface GtPerson {
  readonly instanceId: number;
  /** The dataset's own id for the person (a COCO annotation id): what a prediction's `ann_id` names. */
  readonly sourceId: string;
  /** Camera space (mm), converted from world space where the dataset stores it so. */
  readonly cam?: Pose3D;
  readonly img?: Pose2D;
  readonly vis?: Uint8Array;
  readonly bbox?: readonly [number, number, number, number];
  readonly valid: boolean;
  readonly iscrowd: boolean;
  /** COCO segment area (OKS scale); the box area where the annotation gives none. */
  readonly area: number;
  /** PCKh's head size (px): an annotation's `head_size`, or from its `head_box` [x1, y1, x2, y2]. */
  readonly headSize?: number;
}

export interface GtImage {
  readonly imageId: number;
  readonly sourceId: string;
  /** Row of the per-action (Human3.6M) or per-sequence (MuPoTS-3D, COCO) tables. */
  readonly group: string;
  /** Relative to the dataset root. */
  readonly file: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly intrinsics?: Intrinsics;
  readonly people: GtPerson[];
}

export const toPose3 = (a: Float64Array): Vec3[] =>
  Array.from(
    { length: a.length / 3 },
    (_, j) => [a[3 * j]!, a[3 * j + 1]!, a[3 * j + 2]!] as const,
  );

export const toPose2 = (a: Float64Array): [number, number][] =>
  Array.from({ length: a.length / 2 }, (_, j) => [a[2 * j]!, a[2 * j + 1]!]);

export const toMat3 = (a: Float64Array): Mat3 => [
  [a[0]!, a[1]!, a[2]!],
  [a[3]!, a[4]!, a[5]!],
  [a[6]!, a[7]!, a[8]!],
];

/** A camera row's columns, as queries joining `cameras` select them. */
export interface CameraColumns {
  fx: number | null;
  fy: number | null;
  cx: number | null;
  cy: number | null;
  rotation: Buffer | null;
  translation: Buffer | null;
  /** k1, k2, k3, p1, p2 (unitWriter), where the query selects it and the camera has any. */
  distortion?: Buffer | null;
}

/** An instance row's label columns, as queries reading people select them. */
export interface LabelColumns {
  space: 'world' | 'camera' | null;
  joints_3d: Buffer | null;
  joints_2d: Buffer | null;
  vis: Buffer | null;
  bbox_x: number | null;
  bbox_y: number | null;
  bbox_w: number | null;
  bbox_h: number | null;
}

/**
 * A camera row's intrinsics, when all four are stored, with its lens distortion where the row
 * has one: whatever projects labels through it (derived 2D, pairing, the views grid) then
 * distorts as the dataset's own projection does.
 */
export function intrinsicsOf(
  r: Pick<CameraColumns, 'fx' | 'fy' | 'cx' | 'cy' | 'distortion'>,
): Intrinsics | undefined {
  if (r.fx === null || r.fy === null || r.cx === null || r.cy === null) return undefined;
  const d = blobF64(r.distortion ?? null);
  return {
    f: [r.fx, r.fy] as const,
    c: [r.cx, r.cy] as const,
    ...(d && d.length >= 5
      ? { k: [d[0]!, d[1]!, d[2]!] as const, p: [d[3]!, d[4]!] as const }
      : {}),
  };
}

/** A camera row's extrinsics (R, t), when both are stored. */
export function extrinsicsOf(
  r: Pick<CameraColumns, 'rotation' | 'translation'>,
): Extrinsics | undefined {
  const R = blobF64(r.rotation);
  const t = blobF64(r.translation);
  return R && t ? { R: toMat3(R), t: [t[0]!, t[1]!, t[2]!] as const } : undefined;
}

/** An instance row's box [x, y, w, h], when all four columns are set. */
export function bboxOf(
  r: Pick<LabelColumns, 'bbox_x' | 'bbox_y' | 'bbox_w' | 'bbox_h'>,
): readonly [number, number, number, number] | undefined {
  return r.bbox_x !== null && r.bbox_y !== null && r.bbox_w !== null && r.bbox_h !== null
    ? ([r.bbox_x, r.bbox_y, r.bbox_w, r.bbox_h] as const)
    : undefined;
}

const PAGE_IMAGES = 2000;

/** A head box [x1, y1, x2, y2] as PCKh's head size, when it is one. */
function headSizeOf(box: unknown): number | undefined {
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number'))
    return undefined;
  const [x1, y1, x2, y2] = box as [number, number, number, number];
  const size = headSizeOfBox(x1, y1, x2, y2);
  return size > 0 ? size : undefined;
}

/** A page row's columns, by position (`groundTruthPageSql` selects them in this order). */
const enum Col {
  imageId,
  sourceId,
  file,
  width,
  height,
  action,
  sequence,
  cameraId,
  instanceId,
  instanceSource,
  space,
  joints3d,
  poseOf,
  joints2d,
  vis,
  bboxX,
  bboxY,
  bboxW,
  bboxH,
  valid,
  iscrowd,
  headSize,
  raw,
}

/**
 * One page of `groundTruthImages`: the images after an id, up to the last of the range and at
 * most a page of them, with their people. Bound: dataset id, after, last, page size (`ownedIds`
 * says why the images are read by id).
 */
export function groundTruthPageSql(format: DatasetFormat): string {
  return `SELECT im.id, im.source_id, im.file, im.width, im.height, im.action, im.sequence,
     im.camera_id, i.id, i.source_id, i.space, i.joints_3d, i.pose_of, i.joints_2d, i.vis,
     i.bbox_x, i.bbox_y, i.bbox_w, i.bbox_h, i.valid, i.iscrowd, i.head_size,
     ${format === 'coco' || format === 'mpii' ? 'i.raw' : 'NULL'}
   FROM images im
   LEFT JOIN instances i ON i.image_id = im.id AND i.removed = 0
   WHERE im.id IN (SELECT id FROM images WHERE +dataset_id = ? AND id > ? AND id <= ?
     ORDER BY id LIMIT ?)
   ORDER BY im.id, i.id`;
}

/**
 * Every image of a dataset (or the one `onlyImage` names) with its people, in camera space,
 * streamed in image order.
 * World-space joints (Human3.6M) go through their image's camera: X_cam = R·X_world + t; people
 * without a 2D pose get the projection of their 3D one.
 */
export function* groundTruthImages(
  db: IndexDb,
  datasetId: number,
  format: DatasetFormat,
  onlyImage?: number,
): Generator<GtImage> {
  // Pages of images by id, each read whole: the caller writes between pages, and SQLite
  // refuses writes on a connection while one of its queries is still being stepped.
  const page = db.prepare(groundTruthPageSql(format));
  // Each camera read and decoded once: Human3.6M's million frames come from 28 of them.
  const cameraRow = db.prepare(
    'SELECT fx, fy, cx, cy, rotation, translation, distortion FROM cameras WHERE id = ?',
  );
  const cameras = new Map<number, { intr?: Intrinsics; ext?: Extrinsics }>();
  const cameraOf = (id: number | null) => {
    if (id === null) return {};
    let cam = cameras.get(id);
    if (!cam) {
      const r = cameraRow.get(id) as CameraColumns | undefined;
      cam = r ? { intr: intrinsicsOf(r), ext: extrinsicsOf(r) } : {};
      cameras.set(id, cam);
    }
    return cam;
  };
  const { after, last } =
    onlyImage === undefined
      ? ownedIds(db, 'images', 'dataset_id', datasetId)
      : { after: onlyImage - 1, last: onlyImage };
  // A page holds at least a row per image, so one of fewer rows than PAGE_IMAGES is the last.
  // Rows as arrays: better-sqlite3 building an object of 23 named properties per row took as
  // long as SQLite's reading of them.
  const read = page.raw(true);
  const shared = new SharedPoses(db, blobF64);
  const rows = pagedRows(
    (from: number) => read.all(datasetId, from, last, PAGE_IMAGES) as unknown[][],
    after,
    (r) => r[Col.imageId] as number,
    PAGE_IMAGES,
  );
  let current: (GtImage & { people: GtPerson[] }) | undefined;
  for (const r of rows) {
    const imageId = r[Col.imageId] as number;
    const { intr, ext } = cameraOf(r[Col.cameraId] as number | null);
    if (current?.imageId !== imageId) {
      if (current) yield current;
      current = {
        imageId,
        sourceId: r[Col.sourceId] as string,
        group: ((format === 'h36m' ? r[Col.action] : r[Col.sequence]) as string | null) ?? '(none)',
        file: r[Col.file] as string,
        width: r[Col.width] as number | null,
        height: r[Col.height] as number | null,
        intrinsics: intr,
        people: [],
      };
    }
    const instanceId = r[Col.instanceId] as number | null;
    if (instanceId === null) continue;
    const j3 = shared.of(
      instanceId,
      r[Col.joints3d] as Buffer | null,
      r[Col.poseOf] as number | null,
    );
    let cam: Pose3D | undefined;
    if (j3) {
      if (r[Col.space] === 'world') cam = ext ? flatPoseWorldToCamera(j3, ext) : undefined;
      else cam = toPose3(j3);
    }
    const j2 = blobF64(r[Col.joints2d] as Buffer | null);
    const img = j2 ? toPose2(j2) : cam && intr ? projectPose(cam, intr) : undefined;
    const bbox = bboxOf({
      bbox_x: r[Col.bboxX] as number | null,
      bbox_y: r[Col.bboxY] as number | null,
      bbox_w: r[Col.bboxW] as number | null,
      bbox_h: r[Col.bboxH] as number | null,
    });
    let area = bbox ? bbox[2] * bbox[3] : 0;
    // A head size the dataset keeps beside its records (MPII's mpii_gt_val.mat), else the record's own.
    let headSize = (r[Col.headSize] as number | null) ?? undefined;
    const rawText = r[Col.raw] as string | null;
    if (rawText) {
      const raw = JSON.parse(rawText) as {
        area?: unknown;
        head_box?: unknown;
        head_size?: unknown;
      };
      if (typeof raw.area === 'number') area = raw.area;
      headSize ??=
        typeof raw.head_size === 'number' && raw.head_size > 0
          ? raw.head_size
          : headSizeOf(raw.head_box);
    }
    current!.people.push({
      instanceId,
      sourceId: (r[Col.instanceSource] as string | null) ?? String(instanceId),
      ...(headSize === undefined ? {} : { headSize }),
      cam,
      img,
      vis: blobU8(r[Col.vis] as Buffer | null),
      bbox,
      valid: r[Col.valid] === 1,
      iscrowd: r[Col.iscrowd] === 1,
      area,
    });
  }
  if (current) yield current;
}
