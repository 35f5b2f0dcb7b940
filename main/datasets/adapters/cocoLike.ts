import type { z } from 'zod';
import { forEachJsonValue, type JsonPath } from '../json/jsonSplitter';
import { join } from 'node:path';
import type { InstanceRecord, ReadContext, RecordSink } from '../records';
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
export interface CocoLikeSpec<I extends { id: Id }, A extends { image_id: Id }, Info> {
  readonly image: z.ZodType<I>;
  readonly annotation: z.ZodType<A>;
  /** Handles a valid image record; what it returns is handed to that image's annotations. */
  readonly onImage: (im: I, raw: string, at: string) => Info;
  readonly onAnnotation: (a: A, image: Info, raw: string, at: string) => void;
}

/**
 * Streams the images and annotations of a COCO-like file (COCO, Human3.6M data files,
 * MuPoTS-3D), validating each record with its schema. Invalid records and annotations of
 * unknown images are reported with their file and array position and skipped; other top-level
 * values (`info`, `licenses`, `categories`, …) go to the sink as file values, so export can
 * write them back. `file` is relative to `root`.
 */
export function readCocoLike<I extends { id: Id }, A extends { image_id: Id }, Info>(
  root: string,
  relative: string,
  sink: RecordSink,
  spec: CocoLikeSpec<I, A, Info>,
  { issues, onBytes }: ReadContext,
): void {
  const file = join(root, relative);
  const images = new Map<string, Info>();
  forEachJsonValue(
    file,
    cocoLikeRecords,
    (p, value, text) => {
      if (p.length === 1) return sink.fileValue(relative, p[0]!, text);
      const at = `${file} ${p[0]}[${p[1]}]`;
      const isImage = p[0] === 'images';
      const r = (isImage ? spec.image : spec.annotation).safeParse(value);
      if (!r.success) return issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
      if (isImage) {
        const im = r.data as I;
        images.set(String(im.id), spec.onImage(im, text, at));
        return;
      }
      const a = r.data as A;
      const imageId = a.image_id;
      const image = images.get(String(imageId));
      if (image === undefined)
        return issues.report('annotation for unknown image', `${at}: image_id ${imageId}`);
      spec.onAnnotation(a, image, text, at);
    },
    { onBytes },
  );
}

type PersonFields = Omit<
  InstanceRecord,
  'imageSourceId' | 'sourceId' | 'person' | 'bbox' | 'iscrowd'
>;

/**
 * A person from a COCO-like annotation plus what the format adds; numbers people within their
 * image in file order. One object literal with every field, not a spread: spreading made
 * V8 build each record in its slow path, a tenth of indexing time.
 */
export function cocoPerson(
  a: { id: Id; image_id: Id; bbox?: readonly [number, number, number, number]; iscrowd?: number },
  image: { people: number },
  f: PersonFields,
): InstanceRecord {
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
    flags: f.flags,
    raw: f.raw,
  };
}
