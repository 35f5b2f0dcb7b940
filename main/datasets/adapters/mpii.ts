import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MPII_16 } from '../../../core';
import { ImageLocator } from '../fileExists';
import { forEachJsonValue } from '../json/jsonSplitter';
import { FLAG, type DatasetAdapter, type IssueLog, type Unit } from '../records';
import { annotationJsonFiles, describeZodError } from './common';
import { cocoPerson } from './cocoLike';
import { MPII_GT_FILE, mpiiGtFileFor, readMpiiHeadSizes } from './mpiiHeadBoxes';

export { MPII_GT_FILE } from './mpiiHeadBoxes';

const J = MPII_16.joints.length;
/** MPII's `scale` is the person's height / 200 px. */
const PIXEL_STD = 200;

const recordSchema = z.looseObject({
  image: z.string(),
  joints: z.array(z.unknown()),
  joints_vis: z.array(z.unknown()),
  center: z.tuple([z.number(), z.number()]),
  scale: z.number(),
});

/**
 * Whether a JSON file is an MPII annotation list, judged from its first 64 KiB: a JSON array
 * whose first record (records hold no nested object, so it ends at the first `}`) has `joints`
 * and `joints_vis`.
 */
function looksLikeMpiiList(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(64 * 1024);
    const head = b.toString('utf8', 0, readSync(fd, b, 0, b.length, 0));
    const m = /^\uFEFF?\s*\[\s*(\{[^}]*)/.exec(head);
    return m !== null && /"joints"\s*:/.test(m[1]!) && /"joints_vis"\s*:/.test(m[1]!);
  } finally {
    closeSync(fd);
  }
}

/** MPII JSON lists in the folder or its annotations/ subfolder (MMPose's data/mpii layout). */
export const findMpiiFiles = (root: string): string[] =>
  annotationJsonFiles(root, (_, file) => looksLikeMpiiList(file));

/**
 * An image's id as MMPose gives it (`int(ann['image'].split('.')[0])`), so COCO-style results
 * MMPose writes for MPII pair by `image_id`; a name that is not a number keeps its name.
 */
function imageId(image: string): string {
  const stem = image.replace(/\.[^.]*$/, '');
  return /^\d+$/.test(stem) ? String(Number(stem)) : image;
}

/**
 * The person box from `center` and `scale` as MMPose's TopDownMpiiDataset crops it (mmpose 0.x
 * datasets/top_down/topdown_mpii_dataset.py `_get_db`): the centre moved down by 15·scale px
 * "to avoid cropping limbs", the 200·scale px square enlarged 1.25×, then 1 subtracted (1-based
 * to 0-based). A record whose centre is −1 (none given) gets the extent of its labelled joints.
 */
function boxOf(
  center: readonly [number, number],
  scale: number,
  joints: Float64Array | undefined,
): [number, number, number, number] | undefined {
  if (center[0] !== -1 && scale > 0) {
    const size = scale * PIXEL_STD * 1.25;
    const [cx, cy] = [center[0] - 1, center[1] + 15 * scale - 1];
    return [cx - size / 2, cy - size / 2, size, size];
  }
  if (!joints) return undefined;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < J; j++)
    if (Number.isFinite(joints[2 * j]) && Number.isFinite(joints[2 * j + 1])) {
      xs.push(joints[2 * j]!);
      ys.push(joints[2 * j + 1]!);
    }
  if (xs.length === 0) return undefined;
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  return [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0];
}

/**
 * A record's `joints` (16 × [x, y]) and `joints_vis` (16 × 0/1) as 0-based pixels and COCO-style
 * visibility: a labelled joint (vis 1) is 2, an unlabelled one (vis 0, written [-1, -1]) missing.
 * Null when the counts are not 16 or a labelled joint is not two numbers.
 */
function parseJoints(
  joints: readonly unknown[],
  vis: readonly unknown[],
): { xy: Float64Array; vis: Uint8Array } | null {
  if (joints.length !== J || vis.length !== J) return null;
  const xy = new Float64Array(J * 2);
  const v = new Uint8Array(J);
  for (let j = 0; j < J; j++) {
    const p = joints[j];
    const labelled = vis[j] === 1 || vis[j] === true;
    const ok =
      Array.isArray(p) &&
      p.length >= 2 &&
      typeof p[0] === 'number' &&
      typeof p[1] === 'number' &&
      Number.isFinite(p[0]) &&
      Number.isFinite(p[1]);
    if (labelled && !ok) return null;
    // The list holds MPII's 1-based Matlab pixels: MMPose subtracts 1 when it reads them
    // (`joints_3d[:, 0:2] = joints[:, 0:2] - 1`) and adds it back before evaluating against
    // mpii_gt_val.mat; PoseScope stores 0-based pixels, and export adds the 1 back.
    xy[2 * j] = labelled ? (p as number[])[0]! - 1 : NaN;
    xy[2 * j + 1] = labelled ? (p as number[])[1]! - 1 : NaN;
    v[j] = labelled ? 2 : 0;
  }
  return { xy, vis: v };
}

/**
 * The head sizes of a list's people, when its unit has an evaluation file holding one per
 * record; otherwise reported once (`no head box`) and undefined.
 */
function headSizesFor(
  root: string,
  unit: Unit,
  file: string,
  issues: IssueLog,
): Float64Array | undefined {
  const gt = unit.files[1];
  if (gt === undefined) return undefined;
  const sizes = readMpiiHeadSizes(root, gt);
  let records = 0;
  // The selector sees each record once, as it starts: counting costs no parse.
  forEachJsonValue(
    file,
    (p) => {
      if (p.length === 1) records++;
      return p.length === 0 ? 'descend' : 'skip';
    },
    () => undefined,
  );
  if (records === sizes.length) return sizes;
  issues.report(
    'no head box',
    `${unit.key}: ${gt} holds ${sizes.length} head boxes and the list ${records} records, so they cannot be paired (it pairs with mpii_val.json): PCKh scores none of this list's people`,
  );
  return undefined;
}

/**
 * MPII Human Pose as the JSON list MMPose and HRNet read (`mpii_train.json`, `mpii_val.json`: an
 * array of `{image, joints: 16 × [x, y], joints_vis: 16 × 0/1, center: [x, y], scale}`; mmpose
 * datasets/datasets/body/mpii_dataset.py `_load_annotations`), in the folder or `annotations/`
 * with the images in `images/` (MMPose's `data/mpii/annotations/` + `data/mpii/images/`). One
 * unit per list; each record is one person (id: its position in the list), people of the same
 * image grouped by `image`. Joints in MPII's joint-id order, which `mpii16` follows. PCKh's head
 * boxes come from `mpii_gt_val.mat` (beside the list or in `annotations/`, MATLAB v5:
 * `headboxes_src`), person k of the file for record k of a list with as many records, as
 * MMPose pairs them with `mpii_val.json`; a list of another length gets none, said once.
 */
export const mpiiAdapter: DatasetAdapter = {
  format: 'mpii',
  skeleton: 'mpii16',
  needs:
    'an MPII JSON list (a JSON array of {image, joints, joints_vis, center, scale}, as mpii_val.json) in the folder or annotations/',

  listUnits(root) {
    return findMpiiFiles(root).map((f): Unit => {
      const gt = mpiiGtFileFor(root, f);
      return { key: f, files: gt ? [f, gt] : [f] };
    });
  },

  note(_root, units) {
    if (units.some((u) => u.files.length > 1)) return null;
    return (
      `PCKh needs each person's head box, which MPII keeps in ${MPII_GT_FILE} (headboxes_src), not in this folder: ` +
      'the pckh protocol reports no head size (records carrying head_box [x1, y1, x2, y2] or head_size are scored)'
    );
  },

  readUnit(root, unit, sink, { issues, onBytes }) {
    const file = join(root, unit.key);
    const heads = headSizesFor(root, unit, file, issues);
    const images = new ImageLocator(root, ['images', '']);
    const seen = new Map<string, { people: number; missing: boolean }>();
    let records = 0;
    let people = 0;
    let first: string | undefined;
    const report = (kind: Parameters<typeof issues.report>[0], where: string) => {
      first ??= `${kind}: ${where}`;
      issues.report(kind, where);
    };
    forEachJsonValue(
      file,
      (p) => (p.length === 0 ? 'descend' : 'emit'),
      (p, value, text) => {
        if (!/^\d+$/.test(p[0]!))
          throw new Error(
            `${file}: expected a JSON array of MPII records, found an object (key "${p[0]}")`,
          );
        const at = `${file} [${p[0]}]`;
        records++;
        const r = recordSchema.safeParse(value);
        if (!r.success) return report('invalid record', `${at}: ${describeZodError(r.error)}`);
        const a = r.data;
        const id = imageId(a.image);
        let image = seen.get(id);
        if (!image) {
          const { file: located, missing } = images.locate(a.image, issues);
          sink.image({ sourceId: id, file: located, missing, raw: null });
          image = { people: 0, missing };
          seen.set(id, image);
        }
        const parsed = parseJoints(a.joints, a.joints_vis);
        if (!parsed)
          report(
            'wrong joint count',
            `${at}: ${a.joints.length} joints and ${a.joints_vis.length} joints_vis, expected ${J} × [x, y] and ${J} × 0/1 (${MPII_16.label})`,
          );
        else people++;
        sink.instance(
          cocoPerson(
            { id: p[0]!, image_id: id, bbox: boxOf(a.center, a.scale, parsed?.xy) },
            image,
            {
              joints2d: parsed?.xy,
              vis: parsed?.vis,
              valid: parsed !== null,
              flags: (parsed ? 0 : FLAG.wrongJointCount) | (image.missing ? FLAG.missingImage : 0),
              raw: text,
              rawValue: value,
              headSize: heads?.[Number(p[0])],
            },
            issues,
            at,
          ),
        );
      },
      { onBytes },
    );
    if (records > 0 && people === 0)
      throw new Error(
        `${unit.key}: none of its ${records} records gave a person with joints (first: ${first ?? 'none'})`,
      );
  },
};
