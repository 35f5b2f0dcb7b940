import type { DatasetFormat } from '../../datasets/records';
import { RECORD_LAYOUTS } from '../../datasets/residual/recordLayouts';
import { restoreRecord, type RecordLayout } from '../../datasets/residual/residualRecord';
import { blobF64, blobU8 } from '../db/blobs';
import { bboxOf, toMat3, type LabelColumns } from './groundTruth';
import { joints3dSql } from './sharedPose';

/**
 * A row's original record for export, from what the row keeps: `raw` itself where it holds the
 * whole record (raw_residual 0: every row written before schema version 17, and records no
 * layout splits), else the residual with the layout's other fields re-created from the row's
 * columns. Readers select the columns below (images as `im`, people as `i`, cameras as `c`).
 */

export const IMAGE_RECORD_COLUMNS = `im.source_id, im.file, im.width, im.height, im.subject,
  im.action, im.sequence, im.camera, im.frame, im.raw, im.raw_residual`;

export const PERSON_RECORD_COLUMNS = `i.source_id, im.source_id AS image_source_id,
  im.file AS image_file, i.bbox_x, i.bbox_y, i.bbox_w, i.bbox_h, i.iscrowd,
  ${joints3dSql('i')} AS joints_3d, i.joints_2d, i.vis, i.raw, i.raw_residual`;

export const CAMERA_RECORD_COLUMNS = `c.fx, c.fy, c.cx, c.cy, c.rotation, c.translation,
  c.distortion, c.raw, c.raw_residual`;

interface Kept {
  readonly raw: string | null;
  readonly raw_residual: number;
}

export interface ImageRecordRow extends Kept {
  readonly source_id: string;
  readonly file: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly subject: string | null;
  readonly action: string | null;
  readonly sequence: string | null;
  readonly camera: string | null;
  readonly frame: number | null;
}

export interface PersonRecordRow extends Kept, Omit<LabelColumns, 'space'> {
  readonly source_id: string;
  readonly image_source_id: string;
  readonly image_file: string;
  readonly iscrowd: number;
}

/** A camera row (its intrinsics are NOT NULL in the schema). */
export interface CameraRecordRow extends Kept {
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
  readonly rotation: Buffer | null;
  readonly translation: Buffer | null;
  readonly distortion: Buffer | null;
}

const some = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function text<C>(
  row: Kept,
  layout: RecordLayout<C> | undefined,
  columns: () => C,
  what: string,
): string | null {
  if (row.raw_residual === 0) return row.raw;
  if (!layout)
    throw new Error(`a stored ${what} record is a residual, but its format has no layout for it`);
  return JSON.stringify(restoreRecord(layout, row.raw, columns()));
}

export function imageRecordText(format: DatasetFormat, r: ImageRecordRow): string | null {
  return text(
    r,
    RECORD_LAYOUTS[format]?.image,
    () => ({
      sourceId: r.source_id,
      file: r.file,
      width: some(r.width),
      height: some(r.height),
      subject: some(r.subject),
      action: some(r.action),
      sequence: some(r.sequence),
      camera: some(r.camera),
      frame: some(r.frame),
    }),
    'image',
  );
}

export function personRecordText(format: DatasetFormat, r: PersonRecordRow): string | null {
  return text(
    r,
    RECORD_LAYOUTS[format]?.instance,
    () => ({
      sourceId: r.source_id,
      imageSourceId: r.image_source_id,
      imageFile: r.image_file,
      bbox: bboxOf(r),
      iscrowd: r.iscrowd === 1,
      joints3d: blobF64(r.joints_3d),
      joints2d: blobF64(r.joints_2d),
      vis: blobU8(r.vis),
    }),
    'person',
  );
}

export function cameraRecordText(format: DatasetFormat, r: CameraRecordRow): string | null {
  return text(
    r,
    RECORD_LAYOUTS[format]?.camera,
    () => {
      const R = blobF64(r.rotation);
      const t = blobF64(r.translation);
      const d = blobF64(r.distortion);
      return {
        f: [r.fx, r.fy] as const,
        c: [r.cx, r.cy] as const,
        R: R && toMat3(R),
        t: t && ([t[0]!, t[1]!, t[2]!] as const),
        k: d && ([d[0]!, d[1]!, d[2]!] as const),
        p: d && ([d[3]!, d[4]!] as const),
      };
    },
    'camera',
  );
}
