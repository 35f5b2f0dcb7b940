import type { z } from 'zod';
import { forEachJsonValue, type JsonPath } from '../json/jsonSplitter';
import type { ReadContext } from '../records';
import { describeZodError } from './common';

/** COCO-like files: walk into `images` and `annotations`, emit each record, skip the rest. */
export const cocoLikeRecords = (p: JsonPath) =>
  p.length === 0
    ? 'descend'
    : p[0] === 'images' || p[0] === 'annotations'
      ? p.length === 1
        ? 'descend'
        : 'emit'
      : 'skip';

type Id = string | number;

/** Images are keyed by `id`, annotations point at them by `image_id`, as in COCO. */
export interface CocoLikeSpec<I extends { id: Id }, A extends { image_id: Id }, Info> {
  readonly image: z.ZodType<I>;
  readonly annotation: z.ZodType<A>;
  /** Handles a valid image record; what it returns is handed to that image's annotations. */
  readonly onImage: (im: I, raw: unknown, at: string) => Info;
  readonly onAnnotation: (a: A, image: Info, raw: unknown, at: string) => void;
}

/**
 * Streams the images and annotations of a COCO-like file (COCO, Human3.6M data files,
 * MuPoTS-3D), validating each record with its schema. Invalid records and annotations of
 * unknown images are reported with their file and array position and skipped.
 */
export function readCocoLike<I extends { id: Id }, A extends { image_id: Id }, Info>(
  file: string,
  spec: CocoLikeSpec<I, A, Info>,
  { issues, onBytes }: ReadContext,
): void {
  const images = new Map<string, Info>();
  forEachJsonValue(
    file,
    cocoLikeRecords,
    (p, value) => {
      const at = `${file} ${p[0]}[${p[1]}]`;
      const isImage = p[0] === 'images';
      const r = (isImage ? spec.image : spec.annotation).safeParse(value);
      if (!r.success) return issues.report('invalid record', `${at}: ${describeZodError(r.error)}`);
      if (isImage) {
        const im = r.data as I;
        images.set(String(im.id), spec.onImage(im, value, at));
        return;
      }
      const a = r.data as A;
      const imageId = a.image_id;
      const image = images.get(String(imageId));
      if (image === undefined)
        return issues.report('annotation for unknown image', `${at}: image_id ${imageId}`);
      spec.onAnnotation(a, image, value, at);
    },
    { onBytes },
  );
}

/**
 * The fields every COCO-like annotation gives a person; numbers people within their image in
 * file order.
 */
export function cocoPerson(
  a: { id: Id; image_id: Id; bbox?: readonly [number, number, number, number]; iscrowd?: number },
  image: { people: number },
) {
  return {
    imageSourceId: String(a.image_id),
    sourceId: String(a.id),
    person: image.people++,
    bbox: a.bbox,
    iscrowd: a.iscrowd === 1,
  };
}
