import {
  distortionOf,
  type CameraRecord,
  type DatasetFormat,
  type ImageRecord,
  type InstanceRecord,
  type RecordSink,
} from '../records';
import { RECORD_LAYOUTS, type CameraColumns } from './recordLayouts';
import { splitRecord, type RecordLayout } from './residualRecord';

/** The residual of a record (undefined: it stays whole). */
function residualOf<R extends { readonly raw?: string | null; readonly rawValue?: unknown }, C>(
  rec: R,
  layout: RecordLayout<C> | undefined,
  columns: (rec: R) => C,
): string | null | undefined {
  if (!layout || typeof rec.raw !== 'string') return undefined;
  const record = rec.rawValue === undefined ? JSON.parse(rec.raw) : rec.rawValue;
  return splitRecord(layout, record, columns(rec))?.residual;
}

/** Every field, optional ones too: a field added to a record type must be carried here. */
type Whole<R> = { [K in keyof Required<R>]: R[K] };

/**
 * Records cut to their residual, built field by field: copies made by spreading came out in
 * V8's slow dictionary form and cost the encoder more than the smaller text saved.
 */
const imageWith = (r: ImageRecord, raw: string | null): Whole<ImageRecord> => ({
  sourceId: r.sourceId,
  file: r.file,
  width: r.width,
  height: r.height,
  cameraKey: r.cameraKey,
  subject: r.subject,
  action: r.action,
  sequence: r.sequence,
  camera: r.camera,
  frame: r.frame,
  scene: r.scene,
  missing: r.missing,
  raw,
  residual: true,
  rawValue: undefined,
});

const instanceWith = (r: InstanceRecord, raw: string | null): Whole<InstanceRecord> => ({
  imageSourceId: r.imageSourceId,
  sourceId: r.sourceId,
  person: r.person,
  bbox: r.bbox,
  iscrowd: r.iscrowd,
  space: r.space,
  joints3d: r.joints3d,
  joints2d: r.joints2d,
  vis: r.vis,
  valid: r.valid,
  flags: r.flags,
  raw,
  residual: true,
  rawValue: undefined,
  headSize: r.headSize,
});

/** A camera's columns as the index gives them back: one distortion blob holds k and p. */
function cameraColumns(rec: CameraRecord): CameraColumns {
  const d = distortionOf(rec);
  return {
    f: rec.f,
    c: rec.c,
    R: rec.R,
    t: rec.t,
    k: d && [d[0]!, d[1]!, d[2]!],
    p: d && [d[3]!, d[4]!],
  };
}

/**
 * Hands records on to `inner` with their raw text cut to what the index's columns cannot give
 * back (recordLayouts.ts): the indexer's sink, on the thread that parses.
 */
export function residualSink(format: DatasetFormat, inner: RecordSink): RecordSink {
  const layouts = RECORD_LAYOUTS[format];
  if (!layouts) return inner;
  // People that name their image file (MPII) are split against the file their image got.
  const files = layouts.instance?.usesImageFile ? new Map<string, string>() : undefined;
  return {
    camera: (rec) => {
      const raw = residualOf(rec, layouts.camera, cameraColumns);
      inner.camera(raw === undefined ? rec : { ...rec, raw, residual: true });
    },
    image: (rec) => {
      files?.set(rec.sourceId, rec.file);
      const raw = residualOf(rec, layouts.image, (r) => r);
      inner.image(raw === undefined ? rec : imageWith(rec, raw));
    },
    instance: (rec) => {
      const raw = residualOf(rec, layouts.instance, (r) =>
        files ? { ...r, imageFile: files.get(r.imageSourceId) } : r,
      );
      inner.instance(raw === undefined ? rec : instanceWith(rec, raw));
    },
    fileValue: (file, path, text) => inner.fileValue(file, path, text),
  };
}
