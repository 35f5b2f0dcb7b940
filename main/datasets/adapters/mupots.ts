import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MUPOTS_17 } from '../../../core';
import { ImageLocator } from '../fileExists';
import { parseJoints, parseVisibility } from '../joints';
import { FLAG, type DatasetAdapter } from '../records';
import { bboxSchema } from './common';
import { cocoPerson, readCocoLike } from './cocoLike';
import { RIG_FILE, readRig } from './rigFile';

const J = MUPOTS_17.joints.length;
export const MUPOTS_FILE = 'MuPoTS-3D.json';
export const MUPOTS_IMAGES = 'MultiPersonTestSet';

const imageSchema = z.looseObject({
  id: z.number().int(),
  file_name: z.string(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  intrinsic: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  frame_idx: z.number().int().optional(),
});

const annotationSchema = z.looseObject({
  id: z.number().int(),
  image_id: z.number().int(),
  keypoints_cam: z.unknown(),
  keypoints_img: z.unknown(),
  keypoints_vis: z.array(z.union([z.boolean(), z.number()])).optional(),
  bbox: bboxSchema.optional(),
  is_valid: z.union([z.boolean(), z.number()]).optional(),
  iscrowd: z.number().int().optional(),
});

/**
 * MuPoTS-3D in RootNet's layout: one COCO-like file whose images carry intrinsics
 * [fx, fy, cx, cy] and whose annotations carry camera-space joints (mm) and their projections.
 * Several people per image; a sequence is the first folder of the image path (TS1 … TS20).
 * A rig file beside it (rigFile.ts) makes sequences the cameras of one scene: their cameras take
 * its extrinsics and distortion, and frames with the same index are views of one moment.
 */
export const mupotsAdapter: DatasetAdapter = {
  format: 'mupots',
  skeleton: 'mupots17',
  needs: `${MUPOTS_FILE} (RootNet's MuPoTS-3D annotation file) at the top of the folder`,

  listUnits(root) {
    if (!existsSync(join(root, MUPOTS_FILE))) return [];
    // The rig is part of the unit: adding, changing or removing it re-reads the cameras.
    const rig = existsSync(join(root, RIG_FILE)) ? [RIG_FILE] : [];
    return [{ key: MUPOTS_FILE, files: [MUPOTS_FILE, ...rig] }];
  },

  readUnit(root, unit, sink, ctx) {
    const images = new ImageLocator(root, [MUPOTS_IMAGES]);
    const cameras = new Set<string>();
    const rig = readRig(root);
    const rigged = new Set<string>();
    readCocoLike(
      root,
      unit.key,
      sink,
      {
        image: imageSchema,
        annotation: annotationSchema,
        onImage(im, raw, _at, rawValue) {
          const [fx, fy, cx, cy] = im.intrinsic;
          const sequence = im.file_name.split('/')[0] ?? '';
          const cameraKey = `${sequence}:${fx},${fy},${cx},${cy}`;
          const placed = rig?.get(sequence);
          if (!cameras.has(cameraKey)) {
            cameras.add(cameraKey);
            const { scene: _, ...pose } = placed ?? {};
            sink.camera({ key: cameraKey, f: [fx, fy], c: [cx, cy], ...pose });
          }
          if (placed) rigged.add(sequence);
          const { file, missing } = images.locate(im.file_name, ctx.issues);
          const frame = im.frame_idx ?? Number(/(\d+)\.\w+$/.exec(im.file_name)?.[1] ?? NaN);
          sink.image({
            sourceId: String(im.id),
            file,
            width: im.width,
            height: im.height,
            cameraKey,
            sequence,
            frame: Number.isFinite(frame) ? frame : undefined,
            scene: placed?.scene,
            missing,
            raw,
            rawValue,
          });
          return { missing, people: 0 };
        },
        onAnnotation(a, image, raw, at, rawValue) {
          const cam = parseJoints(a.keypoints_cam, J, 3);
          const img = parseJoints(a.keypoints_img, J, 2);
          const flags = cam.flags | img.flags | (image.missing ? FLAG.missingImage : 0);
          if (flags & FLAG.wrongJointCount)
            ctx.issues.report('wrong joint count', `${at}: expected ${J} joints`);
          if (flags & FLAG.nonFinite) ctx.issues.report('non-finite coordinates', at);
          sink.instance(
            cocoPerson(
              a,
              image,
              {
                space: 'camera',
                joints3d: cam.data,
                joints2d: img.data,
                vis: parseVisibility(a.keypoints_vis, J),
                valid: cam.data !== undefined && a.is_valid !== false && a.is_valid !== 0,
                flags: cam.data ? flags : flags | FLAG.no3d,
                raw,
                rawValue,
              },
              ctx.issues,
              at,
            ),
          );
        },
      },
      ctx,
    );
    for (const sequence of rig?.keys() ?? [])
      if (!rigged.has(sequence))
        ctx.issues.report('unknown camera', `${RIG_FILE}: no images of sequence ${sequence}`);
  },
};
