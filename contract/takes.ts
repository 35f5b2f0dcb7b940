import { z } from 'zod';

/** A take: the frames of one sequence seen by one camera, in frame order. */
export const take = z.object({
  key: z.string(),
  sequence: z.string(),
  camera: z.string().nullable(),
  subject: z.string().nullable(),
  action: z.string().nullable(),
  frames: z.number(),
  first: z.number().nullable(),
  last: z.number().nullable(),
  /** Frames per second of the video, null where neither the data nor the layout says. */
  fps: z.number().nullable(),
});

const series = z.array(z.number().nullable());

/**
 * The take a frame belongs to, its frames in order, and a run's per-frame figures along it. Frames
 * carry no file names: a 5,000-frame take's names were most of its 700 KB, fetched on each change
 * of take, and the inspector names the frame it shows from the frame itself.
 */
export const takeTimeline = z.object({
  take,
  frames: z.array(
    z.object({
      imageId: z.number(),
      frame: z.number().nullable(),
      /** Consecutive frames' slots differ by 1; a frame missing from the index leaves a gap. */
      slot: z.number(),
    }),
  ),
  /** The run the series are of; null without one. */
  runId: z.number().nullable(),
  /** Per frame (aligned with `frames`): the worst person's value in the run, null where none. */
  series: z.object({
    mpjpe: series,
    mrpe: series,
    oks: series,
    /** The asked joint's largest error over the frame's people (mm on 3D sets, px on 2D). */
    joint: series.nullable(),
    /** People of the frame the run missed. */
    missed: series.default([]),
  }),
  /** Per frame: a person's label is flagged (a problem the indexer found in it). */
  flagged: z.array(z.boolean()).default([]),
});

export type Take = z.infer<typeof take>;
export type TakeTimeline = z.infer<typeof takeTimeline>;
