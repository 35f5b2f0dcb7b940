import { z } from 'zod';
import { editOutcome, frame, vec2, vec3 } from './schemas';

const id = z.number().int().nonnegative();

/**
 * A calibrated camera as the views grid projects through it: X_cam = R·X_world + t (mm), then
 * perspective division, OpenCV's Brown–Conrady distortion (k1, k2, k3; p1, p2) and f, c (px).
 */
export const viewCamera = z.object({
  f: vec2,
  c: vec2,
  k: vec3.optional(),
  p: vec2.optional(),
  R: z.tuple([vec3, vec3, vec3]),
  t: vec3,
});

/** One camera's image of a moment: the frame as the inspector reads it, and its camera. */
export const momentView = z.object({
  /** The camera's name (Human3.6M's camera id, Panoptic's "00_16", a rig's sequence). */
  label: z.string(),
  camera: viewCamera,
  frame,
});

/**
 * The views of one moment: every image of the scene with the same frame index whose camera is
 * calibrated (extrinsics known), in natural order of their names. People are matched across
 * views by their person index (`personLabel.person`), the identity the layouts keep per frame.
 */
export const moment = z.object({
  scene: z.string(),
  frame: z.number(),
  /** The image the moment was asked from. */
  imageId: id,
  views: z.array(momentView),
});

/** A joint placed in views of one moment, to be triangulated and written as one edit. */
export const viewsCorrection = z.object({
  datasetId: id,
  /** The image the correction was made from (a view of the moment). */
  imageId: id,
  /** The person index, as the views share it. */
  person: z.number().int().nonnegative(),
  joint: z.number().int().nonnegative(),
  /** Where the joint is seen, per view (pixels as the image stores them, distortion included). */
  placed: z.array(z.object({ imageId: id, pixel: vec2 })).min(2),
  /** Per person (instance id) the version the correction was made from; a changed one refuses. */
  versions: z.array(z.object({ instanceId: id, version: z.number().int() })).default([]),
});

export const triangulated = z.object({
  /** World point (mm). */
  point: vec3,
  /** Per placed view, in the order asked: observation − projection (px). */
  residuals: z.array(z.number()),
  rms: z.number(),
});

export const viewsCorrectionOutcome = editOutcome.extend({ triangulated });

export type ViewCamera = z.infer<typeof viewCamera>;
export type MomentView = z.infer<typeof momentView>;
export type Moment = z.infer<typeof moment>;
export type ViewsCorrection = z.infer<typeof viewsCorrection>;
export type Triangulated = z.infer<typeof triangulated>;
