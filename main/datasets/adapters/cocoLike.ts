import type { z } from 'zod';
import { forEachJsonValue, type JsonPath } from '../json/jsonSplitter';
import { join } from 'node:path';
import {
  FLAG,
  type InstanceRecord,
  type IssueLog,
  type ReadContext,
  type RecordSink,
} from '../records';
import { describeZodError } from './common';

/** COCO-like files: walk into `images` and `annotations` and emit each record; emit the rest whole. */
export const cocoLikeRecords = (p: JsonPath) =>
  p.length === 0
    ? 'descend'
    : (p[0] === 'images' || p[0] === 'annotations') && p.length === 1
      ? 'descend'
      : 'emit';

type Id = string | number;

/** Images are keyed by `id`, annotations point at them by `image_id`, as in COCO. */
export interface CocoLikeSpec<I extends { id: Id }, A extends { id: Id; image_id: Id }, Info> {
  readonly image: z.ZodType<I>;
  readonly annotation: z.ZodType<A>;
  /**
   * Handles a valid image record; what it returns is handed to that image's annotations. `raw`
   * is the record's text, `value` that text parsed (before the schema's checks).
   */
  readonly onImage: (im: I, raw: string, at: string, value: unknown) => Info;
  readonly onAnnotation: (a: A, image: Info, raw: string, at: string, value: unknown) => void;
}

/**
 * Streams the images and annotations of a COCO-like file (COCO, Human3.6M data files,
 * MuPoTS-3D), validating each record with its schema. Invalid records and annotations of
 * unknown images are reported with their file and array position and skipped; other top-level
 * values (`info`, `licenses`, `categories`, …) go to the sink as file values, so export can
 * write them back. `file` is relative to `root`. Returns how many annotation records the file
 * holds, valid or not.
 */
export function readCocoLike<I extends { id: Id }, A extends { id: Id; image_id: Id }, Info>(
  root: string,
  relative: string,
  sink: RecordSink,
  spec: CocoLikeSpec<I, A, Info>,
  { issues, onBytes }: ReadContext,
): number {
  const file = join(root, relative);
  const images = new Map<string, Info>();
  const annotationIds = new Set<string>();
  // JSON key order is the writer's choice: a file whose annotations come before its images is
  // read twice, annotations skipped the first time and read alone the second (memory stays
  // bounded: nothing is buffered).
  let annotationsFirst = false;
  let count = 0;
  const annotation = (value: unknown, text: string, at: string) => {
    count++;
    const r = spec.annotation.safeParse(value);
    if (!r.success) return issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
    const a = r.data;
    const id = String(a.id);
    if (annotationIds.has(id)) return issues.report('duplicate id', `${at}: annotation id ${id}`);
    annotationIds.add(id);
    const image = images.get(String(a.image_id));
    if (image === undefined)
      return issues.report('annotation for unknown image', `${at}: image_id ${a.image_id}`);
    spec.onAnnotation(a, image, text, at, value);
  };
  forEachJsonValue(
    file,
    cocoLikeRecords,
    (p, value, text) => {
      if (p.length === 1) return sink.fileValue(relative, p[0]!, text);
      const at = `${file} ${p[0]}[${p[1]}]`;
      if (p[0] === 'annotations') {
        if (images.size === 0) annotationsFirst = true;
        if (!annotationsFirst) annotation(value, text, at);
        return;
      }
      const r = spec.image.safeParse(value);
      if (!r.success) return issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
      const id = String(r.data.id);
      // The first of a repeated id stands: a second would overwrite it, or fail the index.
      if (images.has(id)) return issues.report('duplicate id', `${at}: image id ${id}`);
      images.set(id, spec.onImage(r.data, text, at, value));
    },
    { onBytes },
  );
  if (annotationsFirst)
    forEachJsonValue(
      file,
      (p) =>
        p.length === 0 || (p[0] === 'annotations' && p.length === 1)
          ? 'descend'
          : p[0] === 'annotations'
            ? 'emit'
            : 'skip',
      (p, value, text) => annotation(value, text, `${file} ${p[0]}[${p[1]}]`),
    );
  return count;
}

type PersonFields = Omit<
  InstanceRecord,
  'imageSourceId' | 'sourceId' | 'person' | 'bbox' | 'iscrowd'
>;

/** Beyond this (px or mm) a coordinate is a writing error: no image is that wide, no room that deep. */
const IMPLAUSIBLE = 1e7;

const implausibleValues = (a: ArrayLike<number> | undefined): boolean => {
  if (!a) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]!) > IMPLAUSIBLE) return true;
  return false;
};

/**
 * A person from a COCO-like annotation plus what the format adds; numbers people within their
 * image in file order. A box of negative size or with coordinates past 1e7, and joints past
 * 1e7, are flagged implausible and reported under `at`. One object literal with every field,
 * not a spread: spreading made V8 build each record in its slow path, a tenth of indexing time.
 */
export function cocoPerson(
  a: { id: Id; image_id: Id; bbox?: readonly [number, number, number, number]; iscrowd?: number },
  image: { people: number },
  f: PersonFields,
  issues: IssueLog,
  at: string,
): InstanceRecord {
  let flags = f.flags;
  const b = a.bbox;
  if (b && (b[2] < 0 || b[3] < 0 || implausibleValues(b))) {
    flags |= FLAG.implausible;
    issues.report('implausible box', `${at}: bbox [${b.join(', ')}]`);
  }
  if (implausibleValues(f.joints3d) || implausibleValues(f.joints2d)) {
    flags |= FLAG.implausible;
    issues.report('implausible coordinates', `${at}: a joint beyond ±${IMPLAUSIBLE}`);
  }
  return {
    imageSourceId: String(a.image_id),
    sourceId: String(a.id),
    person: image.people++,
    bbox: a.bbox,
    iscrowd: a.iscrowd === 1,
    space: f.space,
    joints3d: f.joints3d,
    joints2d: f.joints2d,
    vis: f.vis,
    valid: f.valid,
    flags,
    raw: f.raw,
    rawValue: f.rawValue,
    headSize: f.headSize,
  };
}
