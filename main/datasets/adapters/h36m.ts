import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { H36M_17 } from '../../../core';
import { ImageLocator } from '../fileExists';
import { parseJoints, parseVisibility, type JointParse } from '../joints';
import { forEachJsonValue, readJsonFile } from '../json/jsonSplitter';
import { FLAG, type DatasetAdapter, type RecordSink, type Unit } from '../records';
import { bboxSchema, cameraParamsSchema, cameraRecord, describeZodError } from './common';
import { cocoPerson, readCocoLike } from './cocoLike';

const J = H36M_17.joints.length;
const ANNOTATIONS = 'annotations';
const FILE_RE = /^Human36M_subject(\d+)_(data|camera|joint_3d)\.json$/;

const imageSchema = z.looseObject({
  id: z.number().int(),
  file_name: z.string(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  subject: z.number().int(),
  action_name: z.string().optional(),
  action_idx: z.number().int(),
  subaction_idx: z.number().int(),
  cam_idx: z.number().int(),
  frame_idx: z.number().int(),
});

const annotationSchema = z.looseObject({
  id: z.number().int(),
  image_id: z.number().int(),
  bbox: bboxSchema.optional(),
  iscrowd: z.number().int().optional(),
  keypoints_vis: z.array(z.union([z.boolean(), z.number()])).optional(),
});

const annotationFile = (subject: string, kind: string) =>
  join(ANNOTATIONS, `Human36M_subject${subject}_${kind}.json`);

interface ImageInfo {
  readonly frameKey: string;
  readonly missing: boolean;
  people: number;
}

/**
 * Human3.6M in the RootNet/HDNet layout: per subject a COCO-like data file, a camera file
 * (X_cam = R·X_world + t) and world joints keyed action → subaction → frame. One unit per
 * subject; a subject's joints are held in memory while its data file streams past.
 */
export const h36mAdapter: DatasetAdapter = {
  format: 'h36m',
  skeleton: 'h36m17',
  needs:
    "annotations/Human36M_subject*_data.json (RootNet's Human3.6M files, with their camera and joint_3d files)",

  listUnits(root) {
    const dir = join(root, ANNOTATIONS);
    if (!existsSync(dir)) return [];
    const subjects = new Set<string>();
    for (const name of readdirSync(dir)) {
      const m = FILE_RE.exec(name);
      if (m?.[2] === 'data') subjects.add(m[1]!);
    }
    return [...subjects]
      .sort((a, b) => Number(a) - Number(b))
      .map((s): Unit => ({
        key: `S${s}`,
        files: ['data', 'camera', 'joint_3d']
          .map((k) => annotationFile(s, k))
          .filter((f) => existsSync(join(root, f))),
      }));
  },

  readUnit(root, unit, sink, { issues, onBytes }) {
    const subject = unit.key.slice(1);
    const path = (kind: string) => join(root, annotationFile(subject, kind));

    const cameraFile = path('camera');
    const knownCams = new Set<string>();
    if (existsSync(cameraFile)) {
      const original = readJsonFile(cameraFile);
      const cams = z.record(z.string(), cameraParamsSchema).safeParse(original);
      if (!cams.success) throw new Error(`${cameraFile}: ${describeZodError(cams.error)}`);
      for (const [idx, c] of Object.entries(cams.data)) {
        sink.camera({
          ...cameraRecord(`S${subject}/${idx}`, c),
          raw: JSON.stringify((original as Record<string, unknown>)[idx]),
        });
        knownCams.add(idx);
      }
    }

    const jointFile = path('joint_3d');
    // Parsed once per frame: the four cameras' images of a frame share its world joints.
    const world = new Map<string, JointParse>();
    if (existsSync(jointFile)) {
      forEachJsonValue(
        jointFile,
        (p) => (p.length >= 3 ? 'emit' : 'descend'),
        (p, v) => world.set(`${p[0]}/${p[1]}/${p[2]}`, parseJoints(v, J, 3)),
        { onBytes },
      );
    }

    const images = new ImageLocator(root, ['images']);
    const shown = new Set<string>();
    readCocoLike(
      root,
      annotationFile(subject, 'data'),
      sink,
      {
        image: imageSchema,
        annotation: annotationSchema,
        onImage(im, raw, at, rawValue): ImageInfo {
          const cam = String(im.cam_idx);
          if (!knownCams.has(cam)) issues.report('unknown camera', `${at}: cam_idx ${cam}`);
          const { file, missing } = images.locate(im.file_name, issues);
          const action = im.action_name ?? String(im.action_idx);
          sink.image({
            sourceId: String(im.id),
            file,
            width: im.width,
            height: im.height,
            cameraKey: knownCams.has(cam) ? `S${subject}/${cam}` : undefined,
            subject: `S${im.subject}`,
            action,
            sequence: `S${im.subject} ${action} ${im.subaction_idx}`,
            camera: cam,
            frame: im.frame_idx,
            missing,
            raw,
            rawValue,
          });
          const frameKey = `${im.action_idx}/${im.subaction_idx}/${im.frame_idx}`;
          shown.add(frameKey);
          return {
            frameKey,
            missing,
            people: 0,
          };
        },
        onAnnotation(a, image, raw, at, rawValue) {
          let flags = image.missing ? FLAG.missingImage : 0;
          let joints3d: Float64Array | undefined;
          const parsed = world.get(image.frameKey);
          if (parsed === undefined) {
            issues.report('no 3D joints for frame', `${jointFile} ${image.frameKey}`);
            flags |= FLAG.no3d;
          } else {
            joints3d = parsed.data;
            flags |= parsed.flags;
            if (parsed.flags & FLAG.wrongJointCount) {
              issues.report(
                'wrong joint count',
                `${jointFile} ${image.frameKey}: expected ${J} joints × 3`,
              );
            }
            if (parsed.flags & FLAG.nonFinite)
              issues.report('non-finite coordinates', `${jointFile} ${image.frameKey}`);
          }
          sink.instance(
            cocoPerson(
              a,
              image,
              {
                space: 'world',
                joints3d,
                vis: parseVisibility(a.keypoints_vis, J),
                valid: joints3d !== undefined,
                flags,
                raw,
                rawValue,
              },
              issues,
              at,
            ),
          );
        },
      },
      { issues, onBytes },
    );
    keepUnshownFrames(jointFile, annotationFile(subject, 'joint_3d'), world, shown, sink);
  },
};

/**
 * World joints of frames no image shows are not people, but export must write them back:
 * their text is read in a second pass over the joint file, only when there are any.
 */
function keepUnshownFrames(
  file: string,
  relative: string,
  world: ReadonlyMap<string, unknown>,
  shown: ReadonlySet<string>,
  sink: RecordSink,
): void {
  const unshown = new Set([...world.keys()].filter((k) => !shown.has(k)));
  if (unshown.size === 0) return;
  forEachJsonValue(
    file,
    (p) => (p.length < 3 ? 'descend' : unshown.has(p.join('/')) ? 'emit' : 'skip'),
    (p, _value, text) => sink.fileValue(relative, p.join('/'), text),
  );
}
