import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { COCO_17 } from '../../../core';
import { ImageLocator } from '../fileExists';
import { parseCocoKeypoints } from '../joints';
import { FLAG, type DatasetAdapter, type IssueKind, type IssueLog, type Unit } from '../records';
import { annotationJsonFiles, bboxSchema } from './common';
import { cocoPerson, readCocoLike } from './cocoLike';
import { WHOLEBODY_PARTS, readCocoLayout, type CocoLayout } from './cocoLayout';

const imageSchema = z.looseObject({
  id: z.union([z.number().int(), z.string()]),
  file_name: z.string(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});

const annotationSchema = z.looseObject({
  id: z.union([z.number().int(), z.string()]),
  image_id: z.union([z.number().int(), z.string()]),
  keypoints: z.array(z.union([z.number(), z.null()])).optional(),
  bbox: bboxSchema.optional(),
  iscrowd: z.number().int().optional(),
});

/**
 * Whether a JSON file looks like COCO-style keypoints (COCO, CrowdPose, Halpe, COCO-WholeBody,
 * OCHuman…), judged from its first and last 256 KiB: an `images` or `annotations` key and a
 * `keypoints` or `num_keypoints` key. A file of CrowdPose's size keeps `images` at the start and
 * its keypoints past the first 256 KiB; prediction lists (`[{"image_id", "keypoints"}]`) have
 * neither top-level key.
 */
function looksLikeCocoKeypoints(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const piece = (start: number) => {
      const b = Buffer.alloc(256 * 1024);
      const n = readSync(fd, b, 0, b.length, start);
      return b.toString('utf8', 0, n);
    };
    const text = size <= 512 * 1024 ? piece(0) : piece(0) + piece(size - 256 * 1024);
    return /"(images|annotations)"\s*:/.test(text) && /"(num_keypoints|keypoints)"\s*:/.test(text);
  } finally {
    closeSync(fd);
  }
}

/** COCO annotation files in the folder or its annotations/ subfolder. */
export const findCocoFiles = (root: string): string[] =>
  annotationJsonFiles(
    root,
    (name, file) => /^person_keypoints_.*\.json$/.test(name) || looksLikeCocoKeypoints(file),
  );

/** Where COCO keeps the images of a split (`person_keypoints_val2017.json` → val2017). */
function imageFolders(annotationFile: string): string[] {
  const split = /^person_keypoints_(.+)\.json$/.exec(basename(annotationFile))?.[1];
  return split ? [join('images', split), split, 'images', ''] : ['images', ''];
}

/** The problems reported while reading one unit: how many, and the first. */
class FirstIssue implements IssueLog {
  count = 0;
  first: string | undefined;
  constructor(private readonly inner: IssueLog) {}
  report(kind: IssueKind, where: string): void {
    this.count++;
    this.first ??= `${kind}: ${where}`;
    this.inner.report(kind, where);
  }
}

/** An annotation's keypoints in the layout's joint order: COCO-WholeBody's parts concatenated. */
function keypointsOf(a: Record<string, unknown>, layout: CocoLayout): unknown {
  if (!layout.wholeBodyParts || (Array.isArray(a.keypoints) && a.keypoints.length === 133 * 3))
    return a.keypoints;
  const out: unknown[] = Array.isArray(a.keypoints) ? [...(a.keypoints as unknown[])] : [];
  for (const [field, joints] of WHOLEBODY_PARTS) {
    const part = a[field];
    // A part the annotation leaves out is unlabelled (COCO-WholeBody writes zeros for those).
    out.push(
      ...(Array.isArray(part) ? (part as unknown[]) : new Array<number>(joints * 3).fill(0)),
    );
  }
  return out;
}

/** How an annotation's keypoint values are laid out, for the wrong-count message. */
const expected = (layout: CocoLayout) =>
  `expected ${layout.skeleton.joints.length}×3 (${layout.skeleton.label}` +
  (layout.wholeBodyParts
    ? ': keypoints, foot_kpts, face_kpts, lefthand_kpts, righthand_kpts'
    : '') +
  (layout.assumed ? ', assumed: the file names no keypoints' : '') +
  ')';

/**
 * COCO-style person keypoints (2D only): one unit per annotation file, in the layout its
 * keypoint category names (COCO-17, CrowdPose-14, MPII-16, Halpe-26, COCO-WholeBody-133, …).
 */
export const cocoAdapter: DatasetAdapter = {
  format: 'coco',
  skeleton: 'coco17',
  needs:
    'a COCO-style keypoint JSON (person_keypoints_*.json, or a JSON with "images"/"annotations" and "keypoints") in the folder or annotations/',

  listUnits(root) {
    return findCocoFiles(root).map((f): Unit => ({ key: f, files: [f] }));
  },

  skeletonOf(root, units) {
    const layouts = units.map((u) => ({ unit: u.key, layout: readCocoLayout(root, u.key) }));
    const ids = new Map<string, string[]>();
    for (const { unit, layout } of layouts)
      ids.set(layout.skeleton.id, [...(ids.get(layout.skeleton.id) ?? []), unit]);
    if (ids.size > 1) {
      throw new Error(
        `${root} holds keypoint files of different layouts (${[...ids]
          .map(([id, files]) => `${id}: ${files.join(', ')}`)
          .join('; ')}): index each layout from its own folder`,
      );
    }
    return layouts[0]?.layout.skeleton ?? COCO_17;
  },

  readUnit(root, unit, sink, ctx) {
    const layout = readCocoLayout(root, unit.key);
    const J = layout.skeleton.joints.length;
    const images = new ImageLocator(root, imageFolders(unit.key));
    const issues = new FirstIssue(ctx.issues);
    let people = 0;
    const annotations = readCocoLike(
      root,
      unit.key,
      sink,
      {
        image: imageSchema,
        annotation: annotationSchema,
        onImage(im, raw, _at, rawValue) {
          const { file, missing } = images.locate(im.file_name, ctx.issues);
          sink.image({
            sourceId: String(im.id),
            file,
            width: im.width,
            height: im.height,
            missing,
            raw,
            rawValue,
          });
          return { missing, people: 0 };
        },
        onAnnotation(a, image, raw, at, rawValue) {
          const values = a.keypoints ? keypointsOf(a, layout) : undefined;
          const kp = values ? parseCocoKeypoints(values, J) : { flags: 0 };
          if (kp.flags & FLAG.wrongJointCount) {
            issues.report(
              'wrong joint count',
              `${at}: ${Array.isArray(values) ? values.length : 0} keypoint values, ${expected(layout)}`,
            );
          }
          if (kp.flags & FLAG.nonFinite) issues.report('non-finite coordinates', at);
          if ('xy' in kp) people++;
          sink.instance(
            cocoPerson(
              a,
              image,
              {
                joints2d: 'xy' in kp ? kp.xy : undefined,
                vis: 'vis' in kp ? kp.vis : undefined,
                valid: 'xy' in kp && a.iscrowd !== 1,
                flags: kp.flags | (image.missing ? FLAG.missingImage : 0),
                raw,
                rawValue,
              },
              issues,
              at,
            ),
          );
        },
      },
      { ...ctx, issues },
    );
    if (annotations > 0 && people === 0) {
      throw new Error(
        `${unit.key}: none of its ${annotations} annotations gave a person with keypoints ` +
          `(${issues.count} problem${issues.count === 1 ? '' : 's'}, first: ${issues.first ?? 'no keypoints in any annotation'})`,
      );
    }
  },
};
