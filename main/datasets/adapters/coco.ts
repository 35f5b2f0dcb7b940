import { closeSync, existsSync, openSync, readSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { COCO_17 } from '../../../core';
import { ImageLocator } from '../fileExists';
import { parseCocoKeypoints } from '../joints';
import { FLAG, type DatasetAdapter, type Unit } from '../records';
import { bboxSchema } from './common';
import { cocoPerson, readCocoLike } from './cocoLike';

const J = COCO_17.joints.length;

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

/** Whether a JSON file looks like COCO person keypoints, judged from its first 256 KiB. */
function looksLikeCocoKeypoints(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(256 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.toString('utf8', 0, n);
    return /"images"\s*:/.test(text) && /"(num_keypoints|keypoints)"\s*:/.test(text);
  } finally {
    closeSync(fd);
  }
}

/** COCO annotation files in the folder or its annotations/ subfolder. */
export function findCocoFiles(root: string): string[] {
  const found: string[] = [];
  for (const dir of ['', 'annotations']) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (!name.endsWith('.json')) continue;
      const rel = dir ? join(dir, name) : name;
      if (/^person_keypoints_.*\.json$/.test(name) || looksLikeCocoKeypoints(join(root, rel)))
        found.push(rel);
    }
  }
  return found;
}

/** Where COCO keeps the images of a split (`person_keypoints_val2017.json` → val2017). */
function imageFolders(annotationFile: string): string[] {
  const split = /^person_keypoints_(.+)\.json$/.exec(basename(annotationFile))?.[1];
  return split ? [join('images', split), split, 'images', ''] : ['images', ''];
}

/** COCO person keypoints (2D only): one unit per annotation file. */
export const cocoAdapter: DatasetAdapter = {
  format: 'coco',
  skeleton: 'coco17',

  listUnits(root) {
    return findCocoFiles(root).map((f): Unit => ({ key: f, files: [f] }));
  },

  readUnit(root, unit, sink, ctx) {
    const images = new ImageLocator(root, imageFolders(unit.key));
    readCocoLike(
      root,
      unit.key,
      sink,
      {
        image: imageSchema,
        annotation: annotationSchema,
        onImage(im, raw) {
          const { file, missing } = images.locate(im.file_name, ctx.issues);
          sink.image({
            sourceId: String(im.id),
            file,
            width: im.width,
            height: im.height,
            missing,
            raw,
          });
          return { missing, people: 0 };
        },
        onAnnotation(a, image, raw, at) {
          const kp = a.keypoints ? parseCocoKeypoints(a.keypoints, J) : { flags: 0 };
          if (kp.flags & FLAG.wrongJointCount) {
            ctx.issues.report(
              'wrong joint count',
              `${at}: ${a.keypoints?.length ?? 0} keypoint values, expected ${J}×3`,
            );
          }
          if (kp.flags & FLAG.nonFinite) ctx.issues.report('non-finite coordinates', at);
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
              },
              ctx.issues,
              at,
            ),
          );
        },
      },
      ctx,
    );
  },
};
