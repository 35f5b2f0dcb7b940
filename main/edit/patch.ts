import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { datasetFormat, editTool, reviewStatus } from '../../contract/schemas';
import { CHANNEL_NAMES, type EditRecord } from '../../core';
import { describeZodError } from '../datasets/adapters/common';
import type { DatasetFormat } from '../datasets/records';
import { writeAtomically } from '../platform/atomicFile';
import type { IndexDb } from '../store/db/openIndex';
import { appliedEdits } from '../store/edits/patchLog';
import { reviewedImages } from '../store/edits/review';

/** The version of the patch layout below; readers refuse versions they do not know. */
export const PATCH_VERSION = 1;

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const vec2 = z.tuple([z.number(), z.number()]);
const jointIndex = z.number().int().nonnegative();

/** Changed joints of a channel as [joint, value] pairs (null value: missing; null list: no channel). */
const channelChange = <V extends z.ZodType>(v: V) =>
  z.array(z.tuple([jointIndex, v.nullable()])).nullable();

const jointValues = z.strictObject({
  joints3d: channelChange(vec3),
  joints2d: channelChange(vec2),
  vis: channelChange(z.tuple([z.number().int().min(0).max(2)])).optional(),
  bbox: channelChange(z.tuple([z.number(), z.number(), z.number(), z.number()])).optional(),
  present: channelChange(z.tuple([z.number().int().min(0).max(1)])).optional(),
});

const joints = (c: readonly (readonly [number, unknown])[] | null) => c?.map(([j]) => j).join();

/**
 * One applied correction, keyed by the dataset's own ids (not index row ids, which another
 * machine's index does not share). Values as core's EditRecord: camera space mm and pixels,
 * only the joints the edit changed.
 */
export const patchEdit = z
  .strictObject({
    /** The image's id in the dataset's files (COCO image id, MuPoTS-3D / Human3.6M image id). */
    image: z.string().min(1),
    /** The person's annotation id in the dataset's files. */
    person: z.string().min(1),
    tool: editTool,
    joint: jointIndex.nullable(),
    before: jointValues,
    after: jointValues,
    annotator: z.string(),
    at: z.string().min(1),
  })
  .superRefine((e, ctx) => {
    for (const ch of CHANNEL_NAMES) {
      const [b, a] = [e.before[ch], e.after[ch]];
      if (b && a && joints(b) !== joints(a))
        ctx.addIssue({
          code: 'custom',
          path: ['after', ch],
          message: `before and after must list the same joints (${joints(b)} vs ${joints(a)})`,
        });
    }
  });

export const correctionsPatch = z.strictObject({
  posescope_patch: z.literal(PATCH_VERSION),
  format: datasetFormat,
  skeleton: z.string().min(1),
  /** The folder the corrections were made on (for people reading the file; not checked). */
  dataset: z.string().optional(),
  created_at: z.string(),
  /** Applied corrections in the order they were made. */
  edits: z.array(patchEdit),
  /** Frames' review status (all but 'unreviewed'), by image id, with who set it and when. */
  reviews: z
    .array(
      z.strictObject({
        image: z.string().min(1),
        status: reviewStatus,
        by: z.string(),
        at: z.string().min(1),
      }),
    )
    .optional(),
});

export type PatchEdit = z.infer<typeof patchEdit>;

/** Whether an entry adds a person (their presence goes from 0 to 1). */
export const addsPerson = (e: PatchEdit): boolean => e.after.present?.[0]?.[1]?.[0] === 1;
export type CorrectionsPatch = z.infer<typeof correctionsPatch>;

export interface PatchDataset {
  readonly id: number;
  readonly root: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

/** A patch entry as core's edit record of the person it names in this index. */
export const patchRecord = (e: PatchEdit, instanceId: number): EditRecord => ({
  instanceId,
  joint: e.joint,
  tool: e.tool,
  before: e.before,
  after: e.after,
});

/**
 * The dataset's corrections as a patch: every applied edit of the log in the order made, with
 * its annotator and time. Undone and discarded edits are left out, so applying the patch to the
 * files' labels gives exactly the labels the index holds now.
 */
export function buildPatch(db: IndexDb, ds: PatchDataset): CorrectionsPatch {
  const rows = appliedEdits(db, ds.id);
  return {
    posescope_patch: PATCH_VERSION,
    format: ds.format,
    skeleton: ds.skeleton,
    dataset: ds.root,
    created_at: new Date().toISOString(),
    edits: rows.map((r) => ({
      image: r.image,
      person: r.person,
      tool: r.tool,
      joint: r.joint,
      before: JSON.parse(r.before) as PatchEdit['before'],
      after: JSON.parse(r.after) as PatchEdit['after'],
      annotator: r.annotator,
      at: r.at,
    })),
    reviews: reviewedImages(db, ds.id).map((r) => ({
      image: r.image,
      status: r.status,
      by: r.by ?? '',
      at: r.at ?? new Date(0).toISOString(),
    })),
  };
}

/** Reads and validates a patch file; errors name the file and the entry at fault. */
export function readPatch(file: string): CorrectionsPatch {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a readable JSON file (${(err as Error).message})`, {
      cause: err,
    });
  }
  const r = correctionsPatch.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const entry =
      first?.path[0] === 'edits' && typeof first.path[1] === 'number'
        ? ` (edit ${first.path[1]}: person ${describeEntry(value, first.path[1])})`
        : '';
    throw new Error(
      `${file}: not a PoseScope corrections patch${entry}: ${describeZodError(r.error)}`,
    );
  }
  return r.data;
}

/** The image and person an invalid entry names, when it names them at all. */
function describeEntry(value: unknown, index: number): string {
  const e = (value as { edits?: { image?: unknown; person?: unknown }[] }).edits?.[index];
  return `${JSON.stringify(e?.person ?? '?')} of image ${JSON.stringify(e?.image ?? '?')}`;
}

/** Writes a patch atomically: the header, then one edit per line, so patches diff well. */
export function writePatch(file: string, patch: CorrectionsPatch): number {
  const { edits, ...header } = correctionsPatch.parse(patch);
  return writeAtomically(file, (out) => {
    const head = JSON.stringify(header, null, 2);
    out.write(`${head.slice(0, -2)},\n  "edits": [`);
    edits.forEach((e, i) => out.write(`${i === 0 ? '' : ','}\n    ${JSON.stringify(e)}`));
    out.write(edits.length > 0 ? '\n  ]\n}\n' : ']\n}\n');
  });
}
