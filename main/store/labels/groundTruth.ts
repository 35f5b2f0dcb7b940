import type { Extrinsics, Intrinsics, Mat3, Pose2D, Pose3D, Vec3 } from '../../../core';
import { headSizeOfBox, posesWorldToCamera, projectPose } from '../../../core';
import type { DatasetFormat } from '../../datasets/records';
import { blobF64, blobU8 } from '../db/blobs';
import type { IndexDb } from '../db/openIndex';
import { ownedIds, pagedRows } from '../db/pagedRows';
import { joints3dSql } from './sharedPose';

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

interface Row extends LabelColumns {
  image_id: number;
  camera_id: number | null;
  source_id: string;
  file: string;
  width: number | null;
  height: number | null;
  action: string | null;
  sequence: string | null;
  instance_id: number | null;
  instance_source: string | null;
  valid: number | null;
  iscrowd: number | null;
  raw: string | null;
  head_size: number | null;
}

/**
 * One page of `groundTruthImages`: the images after an id, up to the last of the range and at
 * most a page of them, with their people. Bound: dataset id, after, last, page size (`ownedIds`
 * says why the images are read by id).
 */
export function groundTruthPageSql(format: DatasetFormat): string {
  return `SELECT im.id AS image_id, im.source_id, im.file, im.width, im.height, im.action, im.sequence,
     im.camera_id, i.id AS instance_id, i.source_id AS instance_source, i.space, ${joints3dSql('i')} AS joints_3d, i.joints_2d, i.vis, i.bbox_x, i.bbox_y,
     i.bbox_w, i.bbox_h, i.valid, i.iscrowd, i.head_size, ${format === 'coco' || format === 'mpii' ? 'i.raw' : 'NULL AS raw'}
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
  const rows = pagedRows(
    (from: number) => page.all(datasetId, from, last, PAGE_IMAGES) as Row[],
    after,
    (r) => r.image_id,
    PAGE_IMAGES,
  );
  let current: (GtImage & { people: GtPerson[] }) | undefined;
  for (const r of rows) {
    const { intr, ext } = cameraOf(r.camera_id);
    if (current?.imageId !== r.image_id) {
      if (current) yield current;
      current = {
        imageId: r.image_id,
        sourceId: r.source_id,
        group: (format === 'h36m' ? r.action : r.sequence) ?? '(none)',
        file: r.file,
        width: r.width,
        height: r.height,
        intrinsics: intr,
        people: [],
      };
    }
    if (r.instance_id === null) continue;
    const j3 = blobF64(r.joints_3d);
    let cam: Pose3D | undefined;
    if (j3) {
      const pose = toPose3(j3);
      if (r.space === 'world') {
        cam = ext ? posesWorldToCamera(pose, ext) : undefined;
      } else cam = pose;
    }
    const j2 = blobF64(r.joints_2d);
    const img = j2 ? toPose2(j2) : cam && intr ? projectPose(cam, intr) : undefined;
    const bbox = bboxOf(r);
    let area = bbox ? bbox[2] * bbox[3] : 0;
    // A head size the dataset keeps beside its records (MPII's mpii_gt_val.mat), else the record's own.
    let headSize = r.head_size ?? undefined;
    if (r.raw) {
      const raw = JSON.parse(r.raw) as { area?: unknown; head_box?: unknown; head_size?: unknown };
      if (typeof raw.area === 'number') area = raw.area;
      headSize ??=
        typeof raw.head_size === 'number' && raw.head_size > 0
          ? raw.head_size
          : headSizeOf(raw.head_box);
    }
    current!.people.push({
      instanceId: r.instance_id,
      sourceId: r.instance_source ?? String(r.instance_id),
      ...(headSize === undefined ? {} : { headSize }),
      cam,
      img,
      vis: blobU8(r.vis),
      bbox,
      valid: r.valid === 1,
      iscrowd: r.iscrowd === 1,
      area,
    });
  }
  if (current) yield current;
}
